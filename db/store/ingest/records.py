"""What the workers are given: each file as it is, each container split into its records.

A container (a JSON Lines dump, a WARC, a mailbox, a feed) is streamed here, in the
reading process, record by record: splitting is cheap and memory stays bounded
however large the file, while converting a record (HTML extraction, JSON parsing)
and extracting from it happen in the workers. A record is its own document,
``PATH#N``; one whose content hash is stored already is skipped here without being
sent to a worker, and once a container has been read to its end the records it no
longer has are listed for deletion (a changed container replaces only the records
that changed).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from db.store.ingest.discovery import SourceFile, reason
from db.store.ingest.report import Failure, IngestReport
from db.store.ingest.worker import Parsed, Task
from db.text.formats import (
    Broken,
    Entry,
    FormatError,
    NotThisFormat,
    Options,
    Skipped,
    container_path,
    format_of,
    record_path,
)
from db.text.types import DocDate

Known = dict[str, tuple[int, str]]  # path -> (document id, content hash), as the writer keeps it


@dataclass(slots=True)
class Plan:
    """The tasks of a run, produced lazily, and what reading the containers found on the way."""

    known: Known
    options: Options
    report: IngestReport
    stale: list[int] = field(default_factory=list)  # documents whose records are gone from their container
    dates: dict[str, DocDate] = field(default_factory=dict)  # path -> the date a user gave it (redate)
    _stored: dict[str, dict[int | None, int]] | None = None

    def tasks(self, sources: Iterable[SourceFile]) -> Iterator[Task | Parsed]:
        for source in sources:
            fmt = format_of(source.path)
            if fmt is None or not fmt.container:
                known_hash = self.known.get(source.path, (None, None))[1]
                yield Task(source, known_hash, options=self.options, date=self.dates.get(source.path))
            else:
                yield from _last_ends_file(self._container(source), source)

    def _container(self, source: SourceFile) -> Iterator[Task | Parsed]:
        fmt = format_of(source.path)
        assert fmt is not None and fmt.entries is not None
        seen: set[int | None] = set()
        skipped: Counter[str] = Counter()
        first_skipped: dict[str, int] = {}
        complete = True
        try:
            for item in fmt.entries(source.path, self.options):
                if isinstance(item, Skipped):
                    skipped[item.reason] += 1
                    first_skipped.setdefault(item.reason, item.number)
                    continue
                seen.add(item.number)
                record = SourceFile(record_path(source.doc, item.number), record_path(source.path, item.number))
                if isinstance(item, Broken):
                    complete = complete and "rest of the file" not in item.reason
                    yield Parsed(record, "", 0, error=item.reason)
                else:
                    yield self._task(record, item, source.path)
        except NotThisFormat:
            self.report.ignored += 1
            return
        except FormatError as exc:
            yield Parsed(source, "", 0, error=str(exc))
            return
        except OSError as exc:
            yield Parsed(source, "", 0, error=reason(exc))
            return
        if skipped:
            self.report.notes.append(Failure(source.doc, _skipped_note(skipped, first_skipped)))
        if complete:
            gone = self.stored().get(source.path, {})
            self.stale.extend(doc_id for number, doc_id in gone.items() if number not in seen)

    def _task(self, record: SourceFile, entry: Entry, container: str) -> Task | Parsed:
        known_hash = self.known.get(record.path, (None, None))[1]
        if known_hash == entry.digest:
            return Parsed(record, entry.digest, len(entry.payload), unchanged=True)
        return Task(record, known_hash, entry, container, self.options, date=self.dates.get(record.path))

    def stored(self) -> dict[str, dict[int | None, int]]:
        """Stored documents by the container they came from: {container: {record number: id}}."""
        if self._stored is None:
            self._stored = {}
            for path, (doc_id, _) in self.known.items():
                container = container_path(path)
                if container != path:
                    self._stored.setdefault(container, {})[int(path.rpartition("#")[2])] = doc_id
                elif (fmt := format_of(path)) is not None and fmt.container:
                    self._stored.setdefault(path, {})[None] = doc_id  # a JSON file that held one object
        return self._stored


def _last_ends_file(items: Iterator[Task | Parsed], source: SourceFile) -> Iterator[Task | Parsed]:
    """The items with only the last one marked as ending its file (a marker when there is none)."""
    previous: Task | Parsed | None = None
    for item in items:
        if previous is not None:
            yield _ending(previous, False)
        previous = item
    yield _ending(previous, True) if previous is not None else Parsed(source, "", 0, marker=True)


def _ending(item: Task | Parsed, ends: bool) -> Task | Parsed:
    if isinstance(item, Task):
        return replace(item, ends_file=ends)
    item.ends_file = ends
    return item


def _skipped_note(skipped: Counter[str], first: dict[str, int]) -> str:
    total = sum(skipped.values())
    kinds = "; ".join(f"{n} {why} (first #{first[why]})" for why, n in skipped.most_common(5))
    more = "; …" if len(skipped) > 5 else ""
    return f"{total} record{'s' if total != 1 else ''} not read as documents: {kinds}{more}"
