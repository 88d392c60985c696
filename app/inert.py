"""Make untrusted text safe to print: nothing in a document may style or act.

Control characters (terminal escapes, BEL, OSC sequences), bidi overrides and
isolates, zero-width and other invisible format characters (Unicode category
Cf, e.g. tag characters), line and paragraph separators, and lone surrogates
(undecodable bytes of a command-line argument) are replaced by visible
stand-ins, so the text reads literally on any terminal. Markup is not
interpreted by the callers (they use ``rich.text.Text`` or plain ``print``),
so brackets need no escaping here.
"""

from __future__ import annotations

import re

# Unicode categories made visible: Cc (controls), Cf (format: bidi, zero-width,
# tags, …), Cs (surrogates), Zl and Zp (line and paragraph separators).
CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Their code points (Unicode 14, Python 3.11), except tab and line feed, which
# callers lay out themselves. tests/hardening checks this list against
# unicodedata, so a newer Python with new format characters is noticed.
RANGES = (
    (0x0000, 0x0008),
    (0x000B, 0x001F),
    (0x007F, 0x009F),
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x2028, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xD800, 0xDFFF),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x13438),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)
_INVISIBLE = re.compile("[" + "".join(f"\\U{a:08X}-\\U{b:08X}" for a, b in RANGES) + "]")


def _stand_in(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ ␁ … ␛ …: the Control Pictures block
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def inert(text: str) -> str:
    """``text`` with every control, bidi, invisible-format character made visible."""
    if text.isprintable():
        return text
    return _INVISIBLE.sub(_stand_in, text.replace("\t", "    "))


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # a UTF-16 surrogate pair, as JSON writes it
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def escape_json(encoded: str) -> str:
    """JSON text with every invisible character written as a \\uXXXX escape.

    Lossless (the parsed values are unchanged), yet nothing in a string can
    act on a terminal. Only for JSON: these characters occur only in strings.
    """
    if encoded.isprintable():
        return encoded
    return _INVISIBLE.sub(_json_escape, encoded)
