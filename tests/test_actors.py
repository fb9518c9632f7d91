"""The actor layer on invented newswire: titles, countries and affiliations from the text,
names merged within an article, and speakers that are never pronouns or fragments.

Every person, place and sentence here is invented for these tests."""

from __future__ import annotations

import pytest

from parley.eval.news import is_bad_speaker
from parley.model import Article
from parley.nlp.actors.countries import load_countries
from parley.nlp.actors.registry import fold, leaders_data, load_registry, role_on
from parley.nlp.pipeline import analyze_articles


def _analyse(nlp, text: str, title: str | None = None, published: str = "2025-03-04"):
    article = Article(doc_id="t", text=text, title=title, published=published)
    return next(iter(analyze_articles([article], nlp=nlp)))


def _actor(analysis, surname: str):
    found = [a for a in analysis.actors if surname in a.name]
    assert found, f"no actor named like {surname}: {[a.name for a in analysis.actors]}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "surname", "title", "country"),
    [
        ("Iran's Foreign Minister Arash Velayati said on Monday that talks would resume.",
         "Velayati", "foreign minister", "IR"),
        ("U.S. Secretary of State Robert Kesselring said the ceasefire was holding.",
         "Kesselring", "secretary of state", "US"),
        ("US National Security Adviser Jacob Marlowe said the strikes had worked.",
         "Marlowe", "national security adviser", "US"),
        ("Pavel Sorokov, Russia's envoy to the organisations in Vienna, said the report was unfair.",
         "Sorokov", "envoy to the organisations in vienna", "RU"),
        ("The Kenyan foreign ministry spokesman, Daniel Otieno Mwangi, said talks would go on.",
         "Mwangi", "foreign ministry spokesman", "KE"),
        ("The Minister of Foreign Affairs of Ukraine, Oleh Marchuk, warned against haste.",
         "Marchuk", "minister of foreign affairs", "UA"),
    ],
)
def test_titles_and_countries_from_the_text(nlp, text, surname, title, country):
    actor = _actor(_analyse(nlp, text), surname)
    assert title in actor.title
    assert actor.country == country
    assert "Secretary" not in actor.name and "Adviser" not in actor.name


def test_affiliation_of_an_armed_group_is_not_the_title(nlp):
    a = _analyse(nlp, "Hamas official Kamal Haddad rejected the plan on Sunday, saying it ignored the prisoners.")
    actor = _actor(a, "Haddad")
    assert actor.title == "official"
    assert actor.affiliation == "Hamas"
    assert actor.country is None


def test_rank_and_function_both_kept_function_first(nlp):
    text = "Brigadier General Omar Salih, the army spokesman, said the road was open."
    actor = _actor(_analyse(nlp, text), "Salih")
    assert actor.title.startswith("army spokesman")


def test_given_name_and_hyphenated_surname_merge_with_the_full_name(nlp):
    text = (
        "North Korean leader Kang Jong Su inspected a missile unit, state media said. "
        "Kang said the drills were a warning.\n\n"
        "Oman's Foreign Minister Salim bin Khalfan al-Rawahi met both delegations. "
        "Al-Rawahi said the door remained open."
    )
    a = _analyse(nlp, text)
    names = [x.name for x in a.actors]
    assert "Kang" not in names and "Al-Rawahi" not in names
    for q in a.quotes:
        assert q.speaker.name in ("Kang Jong Su", "Salim bin Khalfan al-Rawahi", "")


def test_speakers_are_never_pronouns_or_fragments(nlp):
    text = (
        "Marovia's army will not attend the talks, a senior military official said on Tuesday.\n\n"
        "The official, who asked not to be named, said the army saw no point in a new forum.\n\n"
        "The group said it was ready to talk. It said the convoys could move on Friday."
    )
    a = _analyse(nlp, text)
    assert a.quotes
    for q in a.quotes:
        assert not is_bad_speaker(q.speaker.name), q.speaker.name
        assert "not to be named" not in q.content.text


def test_title_alone_goes_to_the_person_named_next(nlp):
    text = (
        "The Pakistani deputy prime minister rejected the accusation on Friday. "
        "Imran Aziz Qureshi told parliament that Pakistan condemned the attack."
    )
    a = _analyse(nlp, text)
    actor = _actor(a, "Qureshi")
    assert actor.title == "deputy prime minister"
    assert actor.country == "PK"


def test_headline_and_back_references_are_not_quotes(nlp):
    title = "Marovia says talks can wait until the spring"
    text = title + "\n\nKESTOR, March 3 (Wire) - Marovia rejected the proposal on Monday. " \
        "Foreign Minister Ilya Dorn said the talks could wait until the spring."
    a = _analyse(nlp, text, title=title)
    contents = [q.content.text for q in a.quotes]
    assert all(q.content.start > len(title) for q in a.quotes)
    assert "the proposal" not in contents
    assert any("talks could wait" in c for c in contents)


def test_said_by_telephone_is_not_an_agent(nlp):
    text = '"We will be there on the 14th," Musa Idris Karam, a spokesman for the RSF, said by telephone.'
    a = _analyse(nlp, text)
    assert a.quotes and a.quotes[0].speaker.name == "Musa Idris Karam"


def test_leaders_registry_is_dated_and_shadowed():
    rows = [
        {"name": "Ana Lópes", "country": "PT", "office": "Prime Minister of Portugal",
         "title": "prime minister", "from_year": 2015, "to_year": 2019, "wikidata": "Q1"},
    ]
    data = leaders_data(rows)
    assert data["actors"][0]["titles"][0] == {
        "title": "Prime Minister of Portugal", "role": "prime minister", "from": "2015", "to": "2020",
    }
    registry = load_registry(())
    # the curated registry shadows the open list for the same alias
    assert registry.by_alias("Donald Trump").country == "US"
    # the open leaders list is loaded, accents folded, dated
    holder = next(a for a in registry.actors if a.kind == "person" and a.titles and a.country == "FR")
    assert registry.by_alias(fold(holder.name)) is not None
    assert role_on(registry.by_alias("Hamas"), "2025-01-01") is None
    assert registry.by_alias("RSF").kind == "group"


def test_countries_by_demonym_name_and_capital():
    countries = load_countries()
    assert countries.code("Qatari") == "QA"
    assert countries.code("Tehran") == "IR"
    assert countries.code("U.S.") == "US"


def _speakers(analysis) -> dict[str, str]:
    return {q.content.text: q.speaker.name for q in analysis.quotes}


def test_a_state_body_without_its_state_is_the_dateline_country(nlp):
    text = (
        "Border talks stall\n\nKHARTOUM, March 3 (Wire) - The army said on Monday it had not "
        "been told of the plan. The foreign ministry said the talks would resume in May."
    )
    speakers = _speakers(_analyse(nlp, text, title="Border talks stall"))
    assert speakers["it had not been told of the plan"] == "Sudanese army"
    assert speakers["the talks would resume in May"] == "Sudanese foreign ministry"


def test_a_body_named_with_its_state_keeps_that_name(nlp):
    text = (
        "Ministry protests\n\nVELMORA, May 2 (Wire) - Japan's defence ministry said the drill broke "
        "the accord. South Korea's foreign ministry summoned the envoy on Friday. "
        "The ministry said the visit was unlawful."
    )
    speakers = _speakers(_analyse(nlp, text, title="Ministry protests"))
    assert speakers["the drill broke the accord"] == "Japan's defence ministry"
    assert speakers["the visit was unlawful"] == "South Korea's foreign ministry"


def test_an_unnamed_spokesperson_speaks_for_the_body(nlp):
    text = (
        "Port stays shut\n\nVELMORA, May 2 (Wire) - An EU spokesperson said the bloc expected "
        "both sides to reopen the port. An Indian army spokesman said the frontier was quiet. "
        "The Velmoran harbour authority said the port would stay shut. A spokeswoman said "
        "talks would resume in June."
    )
    speakers = _speakers(_analyse(nlp, text, title="Port stays shut"))
    assert speakers["the bloc expected both sides to reopen the port"] == "European Union"
    assert speakers["the frontier was quiet"] == "Indian army"
    assert speakers["talks would resume in June"] == "Velmoran harbour authority"


def test_a_belief_right_after_said_is_the_speakers_report(nlp):
    text = "Foreign Minister Ilya Varsen said Velmora wanted monitors to leave the border."
    speakers = _speakers(_analyse(nlp, text))
    assert speakers == {"Velmora wanted monitors to leave the border": "Ilya Varsen"}


def test_a_hyphenated_name_after_a_title_is_a_person_with_that_title(nlp):
    text = (
        "Chad's government spokesman, Jean-Luc Mbarga Tessi, said in Velistra that rebels "
        "had shelled the harbour."
    )
    analysis = _analyse(nlp, text)
    person = _actor(analysis, "Tessi")
    assert person.kind == "person" and person.title == "government spokesman"
    assert person.country == "TD"


def test_a_titled_name_the_tagger_missed_is_that_person(nlp):
    text = (
        "Harbour deal\n\nVELMORA, May 2 (Wire) - \"The port will reopen,\" Special Envoy "
        "Ilsa Brandt-Okoro told the council. She said she expected both sides to sign in June."
    )
    analysis = _analyse(nlp, text, title="Harbour deal")
    speakers = _speakers(analysis)
    assert speakers["The port will reopen,"] == "Ilsa Brandt-Okoro"
    assert speakers["she expected both sides to sign in June"] == "Ilsa Brandt-Okoro"
    person = _actor(analysis, "Brandt-Okoro")
    assert person.kind == "person" and person.title == "special envoy"


def test_a_titled_name_with_particles_is_one_person(nlp):
    text = ("Pass reopens\n\nVELMORA, May 2 (Wire) - Defence Minister Ramón de la Fuente Ibarra "
            "said the pass would reopen on Monday.")
    analysis = _analyse(nlp, text, title="Pass reopens")
    assert _speakers(analysis)["the pass would reopen on Monday"] == "Ramón de la Fuente Ibarra"
    assert _actor(analysis, "Fuente Ibarra").title == "defence minister"


def test_a_counterpart_holds_the_office_of_the_person_named_before(nlp):
    text = (
        "VELMORA, April 6 (Wire) - Lorvanian Foreign Minister Pavel Orlin and his North Korean "
        "counterpart, Ri Sang-chol, agreed on Friday to expand trade, the ministry said."
    )
    analysis = _analyse(nlp, text, published="2025-04-06")
    ri = _actor(analysis, "Sang-chol")
    assert (ri.kind, ri.title, ri.country) == ("person", "foreign minister", "KP")
