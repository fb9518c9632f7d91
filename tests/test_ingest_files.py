"""Articles from files, directories and standard input."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from parley.errors import InputError
from parley.ingest.files import (
    expand_paths,
    iter_sources,
    looks_like_html,
    read_source,
    read_stdin,
    read_text_file,
)
from parley.model import Article

INGEST = FIXTURES / "ingest"


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b'Varga said, "Monday."\r\nHobb disagreed.\r\n', 'Varga said, "Monday."\r\nHobb disagreed.\r\n'),
        (b"\xef\xbb\xbfBOM first\n", "BOM first\n"),
        ("UTF-16 with a mark\r\n".encode("utf-16"), "UTF-16 with a mark\r\n"),
    ],
    ids=["crlf", "utf8-bom", "utf16-bom"],
)
def test_read_text_file_exact(tmp_path: Path, data: bytes, text: str) -> None:
    path = _write(tmp_path / "bridge-vote.txt", data)
    article = read_text_file(path, published="2025-03-14")
    assert article.text == text
    assert (article.doc_id, article.source, article.title) == ("bridge-vote", str(path), None)
    assert article.published == "2025-03-14"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"\n   \n", "empty file (only whitespace)"),
        (b"caf\xe9", "not valid UTF-8 (byte 0xe9 at offset 3)"),
        (b"\x00\x01\x02\x03", "binary file (contains NUL bytes)"),
    ],
)
def test_read_text_file_refuses(tmp_path: Path, data: bytes, reason: str) -> None:
    path = _write(tmp_path / "bad.txt", data)
    with pytest.raises(InputError) as info:
        read_text_file(path)
    assert info.value.reason.startswith(reason)
    assert info.value.source == str(path)


def test_ten_megabyte_file_is_refused_with_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.write(b"The council met again. " * (10 * 1024 * 1024 // 23 + 1))
    with pytest.raises(InputError) as info:
        read_text_file(path)
    reason = info.value.reason
    assert reason.startswith(f"too long: {path.stat().st_size:,} bytes, over the limit of 1,000,000 characters")
    assert "--max-chars" in reason and "PARLEY_MAX_CHARS" in reason


def test_raised_limit_accepts_a_longer_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "long.txt", "word " * 30)
    with pytest.raises(InputError):
        read_text_file(path, max_chars=100)
    assert len(read_text_file(path, max_chars=150).text) == 150


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_text_file(tmp_path / "nope.txt")
    assert info.value.reason == "no such file or directory"


def _tree(root: Path) -> None:
    for name in ("b.txt", "a.html", "C.TXT", "page.HTM", ".hidden.txt", "notes.md", "z.txt",
                 "sub/d.txt", "sub/deeper/e.html", "sub/.git/f.txt", ".cache/g.txt"):
        _write(root / name, "Text enough for a test.")


def test_expand_directory_sorted_non_recursive(tmp_path: Path) -> None:
    _tree(tmp_path)
    got = [p.relative_to(tmp_path).as_posix() for p in expand_paths([tmp_path])]
    assert got == ["C.TXT", "a.html", "b.txt", "page.HTM", "z.txt"]


def test_expand_directory_recursive(tmp_path: Path) -> None:
    _tree(tmp_path)
    got = [p.relative_to(tmp_path).as_posix() for p in expand_paths([tmp_path], recursive=True)]
    assert got == ["C.TXT", "a.html", "b.txt", "page.HTM", "z.txt", "sub/d.txt", "sub/deeper/e.html"]


def test_expand_keeps_argument_order_and_reports_in_place(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "empty-dir").mkdir()
    items = list(expand_paths([tmp_path / "z.txt", tmp_path / "missing.txt", "-",
                               tmp_path / "empty-dir", tmp_path / "notes.md"]))
    assert items[0] == tmp_path / "z.txt"
    assert isinstance(items[1], InputError) and items[1].reason == "no such file or directory"
    assert items[2] == "-"
    assert isinstance(items[3], InputError)
    assert items[3].reason == "no .txt or .html files in this directory"
    assert items[4] == tmp_path / "notes.md"  # named explicitly: read whatever its suffix


def test_iter_sources_goes_on_past_bad_files(tmp_path: Path) -> None:
    good1 = _write(tmp_path / "1-good.txt", "Varga said the bridge would reopen.")
    _write(tmp_path / "2-empty.txt", b"")
    _write(tmp_path / "3-binary.txt", b"\x00\x00")
    good2 = _write(tmp_path / "4-good.txt", "Hobb said it would not.")
    items = list(iter_sources([tmp_path, tmp_path / "5-missing.txt"]))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Article", "InputError", "InputError", "Article", "InputError"]
    assert [items[0].source, items[3].source] == [str(good1), str(good2)]
    assert [e.reason for e in items if isinstance(e, InputError)] == [
        "empty file", "binary file (contains NUL bytes)", "no such file or directory"]


def test_iter_sources_is_lazy(tmp_path: Path) -> None:
    first = _write(tmp_path / "a.txt", "First article text.")
    second = _write(tmp_path / "b.txt", "Second article text.")
    stream = iter_sources([tmp_path])
    assert next(stream).source == str(first)
    second.write_text("Changed before it was read.")
    assert next(stream).text == "Changed before it was read."


def test_doc_ids_unique_within_a_batch(tmp_path: Path) -> None:
    for name in ("x/report.txt", "y/report.txt", "y/report.html", "z/report-2.txt"):
        src = INGEST / "bridge_talks.html" if name.endswith(".html") else None
        _write(tmp_path / name, src.read_bytes() if src else "A short article body.")
    paths = [tmp_path / "x/report.txt", tmp_path / "y", tmp_path / "z"]
    ids = [a.doc_id for a in iter_sources(paths) if isinstance(a, Article)]
    assert ids == ["report", "report-2", "report-3", "report-2-2"]
    assert ids == [a.doc_id for a in iter_sources(paths)]  # deterministic


def test_html_and_text_files_by_suffix_or_content(tmp_path: Path) -> None:
    page = INGEST / "bridge_talks.html"
    shutil.copy(page, tmp_path / "story.htm")
    shutil.copy(page, tmp_path / "story.php")  # unknown suffix, markup inside
    _write(tmp_path / "memo", "Karl Hobb said the budget was short.")  # no suffix, prose
    _write(tmp_path / "markup.txt", "<html><body><p>kept as typed</p></body></html>")
    htm = read_source(tmp_path / "story.htm")
    php = read_source(tmp_path / "story.php")
    assert htm.title == php.title == "Keldmoor agrees to reopen Aske bridge"
    assert read_source(tmp_path / "memo").text == "Karl Hobb said the budget was short."
    assert read_source(tmp_path / "markup.txt").text.startswith("<html>")  # .txt is text


@pytest.mark.parametrize(
    ("data", "html"),
    [
        (b"<!DOCTYPE html><html>", True),
        (b"\n  <html lang='en'>", True),
        (b"\xef\xbb\xbf<!doctype HTML>", True),
        (b"<body><p>x</p>", True),
        (b"Mayor Varga said <b>yes</b>.", False),
        (b"<3 the new bridge", False),
    ],
)
def test_looks_like_html(data: bytes, html: bool) -> None:
    assert looks_like_html(data) is html


def test_stdin_text_and_page() -> None:
    text = read_stdin(io.BytesIO(b"Hobb said no.\r\n"), published="2025-03-10")
    assert (text.doc_id, text.source, text.text, text.published) == ("stdin", "-", "Hobb said no.\r\n", "2025-03-10")
    page = read_stdin(io.BytesIO((INGEST / "bridge_talks.html").read_bytes()))
    assert page.doc_id == "stdin" and page.title == "Keldmoor agrees to reopen Aske bridge"
    with pytest.raises(InputError) as info:
        read_stdin(io.BytesIO(b""))
    assert str(info.value) == "-: empty file"


def test_iter_sources_stdin(tmp_path: Path) -> None:
    items = list(iter_sources(["-"], stdin=io.BytesIO(b"Varga spoke.")))
    assert [(a.doc_id, a.text) for a in items] == [("stdin", "Varga spoke.")]


def test_published_overrides_page_date(tmp_path: Path) -> None:
    page = INGEST / "bridge_talks.html"
    assert read_source(page).published == "2025-03-14"
    assert read_source(page, published="2025-03-20").published == "2025-03-20"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Ostrava and Velm agree to reopen the border crossing\n\nOSTRAVA, May 2 - Talks...",
         "Ostrava and Velm agree to reopen the border crossing"),
        ('Velm\'s envoy says no talks "while the guns speak"\r\n\r\nThe envoy...',
         'Velm\'s envoy says no talks "while the guns speak"'),
        ("OSTRAVA, May 2 (Wire) - The minister said the talks would resume.\n\nMore.", None),
        ('The minister said: "We are ready."\n\nMore text.', None),
        ("One line with no blank line after it\nSecond line.", None),
        (" Indented first line\n\nBody.", None),
        ("word " * 40 + "\n\nBody.", None),
    ],
    ids=["headline", "headline-quote-crlf", "dateline", "sentence-quote", "no-blank",
         "indented", "too-long"],
)
def test_text_file_headline_becomes_title(tmp_path: Path, text: str, title: str | None) -> None:
    path = _write(tmp_path / "talks.txt", text.encode())
    article = read_text_file(path)
    assert article.title == title
    assert article.text == text  # the headline stays in the text: offsets are unchanged
