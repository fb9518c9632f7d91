"""Open-target stances: holders, cues, polarity and targets read off invented sentences."""

from __future__ import annotations

import pytest

from parley.model import Article
from parley.nlp.pipeline import analyze_articles

TITLE = "Fishing talks resume"


def open_stances(nlp, body: str) -> list:
    article = Article("t", f"{TITLE}\n\n{body}", title=TITLE, published="2025-03-20")
    return [s for s in next(analyze_articles([article], nlp)).stances if s.origin == "open"]


def held(nlp, body: str) -> list[tuple[str, str, str]]:
    """(holder, label, target text) of every open stance of ``body``."""
    return [(s.actor, s.stance, s.target.text if s.target else "") for s in open_stances(nlp, body)]


@pytest.mark.parametrize(
    ("body", "holder", "label", "target"),
    [
        # a country's officials hold the country's position
        ("Norwegian officials said on Monday that they would never accept a tariff on salmon.",
         "Norway", "oppose", "accept a tariff on salmon"),
        # a surname alone is the person the article named in full
        ("Foreign Minister Halvard Tennoe arrived in Bergen on Monday. Tennoe praised the "
         "agreement on fishing quotas.", "Halvard Tennoe", "support", "the agreement on fishing quotas"),
        # reported speech inside reported speech: the inner speaker holds it
        ("Foreign Minister Halvard Tennoe said on Monday that Ambassador Orsolya Kertvany talked "
         "of Hungary's wish for closer trade with Norway.", "Orsolya Kertvany", "support",
         "closer trade with Norway"),
        # "the president" is the person last named President
        ("Foreign Minister Halvard Tennoe passed on President Marit Solheim's greetings, "
         "underlining the president's commitment to honouring the fishing accord.",
         "Marit Solheim", "support", "honouring the fishing accord"),
        # a region's commitment restated by its governor: the governor's position
        ("Governor Halvard Tennoe on Monday restated the Nordland region's commitment to the "
         "fishing accord.", "Halvard Tennoe", "support", "the fishing accord"),
    ],
)
def test_holder_of_open_stance(nlp, body, holder, label, target):
    assert (holder, label, target) in held(nlp, body)
