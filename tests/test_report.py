"""The plain-text report: header, who said what grouped by speaker, events, stances."""

from __future__ import annotations

import pytest

from parley.model import Analysis, Article, DateRef, Event, Quote, Span, Speaker, Stance
from parley.report import render_analysis, render_report

TEXT = (
    'Mayor Ilse Varga said, "We will reopen the bridge on Monday." '
    "Karl Hobb told reporters that the budget was short. "
    'Varga added: "The survey is done." The council met on Friday.'
)


def _span(part: str) -> Span:
    start = TEXT.index(part)
    return Span.of(TEXT, start, start + len(part))


def _analysis(**kw) -> Analysis:
    article = Article(doc_id="bridge", text=TEXT, title="Bridge to reopen", published="2025-03-14",
                      source="in/bridge.txt", author="Tomas Reed")
    return Analysis(doc_id="bridge", article=article, **kw)


QUOTES = [
    Quote("q3", _span("The survey is done."), True, Speaker("Ilse Varga", _span("Varga")), _span("added")),
    Quote("q2", _span("the budget was short"), False, Speaker("Karl Hobb"), _span("told"),
          addressee="reporters"),
    Quote("q1", _span("We will reopen the bridge on Monday."), True, Speaker("Ilse Varga"), _span("said")),
]


def test_header() -> None:
    lines = render_analysis(_analysis()).splitlines()
    assert lines[:5] == ["bridge: Bridge to reopen", "=" * 24, "published: 2025-03-14",
                         "author: Tomas Reed", "source: in/bridge.txt"]


def test_no_statements() -> None:
    out = render_analysis(_analysis())
    assert "  (no statements found)" in out.splitlines()
    assert "Events" not in out and "Stances" not in out


def test_statements_grouped_by_speaker_in_text_order() -> None:
    lines = render_analysis(_analysis(quotes=QUOTES)).splitlines()
    body = lines[lines.index("Who said what") + 2:]
    assert body == [
        "Ilse Varga (2 statements)",
        f"  - said (quoted) [{QUOTES[2].content.start}:{QUOTES[2].content.end}]",
        "    \u201cWe will reopen the bridge on Monday.\u201d",
        f"  - added (quoted) [{QUOTES[0].content.start}:{QUOTES[0].content.end}]",
        "    \u201cThe survey is done.\u201d",
        "Karl Hobb (1 statement)",
        f"  - told (paraphrased, to reporters) [{QUOTES[1].content.start}:{QUOTES[1].content.end}]",
        "    the budget was short",
    ]


def test_long_content_wrapped() -> None:
    words = " ".join(["negotiation"] * 30)
    text = f'Varga said, "{words}."'
    start = text.index("negotiation")
    quote = Quote("q", Span.of(text, start, start + len(words) + 1), True, Speaker("Ilse Varga"), None)
    art = Article(doc_id="w", text=text)
    out = render_analysis(Analysis("w", art, quotes=[quote]), width=60)
    content = [ln for ln in out.splitlines() if ln.startswith("    ")]
    assert len(content) > 1 and all(len(ln) <= 60 for ln in content)
    assert " ".join(ln.strip() for ln in content) == f"\u201c{words}.\u201d"
    assert "(no cue) (quoted)" in out


def test_events_and_stances_rendered_when_present() -> None:
    friday = DateRef(_span("on Friday"), "2025-03-14")
    event = Event("e1", "meeting", "CONSULT", _span("The council met on Friday."),
                  actors=["Keldmoor council"], recipients=["Ilse Varga"], place="the town hall", date=friday)
    stance = Stance("s1", "bridge-reopening", "The Aske bridge reopens", "Karl Hobb", "oppose",
                    _span("the budget was short"), date="2025-03-14")
    out = render_analysis(_analysis(events=[event], stances=[stance]))
    assert ("  - 2025-03-14  meeting/CONSULT: Keldmoor council -> Ilse Varga at the town hall\n"
            "    The council met on Friday.") in out
    assert ("  - Karl Hobb opposes bridge-reopening (2025-03-14): The Aske bridge reopens\n"
            "    the budget was short") in out


@pytest.mark.parametrize(("label", "verb"), [("support", "supports"), ("conditional", "conditionally supports"),
                                             ("unclear", "is unclear on")])
def test_stance_verbs(label: str, verb: str) -> None:
    stance = Stance("s", "levy", "", "Oskar Brandt", label, _span("the budget was short"))
    assert f"  - Oskar Brandt {verb} levy\n" in render_analysis(_analysis(stances=[stance]))


def test_an_event_s_mediators_are_printed() -> None:
    event = Event("e2", "talks", "CONSULT", _span("The council met on Friday."),
                  actors=["Keldmoor council", "Karl Hobb"], mediators=["Ilse Varga"], place="the town hall")
    out = render_analysis(_analysis(events=[event]))
    assert ("  - date unknown  talks/CONSULT: Keldmoor council, Karl Hobb (mediated by Ilse Varga)"
            " at the town hall\n") in out


def test_report_stream_separates_articles() -> None:
    chunks = list(render_report([_analysis(), _analysis(quotes=QUOTES)]))
    assert len(chunks) == 2
    assert chunks[0].startswith("bridge: ") and chunks[1].startswith("\nbridge: ")
    assert "".join(chunks).count("Who said what") == 2
