"""Unnamed sources (parley.nlp.actors.unnamed): "a Chadian official said …" stands for Chad,
and the official's later statements ("the official told …", "he said") carry that actor;
a source that stands for nobody keeps "he" from reaching back past it; a named person
speaking since takes "he" back.

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
