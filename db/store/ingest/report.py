"""What an ingest did: counts, failures with their reasons, and the one summary line."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Failure:
    doc: str
    reason: str


@dataclass(slots=True)
class IngestReport:
    added: int = 0
    updated: int = 0
    skipped: int = 0
    failed: list[Failure] = field(default_factory=list)
    ignored: int = 0  # files of no format Storyline reads (and .xml files that are not feeds)
    pruned: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    stopped: str | None = None  # why the run stopped early (the database could not be written)
    notes: list[Failure] = field(default_factory=list)  # limits applied to a document (still stored)
    corrections: int = 0  # corrections of the log applied again after the run (0: none, or nothing changed)
    corrections_pending: int = 0  # of those, how many found no target (applied false)
    corrections_seconds: float = 0.0  # the time applying them again took (part of ``seconds``)

    def summary(self) -> str:
        rate = (self.added + self.updated) / self.seconds if self.seconds > 0 else 0.0
        parts = [
            f"added {self.added}",
            f"updated {self.updated}",
            f"skipped {self.skipped}",
            f"failed {len(self.failed)}",
        ]
        if self.ignored:
            parts.append(f"ignored {self.ignored} files of no known format")
        if self.pruned:
            parts.append(f"pruned {self.pruned}")
        if self.corrections:
            pending = f" ({self.corrections_pending} not applied)" if self.corrections_pending else ""
            parts.append(f"{self.corrections} corrections applied again in {self.corrections_seconds:.2f} s{pending}")
        parts.append(f"{self.seconds:.1f} s")
        parts.append(f"{rate:.1f} documents/s")
        line = " · ".join(parts)
        if self.interrupted:
            return "interrupted: " + line
        if self.stopped:
            return "stopped: " + line
        return line
