"""Bytes to article text: exact decoding, byte-order marks, refusals, HTML charsets."""

from __future__ import annotations

import codecs

import pytest

from parley.errors import InputError
from parley.ingest.decode import check_text, decode_html, decode_text, html_encoding


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Varga said it.\r\nHobb did not.\r\n", "Varga said it.\r\nHobb did not.\r\n"),
        (b"one\rtwo\n", "one\rtwo\n"),  # a lone CR is kept too
        (b"  leading and trailing space  \n\n", "  leading and trailing space  \n\n"),
        ("Caf\u00e9 e\u0301 \u201cquoted\u201d".encode(), "Caf\u00e9 e\u0301 \u201cquoted\u201d"),  # no NFC
        (codecs.BOM_UTF8 + b"After the mark", "After the mark"),
        (codecs.BOM_UTF16_LE + "Gr\u00fc\u00dfe\r\n".encode("utf-16-le"), "Gr\u00fc\u00dfe\r\n"),
        (codecs.BOM_UTF16_BE + "Gr\u00fc\u00dfe".encode("utf-16-be"), "Gr\u00fc\u00dfe"),
        (codecs.BOM_UTF32_LE + "Dorsk".encode("utf-32-le"), "Dorsk"),
        (b"tab\tand form feed\x0c are text", "tab\tand form feed\x0c are text"),
    ],
)
def test_decode_text_is_exact(data: bytes, expected: str) -> None:
    assert decode_text(data, "f.txt") == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \r\n\t\n", "empty file (only whitespace)"),
        (codecs.BOM_UTF8, "empty file"),
        (b"caf\xe9 au lait", "not valid UTF-8 (byte 0xe9 at offset 3)"),
        (b"ok\n\x93quoted\x94", "not valid UTF-8 (byte 0x93 at offset 3)"),
        (b"ab\x00cd", "binary file (contains NUL bytes)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "binary file (PDF)"),
        (b"\x89PNG\r\n\x1a\n", "binary file (PNG image)"),
        (b"PK\x03\x04\x14\x00", "binary file (ZIP archive or office document)"),
        (b"a\x01b\x02" * 50, "binary file (many control characters)"),
        (codecs.BOM_UTF16_LE + b"a\x00b", "not valid UTF-16 (byte 0x62 at offset 4)"),
    ],
)
def test_decode_text_refuses(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as info:
        decode_text(data, "in.txt")
    assert info.value.reason.startswith(reason)
    assert info.value.source == "in.txt"
    assert str(info.value).startswith("in.txt: ")


def test_non_utf8_message_says_how_to_fix() -> None:
    with pytest.raises(InputError) as info:
        decode_text(b"caf\xe9", "in.txt")
    assert "iconv" in info.value.reason and "--encoding" in info.value.reason


@pytest.mark.parametrize(
    ("data", "encoding", "expected"),
    [
        (b"caf\xe9 \x93quoted\x94", "cp1252", "caf\u00e9 \u201cquoted\u201d"),
        (b"caf\xe9", "latin-1", "caf\u00e9"),
        (codecs.BOM_UTF8 + b"x y", "utf-8", "x y"),
    ],
)
def test_decode_text_with_named_encoding(data: bytes, encoding: str, expected: str) -> None:
    assert decode_text(data, "in.txt", encoding=encoding) == expected


@pytest.mark.parametrize(
    ("encoding", "reason"),
    [("klingon-8", "unknown encoding 'klingon-8'"), ("ascii", "not valid ascii (byte 0xe9 at offset 3)")],
)
def test_decode_text_named_encoding_errors(encoding: str, reason: str) -> None:
    with pytest.raises(InputError) as info:
        decode_text(b"caf\xe9", "in.txt", encoding=encoding)
    assert info.value.reason == reason


@pytest.mark.parametrize(("length", "limit", "ok"), [(10, 10, True), (11, 10, False), (1, 1, True)])
def test_character_limit(length: int, limit: int, ok: bool) -> None:
    data = b"x" * length
    if ok:
        assert len(decode_text(data, "in.txt", max_chars=limit)) == length
    else:
        with pytest.raises(InputError) as info:
            decode_text(data, "in.txt", max_chars=limit)
        assert info.value.reason.startswith(f"too long: {length:,} characters, over the limit of {limit:,}")
        assert "--max-chars" in info.value.reason


def test_limit_counts_characters_not_bytes() -> None:
    text = "\u00e9" * 10  # 20 bytes in UTF-8
    assert decode_text(text.encode(), "in.txt", max_chars=10) == text


def test_check_text_passes_text_through() -> None:
    assert check_text("Hobb said no.", "x") == "Hobb said no."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'<html><head><meta charset="windows-1252"></head>', "cp1252"),
        (b"<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'>", "cp1252"),
        (b"<meta charset=us-ascii>", "cp1252"),
        (b'<meta charset="koi8-r">', "koi8-r"),
        (b'<meta charset="utf-16">', "utf-8"),
        (b'<meta charset="no-such-charset"><p>caf\xc3\xa9</p>', "utf-8"),
        (b"<p>caf\xc3\xa9</p>", "utf-8"),
        (b"<p>caf\xe9</p>", "cp1252"),
        (codecs.BOM_UTF8 + b'<meta charset="windows-1252">', "utf-8"),
        (codecs.BOM_UTF16_LE + "<p>x</p>".encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_html_encoding(data: bytes, expected: str) -> None:
    assert html_encoding(data) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'<meta charset="windows-1252"><p>Dusk\x92s view</p>', '<meta charset="windows-1252"><p>Dusk\u2019s view</p>'),
        (codecs.BOM_UTF8 + "<p>\u201cYes\u201d</p>".encode(), "<p>\u201cYes\u201d</p>"),
        (b'<meta charset="utf-8"><p>bad \xff byte</p>', '<meta charset="utf-8"><p>bad \ufffd byte</p>'),
    ],
)
def test_decode_html(data: bytes, expected: str) -> None:
    assert decode_html(data, "p.html") == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty file"), (b"  \n", "empty file"), (b"\x89PNG\r\n\x1a\n<html>", "binary file (PNG image)")],
)
def test_decode_html_refuses(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as info:
        decode_html(data, "p.html")
    assert info.value.reason == reason
