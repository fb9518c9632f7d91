"""Round 9 of issue 16 (events): titled officials, same-day dates, brokers in a relative clause."""

from __future__ import annotations

from events_support import PUBLISHED, occurrences

# -- a titled official stands for the country that possesses the title (pipeline) ----------

HOTLINE = (
    "Niger's Director General of Military Operations called his Chadian counterpart "
    "earlier in the day, the army said."
)


def test_a_titled_official_with_a_country_possessive_is_that_country(nlp):
    (ev,) = [e for e in occurrences(nlp, HOTLINE) if e["kind"] == "call"]
    assert ev["actors"] == ["Niger"]
    assert "Chad" in ev["recipients"]


def test_earlier_in_the_day_is_the_publication_day(nlp):
    (ev,) = [e for e in occurrences(nlp, HOTLINE) if e["kind"] == "call"]
    assert ev["date"] == PUBLISHED


def test_earlier_in_the_day_resolves_to_the_anchor():
    from datetime import date

    from parley.nlp.dates import find_dates

    found = find_dates("The two chiefs spoke earlier in the day.", date(2025, 3, 12))
    assert [(d.expression.text, d.value) for d in found] == [("earlier in the day", "2025-03-12")]


def test_later_in_the_day_is_the_day_just_told():
    from datetime import date

    from parley.nlp.dates import find_dates

    text = "The envoy landed in Oran on Friday. The talks opened there later in the day."
    found = find_dates(text, date(2025, 3, 16))  # a Sunday
    assert [(d.expression.text, d.value) for d in found] == [
        ("Friday", "2025-03-14"),
        ("later in the day", "2025-03-14"),
    ]


def test_talks_that_opened_later_in_the_day_take_the_day_told(nlp):
    text = (
        "Kenya's president on Friday received the delegation heads attending trilateral "
        "talks among Chad, Niger and Mali, talks that opened in Nairobi later in the day."
    )
    talks = [e for e in occurrences(nlp, text, "2025-03-15") if e["kind"] == "talks"]
    assert any(e["date"] == "2025-03-14" and e["place"] == "Nairobi" for e in talks)
    assert not any(e["date"] == "2025-03-15" for e in talks)  # not the publication day


# -- brokers named in a relative clause are mediators (pipeline) ----------------------------

BROKERS = (
    "Fighting between the Chadian army and the Rapid Action Front has killed hundreds "
    "since March. Qatar and Norway, who have been brokering talks, said in a joint "
    "statement that the warring sides have agreed on a ceasefire."
)


def test_brokers_in_a_relative_clause_mediate_the_talks(nlp):
    (ev,) = [e for e in occurrences(nlp, BROKERS) if e["kind"] == "talks"]
    assert set(ev["mediators"]) == {"Qatar", "Norway"}
    assert not {"Qatar", "Norway"} & set(ev["actors"] + ev["recipients"])


def test_the_warring_sides_are_not_the_brokers(nlp):
    (ev,) = [e for e in occurrences(nlp, BROKERS) if e["kind"] == "ceasefire"]
    assert not {"Qatar", "Norway"} & set(ev["actors"] + ev["recipients"])
    assert {"Chadian army", "Rapid Action Front"} <= set(ev["actors"] + ev["recipients"])


def test_a_broker_of_talks_between_two_sides_is_no_side(nlp):
    (ev,) = occurrences(nlp, "Qatar has been brokering talks between Chad and Niger.")
    assert ev["actors"] == ["Chad", "Niger"] and ev["mediators"] == ["Qatar"]


# -- a city as the host of talks is their place (pipeline) ----------------------------------

HOSTED_BY_CITY = (
    "Fighting between the Chadian army and the Rapid Action Front has killed hundreds "
    "since March. The two sides agreed to a truce on Monday at talks, which were hosted "
    "by the Algerian port city of Oran."
)


def test_talks_hosted_by_a_port_city_are_in_that_city(nlp):
    (ev,) = [e for e in occurrences(nlp, HOSTED_BY_CITY) if e["kind"] == "talks"]
    assert ev["place"] == "Oran"
    assert "Algeria" not in ev["actors"] + ev["recipients"]  # the host state, no side


def test_hosted_in_a_relative_clause_on_talks_is_no_meeting_of_its_own(nlp):
    assert not [e for e in occurrences(nlp, HOSTED_BY_CITY) if e["kind"] == "meeting"]


def test_a_state_as_host_of_talks_stays_their_mediator(nlp):
    text = "Chad and Niger held talks on Monday that were hosted by Algeria."
    (ev,) = [e for e in occurrences(nlp, text) if e["kind"] == "talks"]
    assert "Algeria" in ev["mediators"]


# -- "after holding on <day> talks ... hosted by X" (pipeline) -------------------------------

DATED_TALKS = (
    "The foreign ministers of Chad and Niger signaled no breakthrough towards a peace deal "
    "after holding on Wednesday talks in Geneva hosted by Swiss Foreign Minister Dalo Venn."
)


def test_talks_held_after_which_the_ministers_spoke_are_told_with_both_sides(nlp):
    (ev,) = [e for e in occurrences(nlp, DATED_TALKS) if e["kind"] == "talks"]
    assert ev["actors"] == ["Chad", "Niger"]
    assert "Dalo Venn" in ev["mediators"]
    assert ev["date"] == PUBLISHED and ev["place"] == "Geneva"


def test_a_gerund_after_without_is_not_realised_but_after_after_is(nlp):
    from parley.nlp.events.syntax import realised

    doc = nlp("Chad left without holding talks with Niger.")
    holding = next(t for t in doc if t.lower_ == "holding")
    assert not realised(holding)
    doc = nlp("Chad left after holding talks with Niger.")
    assert realised(next(t for t in doc if t.lower_ == "holding"))


def test_a_city_hosting_in_a_clause_on_the_other_side_is_no_meeting(nlp):
    text = (
        "Fighting has raged since March. The Chadian army announced a cessation of indirect "
        "talks with the Rapid Action Front, which were hosted by the Algerian port city of Oran."
    )
    assert not [e for e in occurrences(nlp, text) if e["kind"] == "meeting"]


def test_brokers_the_parse_hangs_on_a_modifier_still_mediate(nlp):
    text = (
        "Fighting between the Chadian army and the Rapid Action Front has killed hundreds "
        "since March. Algeria and the U.S., who have been brokering talks, said in a joint "
        "statement that the warring sides have agreed on a ceasefire."
    )
    (ev,) = [e for e in occurrences(nlp, text) if e["kind"] == "talks"]
    assert set(ev["mediators"]) == {"Algeria", "United States"}
    assert not {"Algeria", "United States"} & set(ev["actors"])


def test_a_title_with_the_state_in_an_of_phrase_is_that_state(nlp):
    text = (
        "The Director General of Military Operations (DGMO) of Niger contacted his Chadian "
        "counterpart earlier in the day, the ministry said."
    )
    (ev,) = [e for e in occurrences(nlp, text) if e["kind"] == "call"]
    assert ev["actors"] == ["Niger"]


def test_brokers_without_the_commas_of_a_relative_clause_still_mediate(nlp):
    text = (
        "Fighting between the Chadian army and the Rapid Action Front has killed hundreds "
        "since March. Algeria and the U.S. who have been brokering talks in a joint statement "
        "said Chad's warring sides have agreed on a nationwide ceasefire from Saturday."
    )
    (ev,) = [e for e in occurrences(nlp, text) if e["kind"] == "talks"]
    assert set(ev["mediators"]) == {"Algeria", "United States"}
    assert not {"Algeria", "United States"} & set(ev["actors"])
