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


def _actor(analysis, name):
    found = [a for a in analysis.actors if a.name == name]
    assert found, [a.name for a in analysis.actors]
    return found[0]


def test_their_spokesman_speaks_for_the_group_the_pronoun_refers_to(nlp):
    a = _analyse(
        nlp,
        "Pakistan said on Monday that talks with the Taliban would resume in Islamabad. "
        "Pakistani officials welcomed the move.\n\n"
        "The Taliban in Kabul confirmed the talks. Their spokesman, Yusuf Darwazi, said "
        '"we are ready for peace".',
    )
    karimi = _actor(a, "Yusuf Darwazi")
    assert karimi.affiliation == "Taliban"
    assert karimi.country != "PK"


def test_a_spokesman_named_with_his_country_keeps_it(nlp):
    a = _analyse(
        nlp,
        "Pakistan said on Monday that talks would resume in Islamabad.\n\n"
        "Foreign Office spokesman Tariq Valdani said the delegations would arrive on Tuesday.",
    )
    assert _actor(a, "Tariq Valdani").country == "PK"


def test_the_militant_group_is_the_armed_movement_named_before(nlp):
    a = _analyse(
        nlp,
        "The Dravenian army fought the Velmar Liberation Front on Monday.\n\n"
        'The militant group said "we will not lay down our arms".',
    )
    assert _speaker(a, "lay down our arms") == "Velmar Liberation Front"


def test_a_titled_description_before_the_name_is_the_one_holder_of_that_title(nlp):
    a = _analyse(
        nlp,
        'The U.N. envoy for Libya said "the parties must agree on elections" on Monday.\n\n'
        "U.N. envoy Abdoulaye Sorvani met the rivals in Tripoli on Tuesday.",
    )
    assert _speaker(a, "agree on elections") == "Abdoulaye Sorvani"


def test_a_bare_title_is_not_joined_to_a_later_holder(nlp):
    a = _analyse(
        nlp,
        'The envoy said "the parties must agree on elections" on Monday.\n\n'
        "Egypt's Foreign Minister Samir Haddadin met the rivals in Tripoli on Tuesday.",
    )
    assert _speaker(a, "agree on elections") != "Samir Haddadin"


def test_a_person_after_the_body_of_his_title_is_not_part_of_its_name(nlp):
    a = _analyse(
        nlp,
        "The envoy met the rivals in Tripoli, namely Speaker of the House of Representatives "
        "Aguilar Sennat and Prime Minister Abdulhamid Rowani.\n\n"
        "Aguilar Sennat said he would attend the meeting.",
    )
    assert "Aguilar Sennat" in _names(a), _names(a)
    assert not any(n.startswith("House of") for n in _names(a)), _names(a)


def test_a_pronoun_before_the_title_is_not_part_of_it(nlp):
    a = _analyse(
        nlp,
        "The UN envoy to Libya, Abdoulaye Sorvani, stated on Saturday he and Tunisian Foreign "
        'Minister, Nabil Ammarti, had agreed on "the pressing need for elections".',
    )
    assert _actor(a, "Nabil Ammarti").title == "foreign minister"
    assert _actor(a, "Nabil Ammarti").country == "TN"


def test_given_names_before_a_tagged_surname_after_a_titled_comma_join_it(nlp):
    a = _analyse(
        nlp,
        "Pakistan's military said the hotline call lasted ten minutes.\n\n"
        "Pakistan's Foreign Office spokesperson, Saima Naveed Khattari, said Islamabad was "
        "ready to resume a full dialogue.\n\n"
        '"We will honour the ceasefire," Khattari told her weekly briefing in Islamabad.',
    )
    assert "Saima Naveed Khattari" in _names(a), _names(a)
    assert _actor(a, "Saima Naveed Khattari").title == "foreign office spokesperson"


def test_the_head_of_a_state_body_is_of_the_country_around_him(nlp):
    a = _analyse(
        nlp,
        "Libya's rival camps agreed on election rules in Tunis on Monday.\n\n"
        "The head of the High Council of State, Khalil bin Sarrouf, called the agreement "
        '"the last exit before a new war".',
    )
    assert _actor(a, "Khalil bin Sarrouf").country == "LY"


def test_its_spokesman_is_not_tied_to_a_body_named_paragraphs_before(nlp):
    a = _analyse(
        nlp,
        "U.N. special envoy Henrik Lundvall met both sides in Muscat on Sunday.\n\n"
        "The talks are expected to last a week. Prisoner lists will be exchanged first.\n\n"
        "The internationally recognised government, based in Aden, said it had not been "
        "consulted. Its spokesman, Rashid Bamakhir, said the government would reject any deal.",
    )
    assert _actor(a, "Rashid Bamakhir").affiliation is None
