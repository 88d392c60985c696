"""What a run of the benchmarks collects (each benchmark's section, the summary rows) and how figures are written."""

from __future__ import annotations

import datetime as dt
import os
import shlex
from dataclasses import dataclass, field

from .config import ROOT


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**PASS**" if ok else "**FAIL**")


def human_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GiB"


def cmd_str(cmd: list[str]) -> str:
    """A command as a reader would type it from the project root (its paths made relative to it)."""
    out = []
    for c in cmd:
        c = str(c)
        if c.startswith(str(ROOT) + "/"):
            c = os.path.relpath(c, ROOT)
        out.append(shlex.quote(c))
    return " ".join(out)


@dataclass
class Results:
    started: dt.datetime
    machine: dict[str, str]
    argv: list[str]
    sections: dict[str, list[str]] = field(default_factory=dict)
    # (what, measured, target, verdict, benchmark)
    summary: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    current: str = ""  # the benchmark running, whose targets target() records

    def add(self, name: str, lines: list[str]) -> None:
        stamp = self.started.strftime("%Y-%m-%d %H:%M UTC")
        self.sections[name] = [
            f"<!-- section: {name} -->",
            *lines,
            "",
            f"<sub>Measured {stamp}; load average at start {self.machine['load']}.</sub>",
            "",
        ]

    def target(self, what: str, measured: str, target: str, ok: bool | None) -> None:
        self.summary.append((what, measured, target, verdict(ok), self.current))
