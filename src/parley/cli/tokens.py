"""``parley tokens create|list|revoke``: API tokens for the hub's write API.

A token is shown once, when it is created; the database keeps only its hash. Exit status:
0 on success, 1 when the name is taken or unknown or the database is unusable, 2 for usage.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from parley.cli import app
from parley.cli.ingest import Db, fail, store_session, when

tokens_app = typer.Typer(
    name="tokens",
    help="API tokens for the hub's write API: create, list, revoke.",
    no_args_is_help=True,
)
app.add_typer(tokens_app, name="tokens")

@tokens_app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="A name to recognise the token by (unique).")],
    db: Db = None,
) -> None:
    """Create a token and print it (the only time it is shown)."""
    with store_session(db) as (_, store):
        token = store.create_token(name)
    print(token)
    if sys.stderr.isatty():
        print("parley: keep this token now: it cannot be shown again. Use it as "
              "'Authorization: Bearer TOKEN'.", file=sys.stderr)


@tokens_app.command("list")
def list_(
    db: Db = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per token.")] = False,
    active: Annotated[bool, typer.Option("--active", help="Only tokens not revoked.")] = False,
) -> None:
    """List tokens: name, first characters, created, last used, revoked (never the token)."""
    with store_session(db) as (_, store):
        tokens = store.list_tokens(include_revoked=not active)
    for t in tokens:
        if as_json:
            print(json.dumps({"name": t.name, "prefix": t.prefix, "active": t.active,
                              "created_at": t.created_at.isoformat(),
                              "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
                              "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None}))
        else:
            state = "active" if t.active else f"revoked {when(t.revoked_at)}"
            print(f"{t.name}\t{t.prefix}…\tcreated {when(t.created_at)}\t"
                  f"used {when(t.last_used_at)}\t{state}")


@tokens_app.command("revoke")
def revoke(
    name: Annotated[str, typer.Argument(help="The token's name.")],
    db: Db = None,
) -> None:
    """Revoke a token: calls made with it are refused from now on."""
    with store_session(db) as (_, store):
        revoked = store.revoke_token(name)
    if not revoked:
        raise fail(f"no active token called {name!r}")
    print(f"revoked {name}")
