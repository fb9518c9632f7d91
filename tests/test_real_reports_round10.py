"""Round 10 of real agency reports (sentences invented, people invented): a dateline's full
date anchors an article read without a publication date; a meeting told under "During the
visit" is that visit; "agreed on a truce from 6 a.m. on Saturday" does not date the
agreement by the truce's start."""

from __future__ import annotations

from datetime import date

import pytest

from parley.model import Article
from parley.nlp.dates.dateline import dateline_date
from parley.nlp.pipeline import make_doc


def _events(nlp, text: str, published: str | None = None) -> list[dict]:
    doc = nlp(make_doc(nlp, Article("t", text, published=published)))
    return doc._.parley_events


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Truce agreed\n\nDUBAI, June 9, 2023 (Agency) - The sides agreed.", date(2023, 6, 9)),
        ("NIAMEY, 2 November 2022 (AFP) - Talks ended.", date(2022, 11, 2)),
        ("Headline here\n\nTBILISI/BAKU, March 13, 2025 (Agency) - x", date(2025, 3, 13)),
        ("PORT MORESBY, Friday, Feb. 7, 2025 (Agency) - x", date(2025, 2, 7)),
    ],
)
def test_a_dateline_with_a_year_gives_the_filing_day(text, day):
    assert dateline_date(text) == day


@pytest.mark.parametrize(
    "text",
    [
        "KHARTOUM, March 3 (Wire) - No year: nothing is guessed.",
        "The talks resumed in Doha on June 9, 2023, officials said.",  # not a dateline
        "PARIS, Feb. 30, 2024 (Agency) - no such day",
    ],
)
def test_no_full_dateline_gives_no_date(text):
    assert dateline_date(text) is None


def test_an_undated_article_takes_its_datelines_day_for_relative_dates(nlp):
    text = (
        "Envoys meet\n\nNIAMEY, June 11, 2024 (Agency) - Chad's foreign minister Idriss "
        "Mahamat Abakar met his Niger counterpart Moussa Garba in Niamey on Tuesday."
    )
    meetings = [e for e in _events(nlp, text) if e["kind"] == "meeting"]
    assert meetings and meetings[0]["date"] == "2024-06-11"


def test_a_given_publication_date_wins_over_the_dateline(nlp):
    article = Article("t", "NIAMEY, June 11, 2024 (Agency) - x", published="2024-06-12")
    make_doc(nlp, article)
    assert article.published == "2024-06-12"


VISIT = (
    "Envoy in Niamey\n\nNIAMEY, June 11, 2024 (Agency) - Norwegian envoy Lars Ekvik arrived "
    "in Niamey on Tuesday.\n\nDuring the visit, Ekvik met Niger's prime minister Ali Sidibe "
    "to discuss the border accord."
)


def test_a_meeting_during_a_visit_is_that_visit(nlp):
    events = [e for e in _events(nlp, VISIT) if e["kind"] in ("visit", "meeting", "talks")]
    assert len(events) == 1, events
    visit = events[0]
    assert visit["kind"] == "visit" and visit["date"] == "2024-06-11"
    assert visit["place"] == "Niamey"
    assert "Ali Sidibe" in visit["recipients"]


def test_a_meeting_during_the_visit_on_another_day_stays_apart(nlp):
    text = VISIT.replace("During the visit, Ekvik met", "During the visit, Ekvik on Thursday met")
    events = [e for e in _events(nlp, text) if e["kind"] in ("visit", "meeting")]
    assert len(events) == 2, events


def test_a_meeting_during_talks_is_not_folded_into_a_visit(nlp):
    text = (
        "NIAMEY, June 11, 2024 (Agency) - Chad and Niger held talks in Niamey on Tuesday.\n\n"
        "During the talks, Chad's envoy Idriss Abakar met Niger's prime minister Ali Sidibe."
    )
    kinds = [e["kind"] for e in _events(nlp, text)]
    assert "visit" not in kinds


@pytest.mark.parametrize(
    "text",
    [
        "CAIRO, June 9, 2023 (Agency) - Mediators said Chad's warring sides have agreed on a "
        "nationwide ceasefire for 48 hours from 6 a.m. on Saturday.",
        "Chad's rival factions agreed on Friday on a truce for three days starting on Sunday.",
    ],
)
def test_the_start_of_the_truce_does_not_date_the_agreement(nlp, text):
    events = _events(nlp, text, published=None if text.startswith("CAIRO") else "2023-06-09")
    agreements = [e for e in events if e["kind"] == "agreement"]
    for a in agreements:
        assert a["date"] not in ("2023-06-03", "2023-06-04"), a
    truces = [e for e in events if e["kind"] == "ceasefire"]
    assert truces and truces[0]["date"] in ("2023-06-10", "2023-06-11")


def test_talks_running_from_a_day_keep_that_day(nlp):
    text = "Chad and Niger will hold talks in Niamey from Monday, officials said."
    talks = [e for e in _events(nlp, text, published="2025-03-12") if e["kind"] == "talks"]
    assert talks and talks[0]["date"] == "2025-03-17"


def _actors(nlp, text: str) -> list[dict]:
    doc = nlp(make_doc(nlp, Article("t", text, published="2025-03-13")))
    return doc._.parley_actors


def test_a_lower_case_description_is_no_registry_name(nlp):
    # "at the time": not the magazine whose registry alias is "Time"
    text = (
        "Chad and Niger fought two wars after Tibesti, a region that had a mostly Toubou "
        "population at the time, broke away from Niger."
    )
    names = [a["name"] for a in _actors(nlp, text)]
    assert "Time Magazine" not in names


def test_a_capitalised_registry_name_still_resolves(nlp):
    text = "Chad's foreign minister Idriss Abakar told Time magazine on Monday that talks failed."
    assert "Time Magazine" in [a["name"] for a in _actors(nlp, text)]


def test_a_double_barrelled_surname_is_kept_whole(nlp):
    text = (
        "The envoy was flanked by former South African Vice-President Lindiwe Mabaso-Dlamini "
        "and former Kenyan President Otieno Wafula."
    )
    people = {a["name"]: a for a in _actors(nlp, text) if a["kind"] == "person"}
    assert "Lindiwe Mabaso-Dlamini" in people, people
    assert "Lindiwe Mabaso" not in people


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Talks ended, said former South African Vice-President Lindiwe Mabaso.", "ZA"),
        ("Talks ended, said former South Korean Prime Minister Kim Dae-ho.", "KR"),
        ("Talks ended, said former South Sudanese Vice-President Deng Akol.", "SS"),
    ],
)
def test_a_two_word_demonym_after_former_gives_the_country(nlp, text, country):
    people = [a for a in _actors(nlp, text) if a["kind"] == "person"]
    assert people and people[0]["country"] == country


def test_two_countries_foreign_ministries_stay_two_bodies(nlp):
    text = (
        "Chad's Foreign Ministry said on Thursday the text was ready. In its statement, "
        "Niger's Foreign Ministry said the talks had been concluded."
    )
    bodies = {a["name"]: a["country"] for a in _actors(nlp, text) if "Ministry" in a["name"]}
    assert bodies == {"Chad's Foreign Ministry": "TD", "Niger's Foreign Ministry": "NE"}, bodies


def test_two_spellings_of_one_state_are_one_actor(nlp):
    text = (
        "DR Congo and Rwanda sign deal\n\nThe Democratic Republic of Congo and Rwanda signed "
        "a peace agreement on Friday in Washington."
    )
    states = [a for a in _actors(nlp, text) if a["country"] == "CD" and a["kind"] == "state"]
    assert len(states) == 1, states


def test_a_negated_that_clause_of_a_noun_cue_is_opposed(nlp):
    text = (
        "The Chadian army said it discussed issues related to the commitment that both sides "
        "must not shell civilian areas and launch new offensives."
    )
    doc = nlp(make_doc(nlp, Article("t", text, published="2025-05-12")))
    stances = [s for s in doc._.parley_stances if "shell" in s["proposition"]]
    assert stances, doc._.parley_stances
    assert all(s["stance"] == "oppose" for s in stances), stances


SIGNED = (
    "Chad and Niger signed a peace agreement on Friday in Lome, ending years of clashes.\n\n"
    "The two foreign ministers signed the deal in the presence of Togolese President "
    "Kossi Agbeyome."
)


def test_signing_the_deal_again_is_the_same_signing(nlp):
    signings = [e for e in _events(nlp, SIGNED, "2025-06-27") if e["kind"] == "signing"]
    assert len(signings) == 1, signings
    assert signings[0]["date"] == "2025-06-27" and signings[0]["place"] == "Lome"


def test_signing_another_deal_stays_apart(nlp):
    text = SIGNED.replace("signed the deal in", "signed another deal on Sunday in")
    signings = [e for e in _events(nlp, text, "2025-06-27") if e["kind"] == "signing"]
    assert len(signings) == 2, signings


@pytest.mark.parametrize("platform", ["Twitter", "Telegram", "X"])
def test_a_platform_said_on_is_no_actor(nlp, platform):
    text = f"Chad's foreign ministry said on {platform} that the talks had failed."
    names = [a["name"] for a in _actors(nlp, text)]
    assert platform not in names, names
