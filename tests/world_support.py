"""Hand-made analyses with open stances for the world-layer tests (invented places, people).

Two invented conflicts: Varnland against the Red Hand militia in the Kessel valley (a
disarmament question written three ways, and a ceasefire), and Ostria against Pellmark over
the Tarn dam (a ceasefire of their own). Every article names its parties at least twice, as
news reports do, which is what keeps "the ceasefire" of one conflict apart from the other's.
"""

from __future__ import annotations

from parley.model import Actor, Analysis, Article, Span, Stance, stable_id


def open_analysis(doc_id: str, published: str, background: str,
                  stances: list[tuple[str, str, str, str]],
                  actors: list[tuple[str, str, str | None]] = ()) -> Analysis:
    """An analysis of ``background`` + one sentence per stance (sentence, actor, label,
    target phrase); the target phrase must occur in its sentence."""
    text = background.strip() + " "
    records = []
    for n, (sentence, actor, label, target) in enumerate(stances):
        start = len(text)
        text += sentence + " "
        t_start = text.index(target, start)
        sid = stable_id(doc_id, n, prefix="s")
        records.append(Stance(
            id=sid, issue=f"open:{sid}", proposition=target.lower(), actor=actor, stance=label,
            evidence=Span.of(text, start, start + len(sentence)), origin="open",
            target=Span.of(text, t_start, t_start + len(target)), date=published,
            holder=Span.of(text, text.index(actor, start), text.index(actor, start) + len(actor))
            if actor in sentence else None))
    people = [Actor(f"a{i}", name, kind, country) for i, (name, kind, country) in enumerate(actors)]
    return Analysis(doc_id, Article(doc_id, text.strip(), title=doc_id.replace("-", " ").title(),
                                    published=published, source=f"/in/{doc_id}.txt"),
                    actors=people, stances=records)


VARN = ("Varnland's army and the Red Hand militia fought again in the Kessel valley. "
        "Varnland says the Red Hand still holds six villages; the Red Hand denies it.")
OSTRIA = ("Ostria and Pellmark traded fire near the Tarn dam overnight. Pellmark blamed "
          "Ostria for the shelling; Ostria said Pellmark fired first at the Tarn crossing.")
ACTORS = [("Lena Marsh", "person", None), ("Red Hand", "group", None),
          ("Oskar Vey", "person", None), ("Pia Lund", "person", None)]


def varn_1() -> Analysis:
    """Varnland: disarming the militia, and a ceasefire."""
    return open_analysis("varn-1", "2025-05-02", VARN, [
        ("Lena Marsh demanded the disarmament of the Red Hand militia.",
         "Lena Marsh", "support", "the disarmament of the Red Hand militia"),
        ("The Red Hand rejected any disarmament of its fighters.",
         "Red Hand", "oppose", "disarmament of its fighters"),
        ("Lena Marsh backed a ceasefire in the Kessel valley.",
         "Lena Marsh", "support", "a ceasefire in the Kessel valley"),
    ], ACTORS)


def varn_2() -> Analysis:
    """Varnland, a week later: the same disarmament question in other words."""
    return open_analysis("varn-2", "2025-05-09", VARN, [
        ("The Red Hand said it could accept surrendering its weapons and disarming.",
         "Red Hand", "support", "surrendering its weapons and disarming"),
        ("Lena Marsh welcomed the demilitarisation of the Red Hand militia.",
         "Lena Marsh", "support", "the demilitarisation of the Red Hand militia"),
    ], ACTORS)


def ostria_1() -> Analysis:
    """Another conflict: a ceasefire that must not join Varnland's."""
    return open_analysis("ostria-1", "2025-05-05", OSTRIA, [
        ("Oskar Vey called for a ceasefire at the Tarn dam.",
         "Oskar Vey", "support", "a ceasefire at the Tarn dam"),
        ("Pia Lund rejected a ceasefire at the Tarn dam.",
         "Pia Lund", "oppose", "a ceasefire at the Tarn dam"),
    ], ACTORS)


def meeting() -> Analysis:
    """Lena Marsh meets Oskar Vey, and addresses Pia Lund (for the actor page's graph)."""
    from parley.model import Event, Quote, Speaker

    text = ("Lena Marsh met Oskar Vey in Harbourtown on Monday. "
            "Lena Marsh told Pia Lund that the valley roads would reopen.")
    said = text.index("the valley roads would reopen")
    return Analysis("meeting-1", Article("meeting-1", text, title="Marsh meets Vey",
                                         published="2025-05-12", source="/in/meeting-1.txt"),
                    actors=[Actor(f"a{i}", n, k, c) for i, (n, k, c) in enumerate(ACTORS)],
                    events=[Event("e0", "meeting", "CONSULT", Span.of(text, 0, 50),
                                  actors=["Lena Marsh", "Oskar Vey"], place="Harbourtown")],
                    quotes=[Quote("q0", Span.of(text, said, len(text) - 1), False,
                                  Speaker("Lena Marsh"), addressee="Pia Lund")])
