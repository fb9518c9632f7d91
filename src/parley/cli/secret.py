"""``parley secret rotate``: replace the signing secret the hub keeps in its database.

The secret signs the hub's form tokens and the links in its mails. Without ``PARLEY_SECRET``
the hub creates one on first start and stores it in the database; rotating it makes every
link in mails already sent and every open form invalid (subscribers use a new mail's
links). With ``PARLEY_SECRET`` set, the stored one is not used: change the setting instead.
Exit status 0 on success, 1 when the database is unusable.
"""

from __future__ import annotations

import sys

import typer

from parley.cli import app
from parley.cli.ingest import Db, store_session

secret_app = typer.Typer(
    name="secret",
    help="The hub's signing secret (forms, mail links): rotate the stored one.",
    no_args_is_help=True,
)
app.add_typer(secret_app, name="secret")


@secret_app.command("rotate")
def rotate(db: Db = None) -> None:
    """Replace the stored secret; restart the hub afterwards so that it uses the new one."""
    from parley.store.hub_secret import rotate_secret

    with store_session(db) as (settings, store):
        rotate_secret(store)
    print("parley: a new secret is stored; restart `parley serve` to use it. Links in mails "
          "sent before now no longer work.", file=sys.stderr)
    if settings.secret:
        print("parley: note: PARLEY_SECRET (or `secret` in parley.toml) is set and wins over "
              "the stored secret; change that setting to rotate the one in use.", file=sys.stderr)
