"""``parley serve``: run the web hub (pages, JSON twins, search, exports, write API).

Exit status: 0 when stopped (Ctrl-C), 1 when the database or a setting is unusable or the
address is taken, 2 for a usage error.
"""

from __future__ import annotations

import logging
import socket
import sys
from typing import Annotated

import typer

from parley.cli import app
from parley.cli.ingest import Db, fail
from parley.errors import ParleyError


@app.command()
def serve(
    db: Db = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8000,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Log only warnings and errors.")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, max=64, help=(
        "Worker processes (uvicorn's own worker model: one listening socket, N processes, "
        "each with its own connection pool). About one per core; PostgreSQL is what several "
        "workers are for (SQLite readers share the file fine, writers take turns)."))] = 1,
) -> None:
    """Serve the hub on http://HOST:PORT/ until interrupted."""
    import os

    import uvicorn

    from parley.config import Settings, load_settings
    from parley.web.app import create_app

    logging.basicConfig(level=logging.WARNING if quiet else logging.INFO,
                        format="parley: %(levelname)s: %(message)s")
    try:
        settings = load_settings(db=db)
        if settings.base_url == Settings().base_url and host not in ("0.0.0.0", "::", ""):
            # Not configured: links in mails and feeds point where this hub listens.
            shown_host = f"[{host}]" if ":" in host else host
            settings.base_url = f"http://{shown_host}:{port}"
        hub = create_app(settings)
    except ParleyError as exc:
        raise fail(str(exc)) from None
    shown = f"[{host}]" if ":" in host else host
    problem = _cannot_listen(host, port)
    if problem:
        raise fail(f"cannot listen on {shown}:{port}: {problem}")
    if not quiet:
        print(f"parley: serving {settings.db} at http://{shown}:{port}/ (Ctrl-C to stop)",
              file=sys.stderr, flush=True)
    if workers > 1:
        # uvicorn starts each worker from an import string: the app factory reads the same
        # settings from the environment in every process (the one built above checked them).
        os.environ["PARLEY_DB"] = str(settings.db)
        os.environ["PARLEY_BASE_URL"] = settings.base_url
        hub.state.store.close()  # the supervisor serves nothing: each worker opens its own
        try:
            uvicorn.run("parley.web.app:create_app", factory=True, workers=workers, host=host,
                        port=port, log_level="warning" if quiet else "info",
                        access_log=not quiet, server_header=False, proxy_headers=False)
        except SystemExit as exc:
            if exc.code not in (0, None):
                raise fail(f"the hub could not start on {shown}:{port}") from None
            raise
        return
    config = uvicorn.Config(hub, host=host, port=port, log_level="warning" if quiet else "info",
                            access_log=not quiet, server_header=False, proxy_headers=False)
    server = uvicorn.Server(config)
    try:
        server.run()
    except SystemExit as exc:  # uvicorn exits when it cannot start (it logged why)
        if exc.code not in (0, None):
            raise fail(f"the hub could not start on {shown}:{port}") from None
        raise


def _cannot_listen(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on (address in use, no such address), or None."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        return exc.strerror or str(exc)
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            probe.bind(address)
        except OSError as exc:
            return exc.strerror or str(exc)
    return None
