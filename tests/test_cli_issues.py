"""``parley issues ...``: list, show, rename, merge, promote and regroup, in process."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from parley.cli import app
from parley.store import Store
from world_support import ostria_1, varn_1, varn_2

runner = CliRunner()


def _db(tmp_path) -> str:
    path = str(tmp_path / "parley.db")
    with Store.open(path) as store:
        for analysis in (varn_1(), ostria_1(), varn_2()):
            store.save_analysis(analysis)
    return path


def _run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_issues_commands(tmp_path):
    db = _db(tmp_path)
    listed = _run("issues", "list", "--db", db, "--json")
    assert listed.exit_code == 0, listed.output
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert len(rows) == 3 and rows[0]["stance_count"] == 4
    top, other = rows[0]["slug"], rows[1]["slug"]
    shown = _run("issues", "show", top, "--db", db)
    assert "Lena Marsh" in shown.output and "“the disarmament of the red hand militia”" in shown.output
    assert _run("issues", "rename", top, "Disarming the Red Hand", "--db", db).exit_code == 0
    assert json.loads(_run("issues", "show", top, "--db", db, "--json").output)["label"] \
        == "Disarming the Red Hand"
    merged = _run("issues", "merge", other, top, "--db", db)
    assert merged.exit_code == 0 and "stances moved" in merged.output
    catalogue = tmp_path / "mine.json"
    promoted = _run("issues", "promote", top, "--to", str(catalogue), "--slug", "red-hand-arms",
                    "--db", db)
    assert promoted.exit_code == 0, promoted.output
    assert json.loads(catalogue.read_text())["issues"][0]["slug"] == "red-hand-arms"
    assert _run("issues", "regroup", "--db", db).output.strip() == "3 emergent issues"


def test_unknown_issue_is_one_line_and_exit_1(tmp_path):
    db = _db(tmp_path)
    result = _run("issues", "show", "e-nothing-here", "--db", db)
    assert result.exit_code == 1
    assert "no issue called 'e-nothing-here'" in result.output
    bad = _run("issues", "merge", "e-nothing-here", "e-nor-here", "--db", db)
    assert bad.exit_code == 1 and "Traceback" not in bad.output
