"""E-mail: one message (``.eml``) or a mailbox (``.mbox``), each message a document.

The subject is the title, the ``Date`` header the date (in the sender's time zone),
the sender the author (the display name, else the address) and the sender's domain
the source; the text is the plain-text body, or the HTML part read by the HTML
reader when there is no plain one. A mailbox is streamed message by message; a
message's number is its place in the mailbox.
"""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import parsedate_to_datetime

from db.text.formats.html import fragment_text, read_html
from db.text.formats.types import (
    MAX_RECORD_BYTES,
    Broken,
    Entry,
    FormatError,
    Options,
    Record,
    clean_value,
    open_regular,
)
from db.text.types import DocDate

_LINE = 1 << 20


def read_message(data: bytes, fmt: str = "email") -> Record:
    """A message's text and headers. Raises FormatError."""
    if not data.strip():
        raise FormatError("empty message")
    msg = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(msg, EmailMessage) or not (msg.keys() and (msg["From"] or msg["Subject"] or msg["Date"])):
        raise FormatError("not an e-mail message (no From, Subject or Date header)")
    text = _body(msg)
    if not text.strip():
        raise FormatError("the message has no text")
    author, source = _sender(msg)
    message_id = (clean_value(str(msg["Message-ID"] or "")) or "").strip("<>") or None
    return Record(
        text=text,
        format=fmt,
        title=clean_value(str(msg["Subject"] or "")),
        date=_date(msg),
        url=f"mid:{message_id}" if message_id else None,
        author=author,
        source=source,
        encoding=_charset(msg),
    )


def _body(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):  # an unknown charset, a broken transfer encoding
        raw = part.get_payload(decode=True)
        content = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else ""
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        try:
            return read_html(content.encode("utf-8")).text
        except FormatError:
            return fragment_text(content)
    lines = [line.rstrip() for line in content.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


def _sender(msg: EmailMessage) -> tuple[str | None, str | None]:
    try:
        addresses = msg["From"].addresses if msg["From"] is not None else ()
    except (AttributeError, IndexError, ValueError):
        addresses = ()
    if not addresses:
        return clean_value(str(msg["From"] or "")), None
    first: Address = addresses[0]
    return clean_value(first.display_name) or clean_value(first.addr_spec), clean_value(first.domain)


def _date(msg: EmailMessage) -> DocDate | None:
    value = msg["Date"]
    if not value:
        return None
    try:
        when = parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    return DocDate(when.year, when.month, when.day)


def _charset(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    return (part.get_content_charset() if part is not None else None) or "us-ascii"


def entries(path: str, options: Options) -> Iterator[Entry | Broken]:
    """The messages of an mbox file: each starts at a line beginning "From " (after a blank line)."""
    with open_regular(path) as fh:
        first = fh.readline(_LINE)
        if first and not first.startswith(b"From "):
            raise FormatError('not an mbox file (it does not start with a "From " line)')
        number, message, size, previous_blank, too_big = 1, [first] if first else [], 0, False, False
        for line in iter(lambda: fh.readline(_LINE), b""):
            if line.startswith(b"From ") and previous_blank:
                yield _message(number, message, too_big)
                number, message, size, too_big = number + 1, [line], 0, False
            else:
                size += len(line)
                if size > MAX_RECORD_BYTES:
                    too_big, message = True, message[:1]
                elif not too_big:
                    message.append(line)
            previous_blank = not line.strip()
        if message:
            yield _message(number, message, too_big)


def _message(number: int, lines: list[bytes], too_big: bool) -> Entry | Broken:
    if too_big:
        return Broken(number, f"message larger than {MAX_RECORD_BYTES // 2**20} MB")
    return Entry(number, b"".join(lines[1:]))  # the "From " line is the envelope, not the message


def convert(entry: Entry, options: Options) -> Record:
    return read_message(_unquote(entry.payload))


def _unquote(data: bytes) -> bytes:
    """mboxrd quoting undone: a body line ">From " was "From "."""
    if b"\n>From " not in data and b"\n>>From " not in data:
        return data
    out = []
    for line in data.split(b"\n"):
        stripped = line.lstrip(b">")
        if stripped.startswith(b"From ") and line.startswith(b">"):
            line = line[1:]
        out.append(line)
    return b"\n".join(out)
