"""The end of ``make demo``: store the example articles in a demo database and say how to
open the hub on it.

    python -m parley.demo_hub [--db parley-demo.db] [--examples examples] [--port 8000]

Idempotent: a second run finds the articles already stored and changes nothing. The
examples tell the invented Torvane Strait story of ``tests/fixtures/world``; when that
folder is there its actor registry and issue catalogue are used, so names and issues
resolve as in the tests.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from parley.errors import ParleyError

ROOT = Path(__file__).resolve().parents[2]
WORLD = ROOT / "tests" / "fixtures" / "world"
#: The date every example is written for (see examples/README.md).
PUBLISHED = "2025-03-17"
SUFFIXES = (".html", ".htm", ".txt")


def demo_pipeline():
    """parley's pipeline, with the world's registry and catalogue when they are present."""
    from parley.nlp.pipeline import build_pipeline, load_pipeline

    actors, issues = WORLD / "actors.json", WORLD / "issues.json"
    if not (actors.is_file() and issues.is_file()):
        return load_pipeline()
    return build_pipeline(configs={"actors": {"registries": [str(actors)]},
                                   "stances": {"issues": [str(issues)]}})


def example_files(folder: Path) -> list[str]:
    """The example articles, sorted by name."""
    if not folder.is_dir():
        raise ParleyError(f"{folder}: no examples folder here (run from the checkout)")
    files = sorted(str(p) for p in folder.iterdir() if p.suffix.lower() in SUFFIXES)
    if not files:
        raise ParleyError(f"{folder}: no .html or .txt examples found")
    return files


def build(db: str, examples: Path) -> tuple[int, object]:
    """Ingest the examples into ``db``; return how many articles it holds and the summary."""
    from parley.config import load_settings
    from parley.ingest.runner import ingest
    from parley.store import Store

    settings = load_settings(db=db)
    with Store.open(settings.db) as store:
        summary = ingest(example_files(examples), store, settings=settings,
                         published=PUBLISHED, nlp=demo_pipeline())
        total = len(store.latest(limit=500, one_per_story=False).items)
    return total, summary


def instructions(db: str, port: int) -> str:
    """How to open the hub on the demo database."""
    parley = Path(sys.executable).with_name("parley")
    command = str(parley) if parley.exists() else "parley"
    try:
        command = os.path.relpath(command)
    except ValueError:  # another drive (Windows)
        pass
    return (f"Open the hub on the demo data:\n"
            f"    {shlex.quote(command)} serve --db {shlex.quote(db)} --port {port}\n"
            f"then visit http://127.0.0.1:{port}/ (Ctrl-C stops the server).")


def main(argv: list[str] | None = None) -> int:
    """Build the demo database and print how to open the hub."""
    parser = argparse.ArgumentParser(prog="python -m parley.demo_hub", description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="parley-demo.db", help="demo database (SQLite path)")
    parser.add_argument("--examples", default="examples", type=Path, help="folder of examples")
    parser.add_argument("--port", default=8000, type=int, help="port to suggest")
    args = parser.parse_args(argv)
    try:
        total, summary = build(args.db, args.examples)
    except ParleyError as exc:
        print(f"parley: error: {exc}", file=sys.stderr)
        return 1
    for failure in summary.failed:
        print(f"parley: error: {failure.source}: {failure.reason}", file=sys.stderr)
    print(f"\nDemo hub: {total} articles in {args.db} ({summary.headline()}).")
    print(instructions(args.db, args.port))
    return 0 if summary.ok else 1


if __name__ == "__main__":
    sys.exit(main())
