"""Measure db.extract.dates.find_dates against TimeML (TBAQ-cleaned).

Gold: every TIMEX3 of type DATE inside <TEXT> whose value is a calendar
value (YYYY, YYYY-MM or YYYY-MM-DD). The anchor is the document creation
time (the TIMEX3 in <DCT>). A gold date is found when a mention returned by
find_dates for its sentence overlaps it and has exactly its value.

Precision: of the mentions we return with a date, how many overlap a gold
DATE TIMEX3 with the same value (strict), and how many overlap a gold
TIMEX3 whose value starts with ours, e.g. "1998-01-13TMO" (lenient).

Usage: .venv/bin/python scripts/eval_timeml.py [CORPUS_DIR] [--misses N] [--false N]
Nothing from the corpus is written anywhere; --misses/--false print a few
examples to the terminal for tuning.
"""

from __future__ import annotations

import argparse
import glob
import html
import os
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from db.extract.dates import find_dates  # noqa: E402
from db.text.docdate import parse_doc_date  # noqa: E402
from db.text.types import DocDate  # noqa: E402

DEFAULT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "corpora", "timeml", "TBAQ-cleaned"
)
CAL = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
TAG = re.compile(r"<(/?)(\w+)([^>]*)>|&(#\d+|#x[0-9a-fA-F]+|\w+);")
ATTR = re.compile(r'(\w+)="([^"]*)"')
MONTHS = re.compile(r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b")
WEEKDAY = re.compile(r"(?i)\b(mon|tues|wednes|thurs|fri|satur|sun)day\b")
ABBREV = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "jr",
    "sr",
    "co",
    "corp",
    "inc",
    "ltd",
    "u.s",
    "gov",
    "sen",
    "rep",
    "gen",
    "lt",
    "col",
    "jan",
    "feb",
    "mar",
    "apr",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "no",
    "vs",
    "mt",
    "ft",
    "calif",
    "mass",
    "n.y",
}


@dataclass
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str


def parse(path: str) -> tuple[str, DocDate | None, list[Timex]] | None:
    with open(path, encoding="utf-8", newline="") as f:
        raw = f.read().replace("\r\n", "\n")
    dct = re.search(r"<DCT>\s*<TIMEX3([^>]*)>", raw)
    anchor = None
    if dct:
        attrs = dict(ATTR.findall(dct.group(1)))
        anchor = parse_doc_date(attrs.get("value", ""))
    i, j = raw.find("<TEXT>"), raw.find("</TEXT>")
    if i < 0 or j < 0:
        return None
    body = raw[i + len("<TEXT>") : j]
    out: list[str] = []
    pos = 0
    timexes: list[Timex] = []
    open_t: tuple[int, dict] | None = None
    for m in TAG.finditer(body):
        out.append(body[pos : m.start()])
        pos = m.end()
        if m.group(4):  # entity
            out.append(html.unescape(m.group(0)))
            continue
        if m.group(2) != "TIMEX3":
            continue
        here = sum(map(len, out))
        if m.group(1):
            if open_t:
                s, attrs = open_t
                timexes.append(Timex(s, here, "", attrs.get("type", ""), attrs.get("value", "")))
            open_t = None
        else:
            open_t = (here, dict(ATTR.findall(m.group(3))))
    out.append(body[pos:])
    plain = "".join(out)
    for t in timexes:
        t.text = plain[t.start : t.end]
    return plain, anchor, timexes


SENT_END = re.compile(r"\n\s*\n|[.!?]['\"’”)]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    lo = 0
    for m in SENT_END.finditer(text):
        if m.group(0)[0] == ".":
            w = re.search(r"([\w.]+)\.$", text[lo : m.start() + 1])
            if w and (w.group(1).lower() in ABBREV or re.fullmatch(r"[A-Z]", w.group(1))):
                continue
        spans.append((lo, m.start() + 1 if m.group(0)[0] != "\n" else m.start()))
        lo = m.end()
    spans.append((lo, len(text)))
    return [(s, e) for s, e in spans if e > s]


def category(t: Timex) -> str:
    if re.search(r"\d", t.text) or MONTHS.search(t.text) and not re.search(r"(?i)\b(last|this|next)\b", t.text):
        return "explicit"
    if WEEKDAY.search(t.text):
        return "weekday"
    return "relative"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=DEFAULT)
    ap.add_argument("--misses", type=int, default=0, help="print N missed gold dates")
    ap.add_argument("--false", type=int, default=0, help="print N found dates with no matching gold")
    args = ap.parse_args()
    files = sorted(glob.glob(os.path.join(args.corpus, "**", "*.tml"), recursive=True))
    if not files:
        print(f"TimeML corpus not found at {args.corpus}; skipping.")
        return 0

    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    prec: Counter[str] = Counter()
    misses: list[str] = []
    falses: list[str] = []
    n_sent = 0
    t_find = 0.0
    for path in files:
        parsed = parse(path)
        if parsed is None:
            continue
        text, anchor, timexes = parsed
        sub = os.path.basename(os.path.dirname(path))
        mentions = []
        t0 = time.perf_counter()
        for s, e in sentences(text):
            mentions.extend(find_dates(text, anchor, s, e))
            n_sent += 1
        t_find += time.perf_counter() - t0
        for m in mentions:
            assert text[m.start : m.end] == m.text, (path, m)
        gold = [t for t in timexes if t.type == "DATE" and CAL.match(t.value)]
        for t in gold:
            prec_key = {4: "year", 7: "month", 10: "day"}[len(t.value)]
            keys = ["all", prec_key, category(t), sub]
            ok = any(m.start < t.end and t.start < m.end and m.date == t.value for m in mentions)
            for k in keys:
                total[k] += 1
                found[k] += ok
            if not ok and len(misses) < args.misses:
                near = [(m.text, m.date) for m in mentions if m.start < t.end and t.start < m.end]
                ctx = text[max(0, t.start - 50) : t.end + 30].replace("\n", " ")
                misses.append(f"  {anchor.iso() if anchor else None} gold={t.value!r} {t.text!r} got={near} | {ctx}")
        for m in mentions:
            if m.date is None:
                continue
            prec["returned"] += 1
            over = [t for t in timexes if m.start < t.end and t.start < m.end]
            if any(t.type == "DATE" and t.value == m.date for t in over):
                prec["strict"] += 1
            if any(t.value.startswith(m.date) for t in over):
                prec["lenient"] += 1
            elif len(falses) < args.false:
                ctx = text[max(0, m.start - 50) : m.end + 30].replace("\n", " ")
                gold_over = [(t.text, t.value) for t in over]
                falses.append(
                    f"  {anchor.iso() if anchor else None} ours={m.date!r} {m.text!r} gold={gold_over} | {ctx}"
                )
            if over:
                prec["overlap"] += 1

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:5.1f}% ({a}/{b})" if b else "n/a"

    print(f"TBAQ-cleaned: {len(files)} files, {n_sent} sentences; find_dates {n_sent / t_find:,.0f} sentences/s")
    print("Recall of calendar DATE TIMEX3 (overlap + exact ISO value):")
    for k in ("year", "month", "day", "explicit", "weekday", "relative", "TimeBank", "AQUAINT", "all"):
        if total[k]:
            print(f"  {k:<9} {pct(found[k], total[k])}")
    print("Precision of our mentions with a date:")
    print(f"  strict  (same value as an overlapping DATE TIMEX3) {pct(prec['strict'], prec['returned'])}")
    print(f"  lenient (overlapping TIMEX3 value starts with ours) {pct(prec['lenient'], prec['returned'])}")
    print(f"  overlap (overlaps any TIMEX3 at all)               {pct(prec['overlap'], prec['returned'])}")
    if misses:
        print("Misses:")
        print("\n".join(misses))
    if falses:
        print("Found, not matching gold:")
        print("\n".join(falses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
