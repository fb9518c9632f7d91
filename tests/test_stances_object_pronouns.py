"""Open-stance targets: an object pronoun inside a target ("ready to seek it", "revealing
it") stands for the noun phrase it points back to, not for a fellow argument of its own
clause (invented text)."""

from __future__ import annotations

from stances_support import held_by as of
from stances_support import open_stances


def test_seek_it_is_what_can_be_achieved(nlp):
    text = ("Envoy Mara Quill said on Monday: \"We still believe a lasting truce can be reached "
            "if both sides are ready to seek it.\"")
    found = of(open_stances(nlp, text), "Quill")
    assert any("truce" in s.proposition and "seek" in s.proposition for s in found), \
        [s.proposition for s in found]
    assert not any("sides" in s.proposition for s in found)


def test_revealing_it_is_revealing_the_details_asked_for(nlp):
    text = ("Talks on the Vell hostages went on in Drossa. When asked to lay out the full "
            "details of how the nine captives came to be freed, negotiator Ivo Brandt said "
            "that revealing it all will endanger the continuing talks and may even threaten the "
            "captives.")
    found = of(open_stances(nlp, text), "Brandt")
    assert any("reveal" in s.proposition and "details" in s.proposition for s in found), \
        [s.proposition for s in found]
