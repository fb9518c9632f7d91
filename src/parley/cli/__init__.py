"""parley's command line: parse arguments, call the library, format the output.

Each command lives in its own module under ``parley.cli`` and registers itself on ``app``;
library errors (``ParleyError``) become one-line messages and a non-zero exit status.
"""

from __future__ import annotations

import sys

import typer

from parley.errors import ParleyError

app = typer.Typer(
    name="parley",
    help="Who said what, who met whom, and where each party stands: a record from the news.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)



@app.callback()
def _root() -> None:
    """Who said what, who met whom, and where each party stands: a record from the news."""


# Command modules register themselves on `app` when imported.
from parley.cli import analyze as _analyze  # noqa: E402,F401
from parley.cli import digest as _digest  # noqa: E402,F401
from parley.cli import eval as _eval  # noqa: E402,F401
from parley.cli import feeds as _feeds  # noqa: E402,F401
from parley.cli import ingest as _ingest  # noqa: E402,F401
from parley.cli import issues as _issues  # noqa: E402,F401
from parley.cli import secret as _secret  # noqa: E402,F401
from parley.cli import serve as _serve  # noqa: E402,F401
from parley.cli import tokens as _tokens  # noqa: E402,F401


def main() -> None:
    """Console entry point."""
    try:
        app()
    except ParleyError as exc:
        print(f"parley: error: {exc}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("parley: interrupted", file=sys.stderr)
        sys.exit(130)
