"""Fuzzing the analysis: parley's whole pipeline on generated text, quotes first.

Texts are built from the pieces quote rules look at (names, pronouns, cue verbs, every
kind of quotation mark, dashes, colons, line breaks) mixed with random Unicode, controls
and astral characters. The pipeline must not crash, and every span it reports must point
at the characters it claims: ``text[start:end] == span.text`` (segment by segment for a
discontinuous quote), for quotes, cues, speaker mentions, actor mentions, dates, events
and stances. The stored form (JSON) must round-trip.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.model import Analysis, Article, Span

EXAMPLES = int(os.environ.get("PARLEY_FUZZ_NLP_EXAMPLES", "1000"))
pytestmark = pytest.mark.timeout(300)

PIECES = [
    "Anna Volkova", "the minister", "He", "she", "they", "Velmora", "Northland's envoy",
    "said", "told reporters", "added", "warned", "according to", "insisted", "asked",
    '"', '"', "\u201c", "\u201d", "\u2018", "\u2019", "'", "\u00ab", "\u00bb", "\u201e", "``", "''",
    ",", ".", ":", ";", " - ", " \u2014 ", "\u2013", "?", "!", "(", ")", "\n", "\n\n", "\r\n",
    "on Friday", "last week", "on 28 April", "next month", "in 2025", "yesterday",
    "met", "criticised", "rejected", "demanded", "a ceasefire", "sanctions", "the border",
    "we will not yield", "talks resume", "\t", "\u00a0", "\u200b", "\ufeff", "\x0c",
]
pieces = st.one_of(st.sampled_from(PIECES), st.text(max_size=12))
texts = st.lists(pieces, min_size=1, max_size=60).map(lambda parts: " ".join(parts))
published = st.sampled_from([None, "2025-04-28", "1999-12-31", "2025-02-29"])


def check_span(text: str, span: Span | None, what: str) -> None:
    if span is None:
        return
    assert 0 <= span.start <= span.end <= len(text), (what, span)
    if span.segments:
        assert span.text == " ".join(text[s:e] for s, e in span.segments), (what, span)
        for s, e in span.segments:
            assert span.start <= s <= e <= span.end, (what, span)
    elif span.text or span.end > span.start:
        assert text[span.start:span.end] == span.text, (what, span)


def check_analysis(analysis: Analysis) -> None:
    text = analysis.article.text
    for quote in analysis.quotes:
        check_span(text, quote.content, "quote")
        check_span(text, quote.cue, "cue")
        check_span(text, quote.speaker.mention if quote.speaker else None, "speaker")
    for actor in analysis.actors:
        for mention in actor.mentions:
            check_span(text, mention, "actor mention")
    for event in analysis.events:
        check_span(text, event.evidence, "event")
        if event.date is not None and event.date.expression.text:
            check_span(text, event.date.expression, "date")
    for stance in analysis.stances:
        check_span(text, stance.evidence, "stance")
    for start, end in analysis.article.boilerplate:
        assert 0 <= start <= end <= len(text)
    assert Analysis.from_json(analysis.to_json()).to_json() == analysis.to_json()


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=texts, day=published)
def test_pipeline_on_generated_text(nlp, text, day):
    from parley.nlp.pipeline import analyze_articles

    article = Article(doc_id="fuzz", text=text, published=day)
    (analysis,) = analyze_articles([article], nlp)
    check_analysis(analysis)


@pytest.mark.parametrize("text", [
    '"' * 500,
    "\u201c" * 300 + "said Anna Volkova.",
    '"We will," he said, "' * 200,
    "said " * 2000,
    "\n" * 1000 + '"Talks resume," she said.',
    "A" * 20000,
    "\u200b".join("word" for _ in range(3000)),
])
def test_pipeline_on_degenerate_text(nlp, text):
    """Shapes random generation rarely reaches: long runs of marks, cues, one huge token."""
    from parley.nlp.pipeline import analyze_articles

    (analysis,) = analyze_articles([Article(doc_id="edge", text=text)], nlp)
    check_analysis(analysis)
