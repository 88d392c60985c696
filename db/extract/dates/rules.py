"""A date rule: a named regex alternative and the function that resolves its match.

``@rule(name, pattern)`` sits directly above the function it names (after ctparse's
``time/rules.py``); ``grammar.py`` joins the rules, in its order, into one alternation.
A match of rule ``name`` is the regex group ``name``; the pattern's own groups are
prefixed ``name_`` by convention ("mdy_m", "mdy_d").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from db.extract.dates.context import Context
from db.text.types import DocDate

# (start, end, ISO date or None, precision or None, relation "on" / "before" / "after")
Result = tuple[int, int, str | None, str | None, str]


def dated(m: re.Match[str], value: tuple[str | None, str | None], *, strict: bool = True) -> Result | None:
    """The match resolved to ``value`` (ISO text, precision) as a plain date ("on"); None if ``strict`` and the
    value is no date (an impossible one)."""
    if strict and value[0] is None:
        return None
    return m.start(), m.end(), value[0], value[1], "on"


Resolver = Callable[[re.Match[str], DocDate | None, Context], Result | None]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: str  # verbose regex, without the named group around it
    resolve: Resolver
    # lower-case words a match can start with, besides a digit, a month or a weekday name
    # (the grammar checks these first at each position: a prefilter, not a rule)
    starts: tuple[str, ...]
    # texts the rule matches whole, each with the date find_dates gives it alone in a
    # document dated Wednesday 2023-09-13 (tests/db/test_dates.py checks every one)
    examples: tuple[tuple[str, str | None], ...]

    @property
    def regex(self) -> str:
        return f"(?P<{self.name}>{self.pattern})"


def rule(
    name: str,
    pattern: str,
    *,
    starts: tuple[str, ...] = (),
    examples: tuple[tuple[str, str | None], ...] = (),
) -> Callable[[Resolver], Rule]:
    """Make the decorated function the resolver of rule ``name``."""

    def make(resolve: Resolver) -> Rule:
        return Rule(name, pattern, resolve, starts, examples)

    return make
