"""Near-duplicates: MinHash signatures, LSH buckets, and grouping copies into one story."""

from __future__ import annotations

import dataclasses

import pytest

from parley.model import Article
from parley.store import Store, dedupe
from parley.store.schema import minhash_bands
from store_fixtures import WIRE, build_analysis, count_rows, simple_analysis


def _copy(text: str, doc_id: str, site: str) -> Article:
    return Article(doc_id=doc_id, text=text, title=f"Varn talks ({site})", source=site, site=site)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One two three four five six", {b"one two three four five", b"two three four five six"}),
        ("Short, text!", {b"short text"}),
        ("", set()),
    ],
)
def test_shingles(text, expected):
    assert dedupe.shingles(text) == expected


def test_boilerplate_is_left_out_of_the_body():
    article = Article("d", "Body words here. Subscribe now! More body.", boilerplate=[(17, 32)])
    assert dedupe.body_text(article) == "Body words here.  More body."


def test_short_texts_have_no_signature():
    assert dedupe.signature(_copy("Too short to tell apart.", "s", "x")) is None


@pytest.mark.parametrize(
    ("edit", "near"),
    [
        (lambda t: t, True),
        (lambda t: t.replace("third round", "3rd round") + " Reporting by Lena Marsh.", True),
        (lambda t: "LAKESIDE POST - " + t.upper(), True),
        (lambda t: " ".join(reversed(t.split())), False),
        (lambda t: t[: len(t) // 2], False),
    ],
)
def test_similarity_estimates_jaccard(edit, near):
    a = dedupe.signature(_copy(WIRE, "a", "x"))
    b = dedupe.signature(_copy(edit(WIRE), "b", "y"))
    assert (dedupe.similarity(a, b) >= dedupe.THRESHOLD) is near


def test_signatures_are_deterministic_and_bucketed():
    sig = dedupe.signature(_copy(WIRE, "a", "x"))
    again = dedupe.from_bytes(dedupe.to_bytes(dedupe.signature(_copy(WIRE, "b", "y"))))
    assert (sig == again).all() and len(sig) == dedupe.NUM_PERM
    bands = dedupe.buckets(sig)
    assert [b for b, _ in bands] == list(range(dedupe.BANDS))
    assert len({k for _, k in bands}) == dedupe.BANDS
    assert all(-(2**63) <= k < 2**63 for _, k in bands)


def _analysis(text: str, doc_id: str, site: str):
    return simple_analysis(doc_id, text, title=f"Varn talks ({site})", site=site,
                           url=f"https://{site}/varn")


def test_syndicated_copy_joins_the_story(store):
    first = store.save_analysis(_analysis(WIRE, "a", "lakeside.example"))
    copy_text = WIRE.replace("on Friday", "on Friday, officials said,") + " (Wire copy.)"
    second = store.save_analysis(_analysis(copy_text, "b", "harbour.example"))
    other = store.save_analysis(build_analysis(3))
    assert first.status == "new" and other.status == "new"
    assert second.status == "duplicate"
    assert second.article_id != first.article_id
    assert second.story_id == first.story_id != other.story_id
    assert second.duplicate_of == first.article_id and second.similarity >= dedupe.THRESHOLD
    story = store.story(first.story_id)
    assert story.article_count == 2
    assert [a.site for a in story.articles] == ["lakeside.example", "harbour.example"]
    assert store.article(second.article_id).story_size == 2


def test_latest_lists_a_story_once(store):
    store.save_analysis(_analysis(WIRE, "a", "lakeside.example"))
    store.save_analysis(_analysis(WIRE + " Extra line.", "b", "harbour.example"))
    assert len(store.latest(10).items) == 1
    assert len(store.latest(10, one_per_story=False).items) == 2


def test_grouping_works_across_processes_and_reopen(store_url):
    with Store.open(store_url) as store:
        first = store.save_analysis(_analysis(WIRE, "a", "lakeside.example"))
    with Store.open(store_url) as store:
        again = store.save_analysis(_analysis(WIRE + " Updated at noon.", "c", "delta.example"))
        rows = count_rows(store, minhash_bands)
    assert again.status == "duplicate" and again.story_id == first.story_id
    assert rows == 2 * dedupe.BANDS


def test_revision_keeps_story_and_refreshes_buckets(store):
    first = store.save_analysis(_analysis(WIRE, "a", "lakeside.example"))
    edited = _analysis(WIRE + " A later paragraph adds reactions from the delta villages.",
                       "a", "lakeside.example")
    result = store.save_analysis(edited)
    assert result.status == "revised" and result.story_id == first.story_id
    assert count_rows(store, minhash_bands) == dedupe.BANDS


def test_different_articles_are_not_grouped(store):
    stories = {store.save_analysis(build_analysis(seed)).story_id for seed in range(6)}
    assert len(stories) == 6


def test_short_articles_are_never_grouped(store):
    a = store.save_analysis(simple_analysis("x", "The talks resumed."))
    b = store.save_analysis(dataclasses.replace(simple_analysis("y", "The talks resumed.")))
    assert a.story_id != b.story_id and b.status == "new"
