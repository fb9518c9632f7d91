"""Gold readers: the seed gold JSON and BRAT/PolNeAR folders (our fixtures, then the corpus)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, require_corpus
from parley.errors import InputError
from parley.eval.gold import (
    list_brat,
    parse_ann,
    quotation,
    read_brat,
    read_metadata,
    read_seed_gold,
)

EVAL = FIXTURES / "eval"
BRAT_DEV = EVAL / "polnear" / "dev"


# -- quotation marks ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, part, expected",
    [
        ("He said “we will win.” Then left.", "“we will win.”", "quoted"),
        ("He said “we will win.” Then left.", "we will win.", "quoted"),  # marks outside
        ("He said “we will win”, then left.", "we will win", "quoted"),
        ("She called it ‘useful’ today.", "useful", "quoted"),
        ('He said "no" twice.', '"no"', "quoted"),
        ("He said the plan was “bad” for all.", "the plan was “bad” for all", "partial"),
        ("He said “we will win, and left.", "“we will win", "partial"),
        ("He said Clinton’s plan is weak.", "Clinton’s plan is weak", "none"),
        ("He said the plan is weak.", "the plan is weak", "none"),
    ],
)
def test_quotation(text, part, expected):
    start = text.index(part)
    assert quotation(text, ((start, start + len(part)),)) == expected


# -- BRAT ---------------------------------------------------------------------------------


def test_list_brat_takes_the_first_annotator_and_skips_unannotated_texts():
    docs = list_brat(BRAT_DEV)
    assert [(d.doc_id, d.ann_path.name, d.annotators) for d in docs] == [
        ("council-budget", "council-budget_c3.ann", 1),
        ("harbour-talks", "harbour-talks_a1.ann", 2),
    ]
    assert [d.doc_id for d in list_brat(BRAT_DEV, limit=1)] == ["council-budget"]


def test_read_brat_quotes_speakers_cues_and_discontinuous_content():
    docs = {d.doc_id: d for d in read_brat(BRAT_DEV)}
    harbour = docs["harbour-talks"]
    got = [
        (
            q.content.text,
            q.content.ranges(),
            q.speaker.name,
            q.cue.text if q.cue else None,
            q.direct,
        )
        for q in harbour.quotes
    ]
    assert got == [
        (
            "the harbour deal was “close to done” after talks in Kessfjord on Tuesday",
            ((25, 97),),
            "Mayor Ilse Varnholt",
            "said",
            True,
        ),
        (
            "“We will not sign a bad agreement,” “and nobody should expect us to.”",
            ((99, 134), (155, 188)),
            "she",
            "told",
            True,
        ),
        ("The dock union wants higher wages", ((189, 222),), "its leaflet", "according to", False),
        ("Talks resume in May", ((250, 269),), "", "is expected", False),  # no source
    ]
    she = harbour.quotes[1].speaker.mention
    assert harbour.article.text[she.start : she.end] == "she"
    assert harbour.quotes[3].speaker.mention is None


def test_read_brat_takes_dates_and_titles_from_metadata():
    docs = {d.doc_id: d.article for d in read_brat(BRAT_DEV)}
    assert (docs["harbour-talks"].published, docs["harbour-talks"].title) == (
        "2031-05-06",
        "Harbour deal close, mayor says",
    )
    assert read_metadata(BRAT_DEV)["council-budget"]["publication_date"] == "2031-05-07"


def test_read_brat_reads_texts_without_newline_translation(tmp_path):
    (tmp_path / "crlf.txt").write_bytes(b"Ann Berg said:\r\nwe agree.\r\n")
    (tmp_path / "crlf.ann").write_text(
        "T1\tSource 0 8\tAnn Berg\nT2\tContent 16 25\twe agree.\nE1\tAttribution:T1 Content:T2 Source:T1\n",
        encoding="utf-8",
    )
    [doc] = read_brat(tmp_path)  # a flat folder works too
    assert doc.quotes[0].content.text == "we agree."


@pytest.mark.parametrize(
    "ann, roles",
    [
        (
            "T1\tContent 0 4\tabcd\nT2\tContent 9 12\tjkl\nE1\tAttribution:T1 Content:T1 Content2:T2\n",
            {"Content": ((0, 4), (9, 12))},
        ),
        (
            "T1\tContent 0 4;6 8\tabcd gh\nE1\tAttribution-no-source:T1 Content:T1 \n",
            {"Content": ((0, 4), (6, 8))},
        ),
        (
            "#1\tAnnotatorNotes T1\tline one\nThe second line\nT1\tSource 2 3\tc\nE1\tAttribution:T1 Source:T1\n",
            {"Source": ((2, 3),)},
        ),
    ],
)
def test_parse_ann_roles(ann, roles):
    [att] = parse_ann(ann)
    assert {k: v for k, v in att.roles.items() if k != "Attribution"} == roles


@pytest.mark.parametrize(
    "ann, message",
    [
        ("T1\tContent zero 4\tabcd\n", "line 1: malformed"),
        ("T1\tContent 0 4\tabcd\nE1\tAttribution:T1 Content:T9\n", "unknown 'T9'"),
    ],
)
def test_parse_ann_rejects_broken_lines(ann, message):
    with pytest.raises(InputError, match=message):
        parse_ann(ann, "x.ann")


def test_read_brat_rejects_offsets_past_the_text(tmp_path):
    (tmp_path / "a.txt").write_text("short", encoding="utf-8")
    (tmp_path / "a.ann").write_text(
        "T1\tContent 0 99\tshort\nE1\tX:T1 Content:T1\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match="offsets outside the text"):
        list(read_brat(tmp_path))


@pytest.mark.parametrize("layout", ["missing", "empty"])
def test_list_brat_rejects_folders_without_annotated_texts(tmp_path, layout):
    folder = tmp_path / "nothing" if layout == "missing" else tmp_path
    with pytest.raises(InputError):
        list_brat(folder)


# -- seed gold JSON -----------------------------------------------------------------------


def test_read_seed_gold_fixture_places_repeated_quotes_in_order():
    gold = read_seed_gold(EVAL / "seed" / "gold.json")
    text = gold.article.text
    useful = [i for i in range(len(text)) if text.startswith("useful", i)]
    assert [q.content.start for q in gold.quotes[:2]] == useful
    assert [q.cue.start for q in gold.quotes[:2]] == [text.index("called"), text.rindex("called")]
    assert gold.quotes[2].speaker.mention.text == "she"
    assert (gold.doc_id, gold.article.published) == ("velde", "2031-03-05")
    assert [text[s:e] for s, e in gold.article.boilerplate] == ["Velde Times: subscribe for more."]
    assert [e.date_value for e in gold.events] == ["2031-03-03", None]
    assert [(s.issue, s.actor, s.stance) for s in gold.stances] == [
        ("border-plan", "Anna Quist", "support")
    ]


def _broken_gold(tmp_path: Path, edit) -> Path:
    shutil.copy(EVAL / "seed" / "article.txt", tmp_path / "article.txt")
    data = json.loads((EVAL / "seed" / "gold.json").read_text("utf-8"))
    edit(data)
    (tmp_path / "gold.json").write_text(json.dumps(data), encoding="utf-8")
    return tmp_path / "gold.json"


@pytest.mark.parametrize(
    "edit, message",
    [
        (
            lambda d: d["quotes"][0].update(content="never said"),
            "quotes\\[1\\]: 'never said' is not",
        ),
        (lambda d: d["quotes"][2].pop("speaker"), "quotes\\[3\\]: missing 'speaker'"),
        (lambda d: d["events"][1].pop("kind"), "events\\[2\\]: missing 'kind'"),
        (lambda d: d["stances"][0].update(evidence="elsewhere"), "stances\\[1\\]"),
    ],
)
def test_read_seed_gold_names_what_is_wrong(tmp_path, edit, message):
    with pytest.raises(InputError, match=message):
        read_seed_gold(_broken_gold(tmp_path, edit))


def test_read_seed_gold_rejects_bad_json_and_missing_article(tmp_path):
    (tmp_path / "gold.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        read_seed_gold(tmp_path / "gold.json", EVAL / "seed" / "article.txt")
    (tmp_path / "gold.json").write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match="no such file"):
        read_seed_gold(tmp_path / "gold.json")


# -- the real corpora ---------------------------------------------------------------------


def test_seed_gold_quotes_are_located_in_the_article():
    seed = require_corpus("seed")
    gold = read_seed_gold(seed / "gold.json")
    raw = json.loads((seed / "gold.json").read_text("utf-8"))
    text = gold.article.text
    assert [q.content.text for q in gold.quotes] == [q["content"] for q in raw["quotes"]]
    assert all(text[q.content.start : q.content.end] == q.content.text for q in gold.quotes)
    starts = [q.content.start for q in gold.quotes]
    assert starts == sorted(starts)  # the gold lists quotes in text order
    # "balance of interests" is the quoted phrase, not the later paraphrase
    assert text[gold.quotes[0].content.start - 1] == "‘"
    mentions = {q.speaker.mention.text for q in gold.quotes if q.speaker.mention}
    assert mentions == {q["speaker_mention"] for q in raw["quotes"] if "speaker_mention" in q}
    assert len(gold.events) == len(raw["events"]) and len(gold.stances) == len(raw["stances"])
    assert gold.article.published == raw["published"]
    assert [text[s:e] for s, e in gold.article.boilerplate] == raw["boilerplate"]


def test_polnear_dev_reads_every_text_with_consistent_spans():
    dev = require_corpus("polnear", "dev")
    docs = list(read_brat(dev))
    assert len(docs) == len(list(dev.joinpath("text").glob("*.txt")))
    for gold in docs:
        assert gold.article.published, gold.doc_id
        for q in gold.quotes:
            parts = [gold.article.text[s:e] for s, e in q.content.ranges()]
            assert q.content.text == " ".join(parts)
