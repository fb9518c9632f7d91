"""Actors (from a real report naming a US secretary of state): a registry title whose "of"
phrase is the office itself ("Secretary of State") keeps it as the role; a title whose "of"
phrase says whose office it is ("President of X") does not."""

from __future__ import annotations

import json

from parley.nlp.actors.registry import load_registry, role_on, short_role


def test_secretary_of_state_keeps_its_of_phrase():
    assert short_role("Ruritanian Secretary of State") == "secretary of state"
    assert short_role("Secretary of Defense") == "secretary of defense"
    assert short_role("President of Ruritania") == "president"
    assert short_role("Foreign Minister of Ruritania") == "foreign minister"


def test_registry_person_gets_the_whole_office(tmp_path):
    path = tmp_path / "actors.json"
    path.write_text(json.dumps({"actors": [
        {"name": "Tomas Verell", "kind": "person", "country": "US", "aliases": ["Verell"],
         "titles": [{"title": "US Secretary of State", "from": "2031-01-01", "to": None}]},
    ]}), "utf-8")
    registry = load_registry((str(path),))
    assert role_on(registry.by_alias("Verell"), "2032-05-01") == "secretary of state"
