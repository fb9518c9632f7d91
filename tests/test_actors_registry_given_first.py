"""Actors (from a real report naming a president the open leaders list writes surname
first): a registry name of three words or more, written surname first, is also found by its
given name and surname in the order reports use ("Tomas Verell" for "Verell Anko Tomas")."""

from __future__ import annotations

from parley.nlp.actors.registry import leaders_data


def test_leaders_list_name_written_surname_first_gets_the_given_first_alias():
    rows = [
        {"name": "Verell Anko Tomas", "country": "RU", "office": "President of Ruritania",
         "title": "president", "from_year": 2020, "to_year": None, "wikidata": "Q9"},
        {"name": "Frederik X of Borduria", "country": "BD", "office": "King of Borduria",
         "title": "king", "from_year": 2020, "to_year": None, "wikidata": "Q8"},
    ]
    people = leaders_data(rows)["actors"]
    assert "Tomas Verell" in people[0]["aliases"]
    assert people[1]["aliases"] == []
