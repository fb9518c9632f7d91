"""``parley issues list|show|rename|merge|promote|regroup``: the emergent issues an editor
looks after.

Open stances are grouped into emergent issues as articles are stored (``parley.world``);
these commands list them and let an editor rename one, merge one into another, promote one
into a catalogue file, or group every open stance again. A hub serving the same database
(every worker of ``parley serve``) shows each change at its next request, with new ETags:
the operations journal themselves (``parley.store.memo.note_change``). Exit status: 0 on
success, 1 for an unknown issue or a database failure, 2 for usage.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from parley.cli import app
from parley.cli.ingest import Db, fail, store_session
from parley.world import store as world

issues_app = typer.Typer(
    name="issues",
    help="Emergent issues grouped from open stances: list, show, rename, merge, promote, regroup.",
    no_args_is_help=True,
)
app.add_typer(issues_app, name="issues")

Slug = Annotated[str, typer.Argument(help="The issue's slug (as on the hub: /issues/SLUG).")]
AsJson = Annotated[bool, typer.Option("--json", help="JSON instead of text.")]


def _line(info: world.EmergentIssue) -> str:
    sides = "; ".join(f"{label}: {', '.join(names)}" for label, names in sorted(info.sides.items()))
    dates = f"{info.first_date or '?'}..{info.last_date or '?'}"
    return f"{info.slug}\t{info.stance_count} stances\t{dates}\t{info.label}\t{sides}"


@issues_app.command("list")
def list_(db: Db = None, as_json: AsJson = False,
          limit: Annotated[int, typer.Option(min=1, max=1000)] = 100) -> None:
    """Emergent issues, the most stances first: slug, count, dates, label, sides."""
    with store_session(db) as (_, store):
        found = world.list_emergent(store, limit)
    for info in found:
        print(json.dumps(info.to_json(), ensure_ascii=False) if as_json else _line(info))


@issues_app.command("show")
def show(slug: Slug, db: Db = None, as_json: AsJson = False) -> None:
    """One issue: label, key phrases (how the articles wrote it), sides and dates."""
    with store_session(db) as (_, store):
        info = world.issue_info(store, slug)
    if info is None:
        raise fail(f"no issue called {slug!r}")
    if as_json:
        print(json.dumps(info.to_json(), ensure_ascii=False))
        return
    print(_line(info))
    for phrase in info.phrases:
        print(f"  “{phrase}”")
    if info.merged_into:
        print(f"  merged into {info.merged_into}")


@issues_app.command("rename")
def rename(slug: Slug, label: Annotated[str, typer.Argument(help="The new label.")],
           db: Db = None) -> None:
    """Give an issue a readable label (its slug and links stay)."""
    with store_session(db) as (_, store):
        world.rename(store, slug, label)
    print(f"renamed {slug}")


@issues_app.command("merge")
def merge(source: Slug, target: Annotated[str, typer.Argument(help="The issue to merge into.")],
          db: Db = None) -> None:
    """Move every stance of SOURCE into TARGET (SOURCE then points at TARGET)."""
    with store_session(db) as (_, store):
        moved = world.merge(store, source, target)
    print(f"merged {source} into {target} ({moved} stances moved)")


@issues_app.command("promote")
def promote(slug: Slug,
            catalogue: Annotated[Path, typer.Option("--to", help=(
                "The catalogue file to write (created or extended; use it with PARLEY_ISSUES)."))],
            new_slug: Annotated[str | None, typer.Option("--slug", help=(
                "The catalogue slug (default: the emergent slug without its 'e-').")) ] = None,
            db: Db = None) -> None:
    """Write an emergent issue into a catalogue file, for an editor to refine its cues."""
    with store_session(db) as (_, store):
        entry = world.promote(store, slug, catalogue, new_slug)
    print(f"promoted {slug} as {entry['slug']} into {catalogue}")


@issues_app.command("regroup")
def regroup(db: Db = None) -> None:
    """Group every open stance again, oldest article first (undoes merges, keeps labels)."""
    with store_session(db) as (_, store):
        count = world.regroup(store)
    print(f"{count} emergent issues")
