"""File bytes to text: UTF-8 (a BOM honoured, UTF-16 with a BOM), else cp1252, else Latin-1.

Any NUL byte means binary (SQLite's text functions stop at one, so a span after it would read as
empty): the file is refused with a reason.
"""

from __future__ import annotations


class UnreadableFile(Exception):
    """The bytes are not text Storyline can read (binary, undecodable, beyond a limit)."""


BINARY = "binary file (contains NUL bytes)"


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes; returns (text, encoding name). Raises UnreadableFile."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            return data[3:].decode("utf-8", errors="replace"), "utf-8-sig (invalid bytes replaced)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableFile("invalid UTF-16 text") from None
        if "\x00" in text:
            raise UnreadableFile(BINARY)
        return text, "utf-16"
    if b"\x00" in data:
        raise UnreadableFile(BINARY)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    # Valid multi-byte UTF-8 before the bad byte: UTF-8 text with a stray byte
    # (each invalid byte becomes U+FFFD). Otherwise the file is most likely
    # cp1252 / Latin-1 text.
    if bad_at > 0 and _has_utf8_sequences(data[:bad_at]):
        return data.decode("utf-8", errors="replace"), "utf-8 (invalid bytes replaced)"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _has_utf8_sequences(data: bytes) -> bool:
    return not data.isascii()
