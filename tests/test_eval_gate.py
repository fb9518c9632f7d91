"""The evaluation gate: measured accuracy must not fall below the floors in eval_floors.json.

Each corpus is analysed once per test session (one pipeline pass) and shared by its gate
tests. Floors only go up; raising one is a commit of its own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import require_corpus
from parley.eval.runner import EvalReport, evaluate_brat, evaluate_news, evaluate_seed

FLOORS_FILE = Path(__file__).with_name("eval_floors.json")
FLOORS: dict[str, dict[str, float]] = {
    k: v for k, v in json.loads(FLOORS_FILE.read_text("utf-8")).items() if not k.startswith("_")
}
#: floor section -> the session fixture holding the report it is measured on
SECTIONS = {
    "seed": "seed_report",
    "seed_events": "seed_report",
    "seed_stances": "seed_report",
    "polnear_dev": "polnear_dev_report",
    "newsdev": "newsdev_report",
    "wire": "wire_report",
}
SLOW = {"polnear_dev"}


@pytest.fixture(scope="session")
def seed_report(nlp) -> EvalReport:
    """The seed article analysed by parley and scored against its gold."""
    return evaluate_seed(require_corpus("seed", "gold.json"), nlp=nlp)


@pytest.fixture(scope="session")
def polnear_dev_report(nlp) -> EvalReport:
    """The PolNeAR dev split analysed by parley (one pass) and scored."""
    return evaluate_brat(require_corpus("polnear", "dev"), nlp=nlp)


@pytest.fixture(scope="session")
def newsdev_report(nlp):
    """The real-news development set analysed by parley and scored by its README's rules."""
    return evaluate_news(require_corpus("newsdev"), nlp=nlp)


@pytest.fixture(scope="session")
def wire_report(nlp):
    """parley's own invented multi-conflict set (tests/fixtures/wire), scored the same way."""
    return evaluate_news(Path(__file__).parent / "fixtures" / "wire", nlp=nlp)


def test_floors_file_is_well_formed():
    assert set(FLOORS) == set(SECTIONS)
    for section, floors in FLOORS.items():
        assert floors, section
        for metric, floor in floors.items():
            assert isinstance(floor, (int, float)) and 0.0 <= floor <= 1.0, (section, metric)


GATES = [
    pytest.param(
        section,
        metric,
        marks=[pytest.mark.slow] if section in SLOW else [],
        id=f"{section}-{metric}",
    )
    for section, floors in FLOORS.items()
    for metric in floors
]


@pytest.mark.parametrize("section, metric", GATES)
def test_accuracy_floor(request, section, metric):
    report: EvalReport = request.getfixturevalue(SECTIONS[section])
    summary = report.summary()
    assert metric in summary, f"{metric} is not a metric of {section}: {sorted(summary)}"
    measured, floor = summary[metric], FLOORS[section][metric]
    assert measured >= floor, f"{section} {metric} fell to {measured:.4f}, below its floor {floor}"
