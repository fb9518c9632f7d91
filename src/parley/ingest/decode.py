"""Bytes to article text: encodings, byte-order marks, binary files and the size limit.

Rules for plain text (``decode_text``), chosen so that offsets line up with the file:

- the bytes are decoded exactly: no newline translation (``\\r\\n`` stays ``\\r\\n``), no
  Unicode normalisation, no trimming;
- a UTF-8, UTF-16 or UTF-32 byte-order mark selects that encoding and is removed, so
  offsets count from the first character after the mark;
- without a mark the text must be valid UTF-8; anything else is refused with the offending
  byte and its offset, rather than guessed (a wrong guess silently corrupts every name and
  quote). ``encoding=`` names another encoding explicitly (e.g. ``cp1252``);
- NUL bytes, a known binary signature (PDF, ZIP, PNG, ...) or many control characters mean
  a binary file; empty or whitespace-only input is refused; so is text longer than
  ``max_chars`` (spaCy's parser needs about 1 GB of memory per 100,000 characters).

Web pages (``decode_html``) follow what browsers do instead: BOM, then the ``<meta>``
charset, then UTF-8, falling back to Windows-1252; undecodable bytes become U+FFFD.
"""

from __future__ import annotations

import codecs
import re

from parley.config import Settings
from parley.errors import InputError

#: Default longest text analysed, in characters (``Settings.max_chars``, ``--max-chars``).
DEFAULT_MAX_CHARS: int = Settings().max_chars

#: Longest UTF-8 encoding of one character: a text of n characters is at most 4n bytes.
MAX_BYTES_PER_CHAR = 4

# UTF-32 marks first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

_SIGNATURES = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP archive or office document"),
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"),
    (b"{\\rtf", "RTF document"),
)

# C0 controls other than tab, newline, vertical tab, form feed and carriage return, plus DEL.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
#: Share of control characters (in the first 64 KiB) above which text counts as binary.
MAX_CONTROL_SHARE = 0.02
_SAMPLE = 65536

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
# Browsers read these labels as Windows-1252 (WHATWG Encoding Standard).
_AS_CP1252 = {"latin_1", "iso8859_1", "ascii", "cp1252"}


def too_long_message(max_chars: int, *, n_chars: int | None = None, n_bytes: int | None = None) -> str:
    """The refusal for a text over the limit, saying how to raise it."""
    if n_chars is not None:
        size = f"{n_chars:,} characters"
    elif n_bytes is not None:
        size = f"{n_bytes:,} bytes"
    else:
        size = "too many characters"
    return (
        f"too long: {size}, over the limit of {max_chars:,} characters "
        "(parsing needs about 1 GB of memory per 100,000); "
        "raise it with --max-chars or PARLEY_MAX_CHARS"
    )


def check_text(text: str, source: str, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """Refuse decoded ``text`` that is binary-looking, blank or over ``max_chars``; return it."""
    sample = text[:_SAMPLE]
    if "\x00" in sample:
        raise InputError(source, "binary file (contains NUL characters)")
    if sample and len(_CONTROL.findall(sample)) / len(sample) > MAX_CONTROL_SHARE:
        raise InputError(source, "binary file (many control characters)")
    if not text.strip():
        raise InputError(source, "empty file" if not text else "empty file (only whitespace)")
    if len(text) > max_chars:
        raise InputError(source, too_long_message(max_chars, n_chars=len(text)))
    return text


def _sniff_binary(data: bytes) -> str | None:
    """Why ``data`` (with no byte-order mark) is binary, or None."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return f"binary file ({kind})"
    if b"\x00" in data[:_SAMPLE]:
        return "binary file (contains NUL bytes)"
    return None


def _undecodable(exc: UnicodeDecodeError, name: str, offset: int) -> str:
    bad = exc.object[exc.start : exc.start + 1]
    return f"not valid {name} (byte 0x{bad.hex()} at offset {exc.start + offset})"


def _text_codec(encoding: str) -> str:
    """The codec name for ``encoding``; LookupError also for bytes-to-bytes codecs (rot13)."""
    info = codecs.lookup(encoding)
    if not getattr(info, "_is_text_encoding", True):
        raise LookupError(f"{encoding!r} is not a text encoding")
    return info.name


def _lookup(encoding: str, source: str) -> str:
    try:
        return _text_codec(encoding)
    except LookupError:
        raise InputError(source, f"unknown encoding {encoding!r}") from None


def decode_text(data: bytes, source: str, *, encoding: str | None = None,
                max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """Decode a plain-text file's bytes exactly, by the rules in this module's docstring."""
    if not data:
        raise InputError(source, "empty file")
    if encoding:
        codec = _lookup(encoding, source)
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise InputError(source, _undecodable(exc, encoding, 0)) from None
        except UnicodeError as exc:  # codecs such as idna or "undefined" raise the base class
            raise InputError(source, f"not valid {encoding} ({exc})") from None
        return check_text(text.removeprefix("\ufeff"), source, max_chars)
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(source, _undecodable(exc, name, len(bom))) from None
            return check_text(text, source, max_chars)
    reason = _sniff_binary(data)
    if reason:
        raise InputError(source, reason)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            source,
            _undecodable(exc, "UTF-8", 0) + "; convert it to UTF-8 (for example "
            "iconv -f WINDOWS-1252 -t UTF-8) or name its encoding with --encoding",
        ) from None
    return check_text(text, source, max_chars)


def html_encoding(data: bytes) -> str:
    """The encoding a browser would use for ``data``: BOM, ``<meta>`` charset, else UTF-8/cp1252."""
    for bom, codec, _name in _BOMS:
        if data.startswith(bom):
            return codec
    match = _META_CHARSET.search(data[:4096])
    if match:
        try:
            codec = _text_codec(match.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            codec = ""
        if codec.startswith(("utf-16", "utf-32", "utf_16", "utf_32")):
            return "utf-8"  # a <meta> that could be read as ASCII is not UTF-16 (WHATWG)
        if codec.replace("-", "_") in _AS_CP1252:
            return "cp1252"
        if codec:
            return codec
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def decode_html(data: bytes, source: str) -> str:
    """Decode a web page's bytes the way a browser would; refuse empty or binary input."""
    if not data.strip():
        raise InputError(source, "empty file")
    codec = html_encoding(data)
    if not codec.startswith(("utf-16", "utf-32")):
        reason = _sniff_binary(data)
        if reason:
            raise InputError(source, reason)
    try:
        text = data.decode(codec, errors="replace")
    except UnicodeError:  # a declared codec that fails whatever the error handler (idna)
        text = data.decode("cp1252", errors="replace")
    return text.removeprefix("\ufeff")
