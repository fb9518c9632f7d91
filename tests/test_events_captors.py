"""Captors named by what they are ("the kidnappers freed 11 passengers") and the
negotiator who tells of the release (parley.nlp.events; invented text)."""

from __future__ import annotations

from events_support import occurrences


def _releases(nlp, text: str) -> list[dict]:
    return [e for e in occurrences(nlp, text, "2025-03-12") if e["kind"] == "exchange"]


def test_the_kidnappers_who_freed_captives_are_the_side_that_freed_them(nlp):
    (release,) = _releases(nlp, "The kidnappers freed nine abducted bus passengers on Monday.")
    assert release["actors"] == ["kidnappers"]
    assert release["date"] == "2025-03-10"


def test_the_negotiator_who_tells_of_a_release_obtained_it(nlp):
    text = (
        "Dario Velasco, the chief hostage negotiator, confirmed that the gunmen set free "
        "nine abducted passengers on Monday."
    )
    (release,) = _releases(nlp, text)
    assert release["actors"] == ["gunmen"]
    assert release["mediators"] == ["Dario Velasco"]


def test_captors_without_the_are_no_side_and_no_release_is_told(nlp):
    assert _releases(nlp, "Gunmen freed the hostages on Monday.") == []


def _withdrawals(nlp, text: str) -> list[dict]:
    return [e for e in occurrences(nlp, text, "2025-03-12") if e["kind"] == "withdrawal"]


def test_putting_its_participation_in_a_treaty_on_hold_is_a_withdrawal_dated_by_the_act(nlp):
    text = (
        "On March 3, Chile unilaterally put its participation under the 1929 Lauca River "
        "Accord, the pact sharing the river's water, on hold."
    )
    (out,) = _withdrawals(nlp, text)
    assert out["actors"] == ["Chile"]
    assert out["date"] == "2025-03-03"  # not 1929, the year that names the accord


def test_suspending_its_membership_is_a_withdrawal_but_putting_it_at_risk_is_none(nlp):
    assert len(_withdrawals(nlp, "Chile suspended its membership of the fisheries pact.")) == 1
    assert _withdrawals(nlp, "Chile put its participation in the pact at risk.") == []
    assert _withdrawals(nlp, "Chile and Peru put their names to the pact.") == []
