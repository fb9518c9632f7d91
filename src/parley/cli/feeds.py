"""``parley feeds add|list|remove|import-opml|export-opml`` and ``parley poll``.

``poll`` fetches the feeds that are due (conditional GET), ingests their new entries and
records each feed's state; run it from cron with ``--quiet``. Exit status: 0 when every due
feed and entry went through, 1 when any failed (listed on standard error), 2 for usage.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from parley.cli import app
from parley.cli.ingest import Db, Quiet, fail, run_and_report, store_session, when

feeds_app = typer.Typer(
    name="feeds",
    help="Subscribed feeds: add, list, remove, import and export OPML.",
    no_args_is_help=True,
)
app.add_typer(feeds_app, name="feeds")

@feeds_app.command("add")
def add(
    url: Annotated[str, typer.Argument(help="A feed URL, or a site's page to find the feed on.")],
    title: Annotated[str | None, typer.Option("--title", help="Title to list the feed under.")] = None,
    db: Db = None,
) -> None:
    """Subscribe to a feed (a site's home page works: its feed is discovered)."""
    from parley.ingest.discover import find_feed
    from parley.ingest.fetch import Fetcher

    with store_session(db) as (settings, store):
        with Fetcher.from_settings(settings) as fetcher:
            feed = find_feed(url, fetcher)
        added = store.add_feed(feed.url, title=title or feed.title, site_url=feed.site_url)
    found = "" if feed.url == url else f" (found from {url})"
    print(f"added {added.url}{found}: {added.title or 'untitled'}, {len(feed.entries)} entries now")


@feeds_app.command("list")
def list_(
    fmt: Annotated[str, typer.Option("--format", help="table, tsv or json.")] = "table",
    db: Db = None,
) -> None:
    """List subscribed feeds with their polling state."""
    if fmt not in ("table", "tsv", "json"):
        raise typer.BadParameter("choose table, tsv or json", param_hint="--format")
    with store_session(db) as (_settings, store):
        feeds = store.list_feeds()
    rows = [
        (f.url, f.title or "", when(f.last_polled_at), str(f.last_status or "-"),
         str(f.error_count), f.last_error or "", when(f.next_poll_at))
        for f in feeds
    ]
    headers = ("url", "title", "last polled", "status", "errors", "last error", "next poll")
    if fmt == "json":
        print(json.dumps([dict(zip(headers, row, strict=True)) for row in rows], indent=2))
    elif fmt == "tsv":
        for row in [headers, *rows]:
            print("\t".join(cell.replace("\t", " ") for cell in row))
    else:
        _print_table(headers, rows)


def _print_table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    from rich.console import Console
    from rich.table import Table

    if not rows:
        print("no feeds yet: add one with `parley feeds add URL`")
        return
    table = Table(*headers, show_lines=False)
    for row in rows:
        table.add_row(*row)
    Console(width=None if sys.stdout.isatty() else 200).print(table)


@feeds_app.command("remove")
def remove(
    url: Annotated[str, typer.Argument(help="The feed's URL as listed.")], db: Db = None
) -> None:
    """Unsubscribe from a feed (its articles stay)."""
    with store_session(db) as (_settings, store):
        removed = store.remove_feed(url)
    if not removed:
        raise fail(f"{url}: no such feed (see `parley feeds list`)")
    print(f"removed {url}")


@feeds_app.command("import-opml")
def import_opml(file: Annotated[Path, typer.Argument(help="An OPML file.")], db: Db = None) -> None:
    """Subscribe to every feed listed in an OPML file."""
    from parley.ingest.opml import read_opml

    with store_session(db) as (_settings, store):
        listed = read_opml(file)
        before = {f.url for f in store.list_feeds()}
        for feed in listed:
            store.add_feed(feed.url, title=feed.title, site_url=feed.site_url)
    new = sum(1 for f in listed if f.url not in before)
    print(f"imported {new} feeds from {file} ({len(listed) - new} already subscribed)")


@feeds_app.command("export-opml")
def export_opml(
    file: Annotated[str, typer.Argument(help="Where to write the OPML (- for standard output).")] = "-",
    db: Db = None,
) -> None:
    """Write the subscribed feeds as an OPML 2.0 file."""
    from parley.ingest.opml import write_opml

    with store_session(db) as (_settings, store):
        text = write_opml(store.list_feeds())
    if file == "-":
        sys.stdout.write(text)
        return
    try:
        Path(file).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise fail(f"{file}: {exc.strerror}") from None


@app.command()
def poll(
    quiet: Quiet = False,
    db: Db = None,
) -> None:
    """Fetch the feeds that are due and ingest their new entries (for cron: --quiet)."""
    from parley.ingest.runner import poll as run_poll

    with store_session(db) as (settings, store):
        run_and_report(quiet, "poll", lambda progress: run_poll(
            store, settings, progress=progress, writer="process"))
