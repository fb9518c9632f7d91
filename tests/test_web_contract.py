"""The hub keeps the promises of its own ``/openapi.json``: Schemathesis, every check, 0 failures.

A hub is served (``parley serve``, no secret configured) from a database built by
``parley ingest`` from ``examples/`` and the world fixture (so that issues, stances and
position changes exist); the write API gets a real token from ``parley tokens create``,
the forms a real CSRF token and its cookie, the mail-link pages real signed tokens.
Schemathesis runs twice with a fixed seed: as a browser is answered (HTML pages) and as a
JSON client is (``Accept: application/json``: every body checked against its model). The
few answers no schema can express are configured, with their reasons, in
``tests/contract/schemathesis.toml``.

``PARLEY_CONTRACT_EXAMPLES`` sets the examples per operation (default 100).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from parley.config import Settings
from parley.mail import subscriptions as subs
from parley.mail.tokens import sign
from parley.store import Store
from parley.store.hub_secret import hub_secret
from web_support import WORLD, served

ROOT = Path(__file__).resolve().parent.parent
CONFIG = Path(__file__).resolve().parent / "contract" / "schemathesis.toml"
BIN = Path(sys.executable).parent
SEED = 17
NONCE = "contract-test-nonce-0123456789"
EXAMPLES = int(os.environ.get("PARLEY_CONTRACT_EXAMPLES", "100"))

pytestmark = pytest.mark.timeout(1800)


def _run(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run([str(BIN / "parley"), *args], env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _mail_tokens(db: str) -> dict[str, str]:
    """A subscription's confirm, unsubscribe and preferences tokens, signed as the hub signs."""
    with Store.open(db) as store:
        settings = Settings(db=db, secret=hub_secret(store))  # the hub's own (stored) secret
        # Two subscriptions of one address: one to confirm, one to cancel (a cancelled
        # subscription cannot be confirmed, whichever operation Schemathesis runs first).
        for follow in (subs.Follow("all"), subs.Follow("search", "ceasefire")):
            subs.subscribe(store, settings, "reader@example.org", follow, "daily")
        first, second = subs.list_subscriptions(store)
        salt = _salt(store)
        tokens = {"PARLEY_ST_CONFIRM": sign(settings.secret, "confirm", first.id, binding=salt)}
        for name, link in (("PARLEY_ST_UNSUBSCRIBE",
                            subs.unsubscribe_link(settings, second.id, salt)),
                           ("PARLEY_ST_PREFERENCES",
                            subs.preferences_for_subscription(store, settings, first.id))):
            tokens[name] = re.search(r"token=([^&]+)", link).group(1)
    return tokens


def _salt(store) -> str:
    import sqlalchemy as sa

    from parley.store.mail_schema import mail_subscribers

    with store.engine.connect() as conn:
        return conn.execute(sa.select(mail_subscribers.c.token_salt)).scalar_one()


@pytest.fixture(scope="module")
def contract_hub(tmp_path_factory):
    """(base URL, environment for Schemathesis) of a served hub over the contract database."""
    folder = tmp_path_factory.mktemp("contract")
    db = str(folder / "hub.db")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    world = {**env, "PARLEY_ACTORS": str(WORLD / "actors.json"),
             "PARLEY_ISSUES": str(WORLD / "issues.json")}
    _run("ingest", "--db", db, "--quiet", str(ROOT / "examples"), str(WORLD / "articles"),
         env=world)
    api_token = _run("tokens", "create", "schemathesis", "--db", db, env=env).strip()
    tokens = _mail_tokens(db)
    hub_env = {**env, "PARLEY_SEARCH_PER_MINUTE": "0", "PARLEY_SUBSCRIBE_PER_IP": "1000000",
               "PARLEY_MAIL_INTERVAL": "0"}  # no secret: the hub's stored one is used
    with served(db, env=hub_env) as url:
        form = httpx.get(f"{url}/subscribe", cookies={"parley_csrf": NONCE})
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
        yield url, {**env, **tokens, "PARLEY_ST_ISSUE": "ceasefire",
                    "PARLEY_ST_AUTH": f"Bearer {api_token}", "PARLEY_ST_CSRF": csrf}


def schemathesis(url: str, env: dict[str, str], folder: Path, *headers: str):
    """Run the Schemathesis CLI; (exit status, output, seconds)."""
    args = [str(BIN / "schemathesis"), "--config-file", str(CONFIG), "run",
            f"{url}/openapi.json", "--checks", "all", "--max-examples", str(EXAMPLES),
            "--seed", str(SEED), "--workers", "1", "--no-color",
            "-H", f"Authorization: {env['PARLEY_ST_AUTH']}",
            "-H", f"Cookie: parley_csrf={NONCE}", "-H", f"X-CSRF-Token: {env['PARLEY_ST_CSRF']}"]
    for header in headers:
        args += ["-H", header]
    started = time.monotonic()
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=1500,
                          cwd=folder)  # its cache folder goes there, not in the checkout
    seconds = time.monotonic() - started
    return done.returncode, done.stdout + done.stderr, seconds


@pytest.mark.parametrize("accept", ["*/*", "application/json"])
def test_schemathesis_finds_no_failure(contract_hub, tmp_path, accept):
    url, env = contract_hub
    status, output, seconds = schemathesis(
        url, env, tmp_path, f"Accept: {accept}")
    summary = output[output.rfind("WARNINGS") if "WARNINGS" in output else output.rfind("SUMMARY"):]
    print(f"schemathesis, Accept: {accept}: {seconds:.0f} s\n{summary}")
    assert status == 0, output[-20000:]
    selected, total = re.search(r"Selected: (\d+)/(\d+)", summary).groups()
    assert selected == total == re.search(r"Tested: (\d+)", summary).group(1)
    generated, passed = re.search(r"(\d+) generated, (\d+) passed", summary).groups()
    assert generated == passed and int(generated) >= EXAMPLES * int(total)
