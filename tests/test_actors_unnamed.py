"""Unnamed sources (parley.nlp.actors.unnamed): "a Chadian official said …" stands for Chad,
and the official's later statements ("the official told …", "he said") carry that actor;
a source that stands for nobody keeps "he" from reaching back past it; a named person
speaking since takes "he" back. Two people sharing a surname stay two.

Every person, outlet and place here is invented (the states are real)."""

from __future__ import annotations

import pytest

from actors_support import analyse as _analyse
from actors_support import speaker as _speaker

TALKS = (
    "A Chadian official said on Sunday that the army and the Northern Front would hold talks "
    "in Velmora next week.\n\n"
    "The official told the Meridian Post that both delegations had accepted the agenda. "
    'He said: "Nobody will sign anything before the prisoners are freed."\n\n'
    "A diplomatic source told Radio Kestrel that the talks could slip. "
    'He said: "The mediators are still waiting for the lists."'
)


@pytest.mark.parametrize(
    "words, expected",
    [
        ("would hold talks in Velmora", "Chad"),
        ("had accepted the agenda", "Chad"),  # "the official told X that …"
        ("Nobody will sign anything", "Chad"),  # "He said:" after the official
        ("the talks could slip", ""),  # a source of no state: nobody
        ("still waiting for the lists", ""),  # "he" after it is not the official before
    ],
)
def test_the_official_and_he_carry_the_unnamed_source(nlp, words, expected):
    assert _speaker(_analyse(nlp, TALKS), words) == expected


def test_the_official_is_the_last_official_not_the_last_source(nlp):
    a = _analyse(
        nlp,
        "A senior Hamas official said on Monday that the group had received the new proposal. "
        "The official told the Meridian Post that the group would reply within days.\n\n"
        "An Egyptian source said the mediators would meet in Cairo on Thursday.\n\n"
        "According to the official, the group wants guarantees.",
    )
    assert _speaker(a, "would reply within days") == "Hamas"
    assert _speaker(a, "mediators would meet") == "Egypt"
    assert _speaker(a, "the group wants guarantees") == "Hamas"


def test_a_named_speaker_since_takes_he_back(nlp):
    a = _analyse(
        nlp,
        "A Malian official said the border crossings would reopen. Interior Minister Brahim "
        "Tolkane said the police would stay at the crossings. He added that the army would "
        "withdraw.",
    )
    assert _speaker(a, "border crossings would reopen") == "Mali"
    assert _speaker(a, "the army would withdraw") == "Brahim Tolkane"


def test_the_official_is_the_named_person_titled_so_since(nlp):
    a = _analyse(
        nlp,
        "A Nigerien official said the convoy had left. Idriss Kemar, a senior official at the "
        "ministry, said the roads were open. The official added that the curfew would end on "
        "Friday.",
    )
    assert "Kemar" in _speaker(a, "curfew would end")


def test_the_official_far_after_the_source_is_nobody(nlp):
    filler = " ".join(f"Trucks crossed the bridge at Velmora on day {k}." for k in range(8))
    a = _analyse(
        nlp,
        f"A Chadian official said the talks would resume. {filler} The official told the "
        "Meridian Post that the talks had stalled.",
    )
    assert _speaker(a, "the talks had stalled") == ""


# -- two people sharing a surname (parley.nlp.actors.resolve: _bearer, _other_bearer) ------


def test_a_bare_surname_is_the_one_of_that_name_named_last(nlp):
    a = _analyse(
        nlp,
        "Foreign ministry spokesman Majid al-Ansari said on Tuesday that the talks in Velmora "
        "would resume next week.\n\n"
        "Separately, Khalil al-Ansari, a senior official of the Velmar Liberation Front, said "
        "the group had not received the proposal.\n\n"
        "Al-Ansari added that the group would study the text carefully.",
    )
    assert _speaker(a, "talks in Velmora") == "Majid al-Ansari"
    assert _speaker(a, "had not received the proposal") == "Khalil al-Ansari"
    assert _speaker(a, "study the text carefully") == "Khalil al-Ansari"


def test_a_given_name_cut_off_by_the_parse_still_tells_two_people_apart(nlp):
    a = _analyse(
        nlp,
        "Update\n\n"  # after a one-word headline the parse cuts "Majid" off
        "Majid al-Ansari, the foreign ministry spokesman, told reporters that the talks in "
        "Velmora would resume next week. Khalil al-Ansari, a senior official of the Velmar "
        'Liberation Front, said the group had not received the proposal. "We will study it," '
        "Khalil al-Ansari said.\n",
    )
    assert _speaker(a, "had not received the proposal") == "Khalil al-Ansari"
    assert _speaker(a, "talks in Velmora") == "Majid al-Ansari"


def test_an_outlet_spoken_to_before_the_official_is_no_person(nlp):
    a = _analyse(
        nlp,
        "A Chadian official said on Sunday that the government had invited the Velmar "
        "Liberation Front to a new round.\n\n"
        "Speaking to Radio Kestrel, the official said negotiations would resume in Velmora on "
        "Tuesday.",
    )
    assert _speaker(a, "negotiations would resume") == "Chad"
    assert all(x.kind != "person" for x in a.actors if x.name == "Radio Kestrel")
