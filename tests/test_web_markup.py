"""Highlighted article text and search snippets: escaped pieces, fixed tags only."""

from __future__ import annotations

import pytest

from parley.web.markup import Highlight, highlight_text, quote_highlights, snippet_markup


@pytest.mark.parametrize(("text", "highlights", "hidden", "expected"), [
    ("plain text", [], [], "plain text"),
    ("a <b> & c", [], [], "a &lt;b&gt; &amp; c"),
    ("He said yes.", [Highlight(8, 11, "quote")], [],
     'He said <mark class="quote">yes</mark>.'),
    ("He said yes.", [Highlight(8, 11, "quote", "/actors/4", "Ann")], [],
     'He said <mark class="quote" title="Ann"><a href="/actors/4">yes</a></mark>.'),
    # overlapping highlights: the later one loses
    ("abcdef", [Highlight(0, 4, "quote"), Highlight(2, 6, "quote")], [],
     '<mark class="quote">abcd</mark>ef'),
    # out-of-range and empty highlights are ignored
    ("abc", [Highlight(2, 9, "quote"), Highlight(1, 1, "quote")], [], "abc"),
    # hidden (boilerplate) ranges disappear, even inside a highlight
    ("News. Subscribe now! More.", [], [(6, 21)], "News. More."),
    ("abcdef", [Highlight(1, 5, "quote")], [(2, 4)], 'a<mark class="quote">be</mark>f'),
    ("abcdef", [Highlight(2, 4, "quote")], [(1, 5)], "af"),
])
def test_highlight_text(text, highlights, hidden, expected):
    assert str(highlight_text(text, highlights, hidden)) == expected


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "\"><svg onload=alert(1)>",
])
def test_markup_in_quotes_and_titles_is_escaped(payload):
    text = f"Intro {payload} end"
    start = text.index(payload)
    out = str(highlight_text(text, [Highlight(start, start + len(payload), "quote", "/actors/1",
                                              payload, "q-1")]))
    assert "<script" not in out and "<img" not in out and "<svg" not in out
    assert out.count("<mark") == 1 and out.count("<a ") == 1
    assert "&lt;" in out


def test_quote_highlights_cover_segments_and_speaker_mention():
    quotes = [{"id": "q1", "ranges": [[0, 5], [20, 30]], "direct": True,
               "speaker": {"name": "Ann Vel"}, "speaker_actor_id": 7, "mention": [10, 13]},
              {"id": "q2", "ranges": [[40, 45]], "direct": False,
               "speaker": {"name": "Unknown"}, "speaker_actor_id": None, "mention": [35, 38]}]
    got = quote_highlights(quotes)
    assert [(h.start, h.end, h.tag, h.href) for h in got] == [
        (0, 5, "quote", "/actors/7"), (20, 30, "quote", "/actors/7"),
        (10, 13, "speaker", "/actors/7"), (40, 45, "quote", None)]
    assert [h.anchor for h in got] == ["q-q1", None, None, "q-q2"]
    assert got[0].title == "Ann Vel (quoted)" and got[3].title == "Unknown (paraphrased)"


@pytest.mark.parametrize(("snippet", "ranges", "expected"), [
    ("the ceasefire holds", [[4, 13]], "the <b>ceasefire</b> holds"),
    ("a < b", [[0, 1]], "<b>a</b> &lt; b"),
    ("<i>x</i>", [[3, 4]], "&lt;i&gt;<b>x</b>&lt;/i&gt;"),
    ("abc", [[1, 9], [2, 1]], "abc"),
])
def test_snippet_markup(snippet, ranges, expected):
    assert str(snippet_markup(snippet, ranges)) == expected
