"""The actor layer, round 10: a country right after "ambassador to"/"envoy to" is the post's
country, not the first word of the holder's name; a spokesman introduced as "their/its
spokesman" speaks for the group the pronoun refers to; "the militant group" is the armed
group named before.

Every person and group here is invented (the states are real)."""

from __future__ import annotations

from actors_support import analyse as _analyse
from actors_support import names as _names
from actors_support import speaker as _speaker


def test_a_country_after_ambassador_to_is_not_part_of_the_name(nlp):
    a = _analyse(
        nlp,
        "Pakistan hosted the talks on Monday. The Japanese ambassador to China Haruto Minegishi "
        'said "the talks must go on" on Tuesday.',
    )
    assert _speaker(a, "talks must go on") == "Haruto Minegishi"
    assert not any(n.startswith("China") for n in _names(a)), _names(a)
