"""Armed groups' home countries (``home`` in ``parley/data/groups.json``): a meeting in a
side's own home country has no third-party host, and a capital a group holds stands for
that group; a group's spokesperson still takes no country from it.

Invented sentences and people; the groups and countries are real.
"""

from __future__ import annotations

import pytest

from actors_support import analyse, speaker
from events_support import occurrences
from parley.model import Article
from parley.nlp.actors.countries import load_countries
from parley.nlp.actors.registry import load_registry
from parley.nlp.pipeline import make_doc

# -- the data -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "home"),
    [
        ("Ansar Allah", "YE"),
        ("Houthis", "YE"),
        ("Hamas", "PS"),
        ("Hezbollah", "LB"),
        ("RSF", "SD"),
        ("M23", "CD"),
        ("ELN", "CO"),
        ("the Taliban", "AF"),
        ("al-Shabaab", "SO"),
        ("PKK", "TR"),
        ("TTP", "PK"),
    ],
)
def test_a_group_has_its_home_country(alias, home):
    group = load_registry(extra=()).by_alias(alias)
    assert group is not None and group.home == home


def test_transnational_groups_have_no_home():
    registry = load_registry(extra=())
    assert registry.by_alias("Islamic State").home is None
    assert registry.by_alias("al-Qaeda").home is None


def test_every_home_is_a_known_country():
    countries = load_countries().countries
    homes = {a.home for a in load_registry(extra=()).actors if a.kind == "group" and a.home}
    assert homes and homes <= set(countries)


def test_a_capital_is_held_from_its_date_on():
    houthis = load_registry(extra=()).by_alias("Houthis")
    assert houthis.holds_capital("2024-05-02")
    assert houthis.holds_capital(None)
    assert not houthis.holds_capital("2012-05-02")
    assert not load_registry(extra=()).by_alias("PKK").holds_capital("2024-05-02")


# -- events: no third-party host in a side's own home -------------------------------------


def _talks(nlp, text: str, published: str = "2025-03-12") -> dict:
    found = [e for e in occurrences(nlp, text, published) if e["kind"] in ("talks", "meeting")]
    assert found, occurrences(nlp, text, published)
    return found[0]


def test_talks_in_a_groups_home_capital_have_no_host(nlp):
    ev = _talks(nlp, "Saudi and Houthi delegations held talks in Sanaa on Monday, officials said.")
    assert set(ev["actors"]) == {"Saudi Arabia", "Houthis"}
    assert ev["mediators"] == []
    assert ev["place"] == "Sanaa"


def test_talks_in_a_third_capital_still_have_its_host(nlp):
    ev = _talks(nlp, "Saudi and Houthi delegations held talks in Muscat on Monday, officials said.")
    assert ev["mediators"] == ["Oman"]
    ev = _talks(nlp, "Colombia and the ELN held talks in Havana on Monday.")
    assert ev["mediators"] == ["Cuba"]


def test_a_visit_to_a_groups_home_is_hosted_by_the_group(nlp):
    text = "A Saudi delegation led by Omar Fadel arrived in Sanaa on Monday for talks with the Houthis."
    visits = [e for e in occurrences(nlp, text) if e["kind"] == "visit"]
    assert visits and visits[0]["recipients"] == ["Houthis"]


def test_a_visit_to_a_capital_alone_is_the_countrys(nlp):
    visits = [e for e in occurrences(nlp, "A Qatari envoy arrived in Kabul on Monday.") if e["kind"] == "visit"]
    assert visits and visits[0]["recipients"] == ["Afghanistan"]


# -- a capital a group holds stands for the group -----------------------------------------


def test_a_capital_held_by_a_named_group_is_that_group(nlp):
    text = (
        "Consultations between Riyadh and Sanaa resumed on Monday after the Houthis agreed "
        "to a truce with Saudi Arabia."
    )
    ev = _talks(nlp, text)
    assert set(ev["actors"]) == {"Saudi Arabia", "Houthis"}


def test_a_capital_acting_is_the_group_that_holds_it(nlp):
    text = (
        "Saudi Arabia and the Houthis held talks in Muscat last week. On Monday, Sanaa said "
        "the Saudi offer ignored public salaries."
    )
    assert speaker(analyse(nlp, text), "ignored public salaries") == "Houthis"


def test_the_capital_of_a_government_a_group_fights_stays_the_state(nlp):
    ev = _talks(nlp, "Talks between Ankara and the PKK resumed on Monday.")
    assert "Turkey" in ev["actors"]


def test_the_capital_is_the_country_when_the_group_is_not_named(nlp):
    ev = _talks(nlp, "Consultations between Riyadh and Sanaa resumed on Monday.")
    assert set(ev["actors"]) == {"Saudi Arabia", "Yemen"}


def test_the_capital_is_the_country_before_the_group_held_it(nlp):
    text = (
        "Consultations between Riyadh and Sanaa resumed on Monday after the Houthis agreed "
        "to a truce with Saudi Arabia."
    )
    ev = _talks(nlp, text, published="2011-03-09")
    assert "Yemen" in ev["actors"]


# -- a group's spokesperson: no country from the home ------------------------------------


def _country(nlp, text: str, name: str) -> str | None:
    doc = nlp(make_doc(nlp, Article("t", text, published="2025-03-04")))
    found = [a for a in doc._.parley_actors if a["name"] == name]
    assert found, [a["name"] for a in doc._.parley_actors]
    return found[0].get("country")


def test_a_groups_spokesman_takes_no_country_from_its_home(nlp):
    # a person's country is the state they speak for (the wire and newsdev gold give every
    # spokesperson of a group without a state none); the home only places the group
    text = 'Houthi spokesman Karim Basset said the group would not attend. "We reject it," Basset said.'
    assert _country(nlp, text, "Karim Basset") is None


def test_a_spokesman_of_a_group_that_governs_has_its_country(nlp):
    text = "Taliban spokesman Yusuf Rahimi said the delegation would travel on Monday."
    assert _country(nlp, text, "Yusuf Rahimi") == "AF"


def test_a_spokesmans_own_country_wins(nlp):
    text = "Israeli government spokesman Dov Arieli said Hamas had received the proposal."
    assert _country(nlp, text, "Dov Arieli") == "IL"
