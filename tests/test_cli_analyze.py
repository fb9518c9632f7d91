"""``parley analyze``: formats, standard input, dates, and batches with bad files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, ROOT
from parley.cli import app

INGEST = FIXTURES / "ingest"
VARGA = INGEST / "varga_bridge.txt"
BRIDGE = INGEST / "bridge_talks.html"
CRLF_STORY = (
    b"Keldmoor, 14 March\r\n"
    b"Mayor Ilse Varga said, \"We will reopen the bridge on Monday.\"\r\n"
    b"\xe2\x80\x9cNobody has shown us the engineers\xe2\x80\x99 report,\xe2\x80\x9d Karl Hobb said.\r\n"
)

runner = CliRunner()


def run(*args: str, input: bytes | str | None = None):
    return runner.invoke(app, ["analyze", *map(str, args)], input=input)


def spans(analysis: dict) -> list[dict]:
    """Every span an analysis holds: quote contents, cues, speaker mentions, actors, evidence."""
    out: list[dict | None] = []
    for q in analysis["quotes"]:
        out += [q["content"], q["cue"], q["speaker"]["mention"]]
    for a in analysis["actors"]:
        out += a["mentions"]
    for e in analysis["events"]:
        out += [e["evidence"], (e.get("date_expression") or {}).get("expression")]
    out += [s["evidence"] for s in analysis["stances"]]
    return [s for s in out if s]


def assert_offsets(analysis: dict) -> None:
    """``article.text[start:end] == span.text`` for every span (segments joined by a space)."""
    text = analysis["article"]["text"]
    for span in spans(analysis):
        segments = span.get("segments") or [[span["start"], span["end"]]]
        assert " ".join(text[s:e] for s, e in segments) == span["text"], span
    for start, end in analysis["article"].get("boilerplate", []):
        assert 0 <= start < end <= len(text)


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    shutil.copy(VARGA, tmp_path / "b-varga.txt")
    shutil.copy(BRIDGE, tmp_path / "a-bridge.html")
    (tmp_path / "c-crlf.txt").write_bytes(CRLF_STORY)
    return tmp_path


def test_jsonl_one_analysis_per_line(batch: Path) -> None:
    result = run(batch, "--format", "jsonl", "--published", "2025-03-17")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    analyses = [json.loads(line) for line in lines]
    assert [a["doc_id"] for a in analyses] == ["a-bridge", "b-varga", "c-crlf"]
    assert {a["article"]["published"] for a in analyses} == {"2025-03-17"}
    assert analyses[2]["article"]["text"] == CRLF_STORY.decode()  # exactly as decoded
    assert analyses[1]["article"]["text"] == VARGA.read_text("utf-8")
    for analysis in analyses:
        assert analysis["schema"] == 1
        assert_offsets(analysis)
    assert result.stderr == ""


def test_quote_offsets_line_up_with_the_file(batch: Path) -> None:
    """Generic over whatever the extractor finds: every span is the file's own characters."""
    result = run(batch / "c-crlf.txt", "--format", "json")
    analysis = json.loads(result.stdout)
    raw = (batch / "c-crlf.txt").read_bytes().decode("utf-8")
    for quote in analysis["quotes"]:
        content = quote["content"]
        assert raw[content["start"]:content["end"]] == content["text"]
        assert quote["direct"] in (True, False)
    assert_offsets(analysis)


def test_json_single_file_is_an_object_directory_an_array(batch: Path) -> None:
    one = json.loads(run(VARGA, "-f", "json").stdout)
    assert isinstance(one, dict) and one["doc_id"] == "varga_bridge"
    many = json.loads(run(batch, "-f", "json").stdout)
    assert isinstance(many, list) and [a["doc_id"] for a in many] == ["a-bridge", "b-varga", "c-crlf"]
    two = json.loads(run(VARGA, BRIDGE, "-f", "JSON").stdout)
    assert [a["doc_id"] for a in two] == ["varga_bridge", "bridge_talks"]


def test_json_equals_jsonl(batch: Path) -> None:
    as_json = json.loads(run(batch, "-f", "json").stdout)
    as_jsonl = [json.loads(line) for line in run(batch, "-f", "jsonl").stdout.splitlines()]
    assert as_json == as_jsonl


def test_text_report_lists_who_said_what(batch: Path) -> None:
    analysis = json.loads(run(batch / "a-bridge.html", "-f", "json").stdout)
    result = run(batch / "a-bridge.html")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("a-bridge: Keldmoor agrees to reopen Aske bridge\n")
    assert "published: 2025-03-14\n" in out and "site: Keldmoor Courier\n" in out
    assert "Who said what" in out
    for quote in analysis["quotes"]:
        assert f"{quote['speaker']['name']} (" in out
        assert f"[{quote['content']['start']}:{quote['content']['end']}]" in out
        assert ("(quoted" if quote["direct"] else "(paraphrased") in out


def test_stdin(tmp_path: Path) -> None:
    result = run("-", "-f", "json", input=VARGA.read_bytes())
    assert result.exit_code == 0, result.output
    analysis = json.loads(result.stdout)
    assert (analysis["doc_id"], analysis["article"]["source"]) == ("stdin", "-")
    assert analysis["article"]["text"] == VARGA.read_text("utf-8")
    assert_offsets(analysis)


def test_html_page_on_stdin_keeps_its_date() -> None:
    result = run("-", "-f", "json", input=BRIDGE.read_bytes())
    analysis = json.loads(result.stdout)
    assert analysis["article"]["published"] == "2025-03-14"
    assert analysis["article"]["title"] == "Keldmoor agrees to reopen Aske bridge"


@pytest.mark.parametrize(("option", "expected"), [([], "2025-03-14"), (["--published", "2025-04-01"], "2025-04-01")])
def test_published_overrides_page_date(option: list[str], expected: str) -> None:
    analysis = json.loads(run(BRIDGE, "-f", "json", *option).stdout)
    assert analysis["article"]["published"] == expected


@pytest.mark.parametrize("value", ["14/03/2025", "2025-3-14", "2025-02-30", "20250314", "yesterday"])
def test_bad_published_is_a_usage_error(value: str) -> None:
    result = run(VARGA, "--published", value)
    assert result.exit_code == 2
    assert "--published" in result.stderr and "Traceback" not in result.output


def test_bad_format_is_a_usage_error() -> None:
    result = run(VARGA, "--format", "xml")
    assert result.exit_code == 2 and "xml" in result.stderr


BAD_FILES = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n", "empty file (only whitespace)"),
    ("binary.txt", b"\x7fELF\x02\x01\x01\x00", "binary file (executable)"),
    ("latin.txt", b"Caf\xe9 talks", "not valid UTF-8 (byte 0xe9 at offset 3)"),
    ("nobody.html", (INGEST / "no_body.html").read_bytes(), "no article body found"),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_batch_with_a_bad_file(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    shutil.copy(VARGA, tmp_path / "a-good.txt")
    (tmp_path / f"b-{name}").write_bytes(data)
    (tmp_path / "c-good.txt").write_bytes(CRLF_STORY)
    result = run(tmp_path, "-f", "jsonl")
    assert result.exit_code == 1
    assert [json.loads(x)["doc_id"] for x in result.stdout.splitlines()] == ["a-good", "c-good"]
    [line] = result.stderr.splitlines()  # exactly one line
    assert line.startswith(f"parley: error: {tmp_path / f'b-{name}'}: {reason}")
    assert "Traceback" not in result.output


def test_errors_reported_in_input_order(tmp_path: Path) -> None:
    shutil.copy(VARGA, tmp_path / "a.txt")
    (tmp_path / "b.txt").write_bytes(b"")
    shutil.copy(VARGA, tmp_path / "c.txt")
    result = run(tmp_path, tmp_path / "missing.txt", "-f", "jsonl")

    def label(line: str) -> str:
        if line.startswith("parley: error: "):
            return "error " + Path(line.split(": ")[2]).name
        return json.loads(line)["doc_id"]

    # result.output interleaves stdout and stderr as a terminal would show them.
    assert [label(line) for line in result.output.splitlines()] == ["a", "error b.txt", "c", "error missing.txt"]


def test_max_chars(tmp_path: Path) -> None:
    (tmp_path / "long.txt").write_text("Varga said the bridge would reopen. " * 20)
    shutil.copy(VARGA, tmp_path / "short.txt")
    limit = len(VARGA.read_text("utf-8"))
    result = run(tmp_path, "--max-chars", limit, "-f", "jsonl")
    assert result.exit_code == 1
    assert [json.loads(x)["doc_id"] for x in result.stdout.splitlines()] == ["short"]
    assert result.stderr.startswith(f"parley: error: {tmp_path / 'long.txt'}: too long: 720 characters, "
                                    f"over the limit of {limit:,} characters")


def test_max_chars_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARLEY_MAX_CHARS", "20")
    result = run(VARGA, "-f", "json")
    assert result.exit_code == 1 and "over the limit of 20 characters" in result.stderr


def test_encoding_option(tmp_path: Path) -> None:
    (tmp_path / "cp.txt").write_bytes("Mirela Dusk said the caf\u00e9 would stay shut.".encode("cp1252"))
    refused = run(tmp_path / "cp.txt", "-f", "json")
    assert refused.exit_code == 1 and "not valid UTF-8" in refused.stderr
    result = run(tmp_path / "cp.txt", "-f", "json", "--encoding", "cp1252")
    assert json.loads(result.stdout)["article"]["text"] == "Mirela Dusk said the caf\u00e9 would stay shut."


def test_only_failures_gives_empty_array(tmp_path: Path) -> None:
    result = run(tmp_path / "nope.txt", tmp_path / "nope2.txt", "-f", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []
    assert len(result.stderr.splitlines()) == 2


def test_real_entry_point_with_bad_file(tmp_path: Path) -> None:
    """The installed ``parley`` command: one error line, no traceback, exit 1, output kept."""
    shutil.copy(VARGA, tmp_path / "good.txt")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01")
    exe = Path(sys.executable).with_name("parley")
    proc = subprocess.run([str(exe), "analyze", str(tmp_path), "-f", "jsonl", "--n-process", "2"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [f"parley: error: {tmp_path / 'bad.txt'}: binary file (contains NUL bytes)"]
    [line] = proc.stdout.splitlines()
    assert json.loads(line)["doc_id"] == "good"


def test_site_boilerplate_yields_nothing() -> None:
    analysis = json.loads(run(VARGA, "-f", "json").stdout)
    text = analysis["article"]["text"]
    line = "Subscribe to get the latest posts sent to your email."
    start = text.index(line)
    assert [start, start + len(line)] in analysis["article"]["boilerplate"]
    for span in spans(analysis):
        assert span["end"] <= start, span  # nothing found in (or after) the boilerplate line


def test_recursive(tmp_path: Path) -> None:
    (tmp_path / "2025" / "03").mkdir(parents=True)
    shutil.copy(VARGA, tmp_path / "2025" / "03" / "varga.txt")
    flat = run(tmp_path, "-f", "jsonl")
    assert flat.exit_code == 1 and flat.stdout == ""
    assert flat.stderr == f"parley: error: {tmp_path}: no .txt or .html files in this directory\n"
    deep = run(tmp_path, "-r", "-f", "jsonl")
    assert deep.exit_code == 0
    assert [json.loads(x)["doc_id"] for x in deep.stdout.splitlines()] == ["varga"]
