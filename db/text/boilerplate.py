"""Site furniture: navigation, sharing, newsletter and cookie notices.

Such lines are kept and shown dimmed, but nothing is extracted from them.
"""

from __future__ import annotations

import re

_BOILERPLATE = re.compile(
    r"""^\s*(?:
        (?:previous|next|prev|older|newer)\s+(?:post|article|story|page|entry)\b
      | share\s+(?:this|on|via)\b | share\s*$
      | (?:read|see)\s+(?:more|also|next)\b
      | (?:sign\s+up|subscribe)\b.{0,80}\b(?:newsletter|updates|inbox)\b
      | (?:get|join)\s+(?:our|the)\s+(?:free\s+)?newsletter\b
      | (?:we|this\s+(?:site|website))\s+uses?\s+cookies\b | .{0,40}\bcookie\s+(?:policy|settings|notice|preferences)\b
      | (?:accept|manage)\s+(?:all\s+)?cookies\b
      | follow\s+us\s+on\b | click\s+here\b | advertisement\s*$ | sponsored\s+content\b
      | related\s+(?:articles|stories|posts|coverage|topics)\b
      | (?:copyright\s+)?©.{0,80}$ | all\s+rights\s+reserved\b
      | (?:tags|filed\s+under|categories)\s*:
      | skip\s+to\s+(?:main\s+)?content\b | back\s+to\s+top\b | print\s+this\s+(?:page|article)\b
      | (?:comments?|leave\s+a\s+(?:comment|reply))\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def is_boilerplate(line: str) -> bool:
    """Site furniture (navigation, sharing, newsletter and cookie notices)."""
    if len(line) > 400:
        return False
    return bool(_BOILERPLATE.match(line))
