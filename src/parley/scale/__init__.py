"""Scale-out: batch analysis on a Dask cluster, with PostgreSQL as the shared store.

``ingest_with_dask`` is what ``parley ingest --dask ADDRESS`` / ``--workers N`` calls;
``dask_client`` gives a prepared client (pipeline plugin installed) for other batch jobs;
``analyze_batch`` is the task itself. See docs/scaling.md for running a real cluster.
"""

from parley.scale.cluster import ClusterError, dask_client, pipeline_loads, worker_pids
from parley.scale.plugin import PipelinePlugin
from parley.scale.runner import analyze_on_cluster, ingest_on_cluster, ingest_with_dask
from parley.scale.tasks import BatchResult, analyze_batch

__all__ = [
    "BatchResult", "ClusterError", "PipelinePlugin", "analyze_batch", "analyze_on_cluster",
    "dask_client",
    "ingest_on_cluster", "ingest_with_dask", "pipeline_loads", "worker_pids",
]
