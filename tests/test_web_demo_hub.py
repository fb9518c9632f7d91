"""``python -m parley.demo_hub``: the examples into a demo database, idempotently, and how to
open the hub on it."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from parley import demo_hub
from parley.config import Settings
from parley.web.app import create_app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_demo_builds_once_and_prints_how_to_open_it(tmp_path, capsys):
    db = str(tmp_path / "demo.db")
    assert demo_hub.main(["--db", db, "--examples", str(EXAMPLES), "--port", "8123"]) == 0
    first = capsys.readouterr().out
    count = len([p for p in EXAMPLES.iterdir() if p.suffix in (".html", ".txt")])
    assert f"{count} articles in {db}" in first and f"{count} new" in first
    assert f"serve --db {db} --port 8123" in first
    assert "http://127.0.0.1:8123/" in first

    assert demo_hub.main(["--db", db, "--examples", str(EXAMPLES)]) == 0
    second = capsys.readouterr().out
    assert f"{count} articles" in second and f"{count} unchanged" in second and "0 new" in second

    with TestClient(create_app(Settings(db=db, secret="x"), hooks=False)) as client:
        home = client.get("/index.json").json()
        assert len(home["articles"]) >= 1
        assert all(a["published"] == demo_hub.PUBLISHED for a in home["articles"])
        assert client.get("/issues.json").json()["issues"]


def test_missing_examples_folder_is_a_one_line_error(tmp_path, capsys):
    code = demo_hub.main(["--db", str(tmp_path / "d.db"), "--examples", str(tmp_path / "none")])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("parley: error:") and "no examples folder" in err
