"""The actor layer, round 8: a long name NER tagged only in part keeps its whole form, a
country's long title (and its bracketed acronym) is that country's official, and "refrain
from X-ing" negates X.

Every person, and the states Dravenia and Kostara, are invented; the other states are real."""

from __future__ import annotations

import pytest

from actors_support import analyse as _analyse
from actors_support import names as _names
from actors_support import speaker as _speaker

# -- 1. the whole of a long name ------------------------------------------------------------


def test_a_long_name_tagged_in_part_keeps_its_whole_form(nlp):
    a = _analyse(
        nlp,
        "Qatar's Prime Minister Khalid bin Saad bin Faris Al Murr announced on Sunday that "
        "talks would resume.\n\n"
        '"We are close to a deal," Khalid bin Saad bin Faris Al Murr said.',
    )
    assert _speaker(a, "close to a deal") == "Khalid bin Saad bin Faris Al Murr"
    assert [n for n in _names(a) if "Khalid" in n] == ["Khalid bin Saad bin Faris Al Murr"]


def test_the_rest_of_a_long_name_after_a_second_bin_is_kept(nlp):
    a = _analyse(
        nlp,
        "Earlier, Qatar's Prime Minister Hamad bin Nasser bin Faris Al Murr told reporters "
        "that his country will host a new round of talks.",
    )
    people = [n for n in _names(a) if "Hamad" in n]
    assert people and all(n.endswith("Al Murr") for n in people), people


# -- 2. a country's long title and its acronym ----------------------------------------------


def test_a_long_title_after_a_country_possessive_is_no_actor(nlp):
    a = _analyse(
        nlp,
        "Nepal's Director General of Military Operations (DGMO) called Bhutan's army chief "
        "Anton Vell on Monday to discuss the border.",
    )
    names = _names(a)
    assert not any("General of" in n or n == "DGMO" for n in names), names
    assert "Anton Vell" in names


def test_the_acronym_of_a_title_names_that_countrys_official(nlp):
    a = _analyse(
        nlp,
        "Nepal's Director General of Military Operations (DGMO) called his Bhutanese "
        "counterpart on Monday.\n\n"
        '"The guns along the river must fall silent," the DGMO said.',
    )
    assert _speaker(a, "must fall silent") == "Nepal's Director General of Military Operations"
    assert "DGMO" not in _names(a)


def test_a_title_of_a_country_written_after_it_is_no_actor_either(nlp):
    a = _analyse(
        nlp,
        "The foreign secretary said the Director General of Military Operations (DGMO) of "
        "Nepal called his Bhutanese counterpart on Monday.\n\n"
        '"The guns along the river must fall silent," the DGMO said.',
    )
    assert _speaker(a, "must fall silent") == "Director General of Military Operations of Nepal"
    assert not any("General of" in n or n == "DGMO" for n in _names(a)), _names(a)


def test_an_organisation_after_a_country_possessive_stays_one(nlp):
    a = _analyse(
        nlp,
        "Nepal's Election Commission said on Monday it would delay the vote.\n\n"
        '"We need more time," the Nepali Election Commission said.',
    )
    assert any("Election Commission" in n for n in _names(a)), _names(a)


# -- 3. "refrain from X-ing" negates X ------------------------------------------------------


def _stances(nlp, clause: str) -> dict[str, str]:
    a = _analyse(nlp, f'"Both armies {clause} during the truce," the Kostaran envoy Mara Lind said.')
    return {s.proposition: s.stance for s in a.stances}


@pytest.mark.parametrize(
    "clause",
    [
        "will refrain from seeking military advantage",
        "will abstain from seeking military advantage",
        "will avoid seeking military advantage",
        "stopped short of seeking military advantage",
    ],
)
def test_holding_back_from_an_act_does_not_support_it(nlp, clause):
    found = _stances(nlp, clause)
    assert found.get("military advantage") != "support", found


def test_refrain_from_seeking_opposes_what_is_sought(nlp):
    assert _stances(nlp, "will refrain from seeking military advantage").get(
        "military advantage"
    ) == "oppose"


def test_not_refraining_from_an_act_supports_it(nlp):
    found = _stances(nlp, "will not refrain from seeking military advantage")
    assert found.get("military advantage") == "support", found


def test_seeking_without_holding_back_still_supports(nlp):
    assert _stances(nlp, "will seek military advantage").get("military advantage") == "support"


def _catalogue(nlp, clause: str) -> dict[str, str]:
    a = _analyse(nlp, f'"We {clause}," Russian Foreign Minister Pavel Orlov said.')
    return {s.issue: s.stance for s in a.stances if s.origin == "catalogue"}


def test_a_catalogue_issue_held_back_from_is_opposed(nlp):
    assert _catalogue(nlp, "will back a ceasefire").get("ceasefire") == "support"
    assert _catalogue(nlp, "will refrain from backing a ceasefire").get("ceasefire") == "oppose"


def _open(nlp, clause: str) -> dict[str, str]:
    a = _analyse(nlp, f'"We {clause} during the truce," the Kostaran envoy Mara Lind said.')
    return {s.proposition: s.stance for s in a.stances}


def test_the_will_to_hold_back_adds_no_second_stance(nlp):
    found = _open(nlp, "will refrain from seeking military advantage")
    assert found == {"military advantage": "oppose"}, found


def test_holding_back_from_an_act_that_is_no_cue_keeps_the_will(nlp):
    found = _open(nlp, "will abstain from attacking civilian sites")
    assert any(p.startswith("abstain from attacking") for p in found), found
