"""``parley ingest``: files, folders, article URLs, feed URLs and OPML lists into the database.

Exit status: 0 when every source was ingested (or was already there), 1 when any source
failed (each failure is listed on standard error with its reason; the rest is still
ingested) or when the database or a setting is unusable, 2 for a usage error.
"""

from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

import typer

from parley.cli import app
from parley.config import Settings, load_settings
from parley.errors import ParleyError

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DB_HELP = "SQLite path or postgresql:// URL (default: PARLEY_DB, else parley.db)."
QUIET_HELP = "No progress bar and no summary: only failures (for cron)."
#: The ``--db`` option every command that opens the store takes.
Db = Annotated[str | None, typer.Option("--db", help=DB_HELP)]
#: The ``--quiet`` option of the commands cron runs.
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help=QUIET_HELP)]


class WriterMode(StrEnum):
    """Where ``parley ingest`` saves (``parley.ingest.writer.MODES``)."""

    process = "process"
    thread = "thread"
    inline = "inline"


def fail(message: str) -> typer.Exit:
    """Print a one-line error and return the exit to raise."""
    print(f"parley: error: {message}", file=sys.stderr)
    return typer.Exit(1)


def open_store(db: str | None) -> tuple[Settings, object]:
    """Settings (with ``--db`` applied) and the open store; errors become one line, exit 1."""
    from sqlalchemy.exc import SAWarning

    from parley.store import Store

    try:
        settings = load_settings(db=db)
        with warnings.catch_warnings():
            # SQLAlchemy's notes about schema reflection during migration are for developers,
            # not a line on a user's terminal or in a cron mail.
            warnings.simplefilter("ignore", SAWarning)
            return settings, Store.open(settings.db)
    except ParleyError as exc:
        raise fail(str(exc)) from None


@contextmanager
def store_session(db: str | None) -> Iterator[tuple[Settings, Any]]:
    """``open_store`` for the length of a ``with`` block: the store is closed after it, and a
    ParleyError raised inside becomes a one-line error (exit 1)."""
    settings, store = open_store(db)
    try:
        yield settings, store
    except ParleyError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()


@contextmanager
def progress_reporter(quiet: bool, what: str) -> Iterator[Callable[[str, str], None] | None]:
    """A rich progress display on stderr (only on a terminal and without --quiet)."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    counts = {"new": 0, "revised": 0, "unchanged": 0, "duplicate": 0, "failed": 0}
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(what)

        def update(event: str, label: str) -> None:
            if event in counts:
                counts[event] += 1
            tally = " · ".join(f"{n} {k}" for k, n in counts.items() if n)
            bar.update(task, description=f"{what}: {tally or 'starting'}  [dim]{label[-60:]}[/]")

        yield update


def report(summary, quiet: bool) -> None:
    """Failures on stderr, one per line; the summary line on stdout (not with --quiet)."""
    for failure in summary.failed:
        print(f"parley: error: {failure.source}: {failure.reason}", file=sys.stderr)
    if not quiet:
        for skipped in summary.skipped:
            print(f"parley: skipped: {skipped.source}: {skipped.reason}", file=sys.stderr)
        print(summary.headline())


def run_and_report(quiet: bool, what: str, run: Callable[[Any], Any]) -> None:
    """``run(progress)`` with a progress display, then the report; exit 1 if anything failed.

    Call it inside ``store_session``, which turns a ParleyError into a one-line error.
    """
    with progress_reporter(quiet, what) as progress:
        summary = run(progress)
    report(summary, quiet)
    if not summary.ok:
        raise typer.Exit(1)


def when(value: datetime | None) -> str:
    """A timestamp as ``YYYY-MM-DD HH:MM`` for a listing, ``-`` when there is none."""
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


def check_date(value: str | None) -> str | None:
    """Validate a YYYY-MM-DD option value."""
    if value is not None and not _ISO_DATE.match(value):
        raise typer.BadParameter(f"expected a date as YYYY-MM-DD, got {value!r}")
    return value


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(
        help="Files, folders, - (stdin), article URLs, feed URLs (RSS/Atom/JSON Feed), .opml files.",
    )],
    db: Db = None,
    quiet: Quiet = False,
    published: Annotated[str | None, typer.Option(
        callback=check_date, help="Publication date YYYY-MM-DD for every article.",
    )] = None,
    n_process: Annotated[int, typer.Option(
        "--n-process", min=1, help="Processes for the analysis.",
    )] = 1,
    batch_size: Annotated[int | None, typer.Option(
        "--batch-size", min=1, help="Articles analysed together (smaller: saved sooner; "
        "default 8, with --dask or --workers 32 a task).",
    )] = None,
    # -- scale-out (parley.scale): analysis on Dask workers, see docs/scaling.md --
    dask: Annotated[str | None, typer.Option(
        "--dask", metavar="SCHEDULER_ADDRESS",
        help="Analyse on the workers of this Dask scheduler (tcp://host:8786); use a postgresql:// --db.",
    )] = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", min=1, help="Analyse on a local Dask cluster of N worker processes.",
    )] = None,
    writer: Annotated[WriterMode, typer.Option(
        "--writer", case_sensitive=False,
        help="Where the saves run: a process of their own beside the analysis (default), a "
             "thread (no start-up cost; shares the GIL with the analysis), or in line.",
    )] = WriterMode.process,
) -> None:
    """Fetch, extract, analyse and store articles; a summary at the end (exit 1 if any failed)."""
    from functools import partial

    from parley.ingest.runner import ingest as run_ingest

    if dask or workers:  # scale-out: same reading, analysis and saving on Dask workers
        from parley.scale import ingest_with_dask

        run_ingest = partial(ingest_with_dask, scheduler=dask, workers=workers)
    else:
        run_ingest = partial(run_ingest, writer=writer.value)

    if batch_size is not None:  # else each path's own default
        run_ingest = partial(run_ingest, batch_size=batch_size)

    with store_session(db) as (settings, store):
        run_and_report(quiet, "ingest", lambda progress: run_ingest(
            sources, store, settings=settings, progress=progress,
            n_process=n_process, published=published,
        ))
