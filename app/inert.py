"""Make untrusted text safe to print: nothing in a document may style or act.

Control characters (terminal escapes, BEL, OSC sequences), bidi overrides and
zero-width characters are replaced by visible stand-ins, so the text reads
literally on any terminal. Markup is not interpreted by the callers (they use
``rich.text.Text`` or plain ``print``), so brackets need no escaping here.
"""

from __future__ import annotations

import re

_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"
)


def _stand_in(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ ␁ … ␛ …: the Control Pictures block
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def inert(text: str) -> str:
    """``text`` with every control, bidi and zero-width character made visible."""
    if text.isprintable():
        return text
    return _INVISIBLE.sub(_stand_in, text.replace("\t", "    "))
