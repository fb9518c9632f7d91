"""Choosing and reaching a Dask cluster: clear refusals, sensible local workers."""

from __future__ import annotations

import pytest

from parley.errors import ConfigError
from parley.scale import cluster as scale_cluster
from parley.scale.cluster import ClusterError, check_choice, local_memory_limit
from web_support import free_port

GIB = 1024**3


@pytest.mark.parametrize(
    ("scheduler", "workers", "message"),
    [
        ("tcp://127.0.0.1:8786", 2, "not both"),
        (None, None, "--dask SCHEDULER_ADDRESS or --workers N"),
        ("", 0, "--dask SCHEDULER_ADDRESS or --workers N"),
        (None, -1, "at least 1"),
    ],
)
def test_check_choice_refuses(scheduler, workers, message):
    with pytest.raises(ConfigError, match=message):
        check_choice(scheduler, workers)


@pytest.mark.parametrize(("scheduler", "workers"), [("tcp://127.0.0.1:8786", None), (None, 2)])
def test_check_choice_accepts_one_of_them(scheduler, workers):
    check_choice(scheduler, workers)


@pytest.mark.parametrize(
    ("n_workers", "total", "expected"),
    [
        (2, 24 * GIB, 4 * GIB),  # capped
        (2, 6 * GIB, 2 * GIB),  # a third each: two workers and the client/database
        (1, 3 * GIB, int(1.5 * GIB)),
        (7, 8 * GIB, 1 * GIB),
    ],
)
def test_local_memory_limit(n_workers, total, expected):
    assert local_memory_limit(n_workers, total) == expected


def test_unreachable_scheduler_is_one_clear_error(monkeypatch):
    monkeypatch.setattr(scale_cluster, "CONNECT_TIMEOUT", 1.0)
    address = f"tcp://127.0.0.1:{free_port()}"
    with pytest.raises(ClusterError, match=f"cannot reach the Dask scheduler at {address}"):
        with scale_cluster.dask_client(address):
            pass


def test_scheduler_without_workers_is_one_clear_error():
    from distributed import LocalCluster

    with LocalCluster(n_workers=0, processes=False, dashboard_address=None) as empty:
        with pytest.raises(ClusterError, match="no Dask worker joined"):
            with scale_cluster._connect(empty.scheduler_address) as client:
                scale_cluster.prepare_client(client, worker_timeout=1.0)


def test_workers_that_cannot_load_the_pipeline(monkeypatch):
    from distributed import Client, LocalCluster

    for name in scale_cluster.THREAD_ENV:  # the in-process worker's setup sets these here
        monkeypatch.delenv(name, raising=False)

    with LocalCluster(n_workers=1, processes=False, threads_per_worker=1,
                      dashboard_address=None) as local, Client(local) as client:
        with pytest.raises(ClusterError, match="could not load parley's pipeline"):
            scale_cluster.prepare_client(client, ("quotes",), "no_such_spacy_model")
