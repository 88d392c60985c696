"""Build an N-article benchmark corpus from the BBC articles.

    .venv/bin/python scripts/make_corpus.py N OUT_DIR [--seed S] [--source DIR] [--jobs J]

Each generated article starts from a BBC article of a random category and
varies it so that neither the entities nor the text merely repeat:

- about a third of its paragraphs (never the first) are swapped for
  paragraphs of other articles of the same category;
- capitalised names are substituted, consistently within the article, from
  pools built from the corpus itself: first names and surnames (seen as
  "Mr/Mrs/Ms Surname" and "First Surname") permuted freely, and organisation
  stems (the word before Corp, Bank, Group, United, ...) — millions of
  possible people, so the entity table grows as a real archive would;
- years are shifted by the same random offset throughout the article, and
  about half of the other numbers are scaled by a random factor (0.5-1.5);
- about 40% of the files get a `date YYYY-MM-DD` header (in the shifted year).

Deterministic: the same (N, seed, source) gives byte-identical files, and
article i depends only on (seed, i), so generation runs in parallel. Files go
to OUT/NNN/NNNNNN.txt, 1000 a folder. Nothing is written outside OUT; the BBC
corpus is only read.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SOURCE = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "bbc"
PER_FOLDER = 1000

_WORD = re.compile(r"[A-Za-z]+")
_CAP = re.compile(r"\b[A-Z][a-z]{2,}\b")
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.? ([A-Z][a-z]{2,})\b")
_BIGRAM = re.compile(r"\b([A-Z][a-z]{2,}) ([A-Z][a-z]{2,})\b")
_ORG_SUFFIXES = (
    "Corp|Inc|Group|Bank|Ltd|plc|Airlines|Airways|Motors|Telecom|Holdings|Association|"
    "Federation|Council|Party|United|City|Rovers|Records|Studios|Pictures|Capital|Energy|Systems"
)
_ORG = re.compile(r"\b([A-Z][a-z]{2,}) (?:" + _ORG_SUFFIXES + r")\b")
_PLACE = re.compile(r"\b(?:in|at|New|St|Port|Fort|North|South|East|West) ([A-Z][a-z]{2,})\b")
_AFTER_THE = re.compile(r"\b[Tt]he ([A-Z][a-z]{2,})\b")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-2]\d)\b")
_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\d,]\d)")
_NEVER = {
    # capitalised words that are never names, even if the corpus never writes them in lower case
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "The",
    "BBC",
}


@dataclass(slots=True)
class Article:
    category: str
    title: str
    paragraphs: list[str]


@dataclass(slots=True)
class Pools:
    first: list[str]
    last: list[str]
    stems: list[str]
    first_set: frozenset[str]
    last_set: frozenset[str]
    stem_set: frozenset[str]


def read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def load_articles(source: Path) -> list[Article]:
    """Every BBC article: title (line 1) and paragraphs (split on blank lines)."""
    articles = []
    for path in sorted(source.rglob("*.txt")):
        text = read_text(path).replace("\r\n", "\n")
        title, _, body = text.partition("\n")
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
        if title.strip() and paragraphs:
            articles.append(Article(path.parent.name, title.strip(), paragraphs))
    if not articles:
        raise SystemExit(f"no .txt articles under {source}")
    return articles


def build_pools(articles: list[Article]) -> Pools:
    """Name parts seen in the corpus; a word also seen in lower case is never one."""
    lower: set[str] = set()
    surnames: set[str] = set()
    stems: set[str] = set()
    bigrams: list[tuple[str, str]] = []
    places: set[str] = set()
    after_the: set[str] = set()  # "the French", "the Treasury": not a person's name
    for a in articles:
        text = a.title + "\n" + "\n".join(a.paragraphs)
        lower.update(w for w in _WORD.findall(text) if w.islower())
        surnames.update(_TITLED.findall(text))
        stems.update(_ORG.findall(text))
        bigrams.extend(_BIGRAM.findall(text))
        places.update(_PLACE.findall(text))
        after_the.update(_AFTER_THE.findall(text))

    def name_like(w: str) -> bool:
        return w.lower() not in lower and w not in _NEVER

    # a word seen as "in X", "New X", "St X" is likely a place: never an org stem, and a
    # person's name part only when it was also seen as "Mr X" / "First X"
    last = {w for w in surnames if name_like(w)} - after_the
    first = {a for a, b in bigrams if b in last and name_like(a)} - last - places - after_the
    stems = {w for w in stems if name_like(w)} - first - last - places
    return Pools(
        sorted(first),
        sorted(last),
        sorted(stems),
        frozenset(first),
        frozenset(last),
        frozenset(stems),
    )


# --- generation (per article, seeded by (seed, index)) ------------------------------

_STATE: dict[str, object] = {}


def _init(articles: list[Article], pools: Pools, seed: int, out: Path) -> None:
    by_category: dict[str, list[int]] = {}
    for i, a in enumerate(articles):
        by_category.setdefault(a.category, []).append(i)
    _STATE.update(articles=articles, pools=pools, seed=seed, out=out, by_category=by_category)


def article_text(index: int) -> str:
    articles: list[Article] = _STATE["articles"]  # type: ignore[assignment]
    pools: Pools = _STATE["pools"]  # type: ignore[assignment]
    by_category: dict[str, list[int]] = _STATE["by_category"]  # type: ignore[assignment]
    seed: int = _STATE["seed"]  # type: ignore[assignment]
    rng = random.Random(seed * 1_000_003 + index)

    base = articles[rng.randrange(len(articles))]
    siblings = by_category[base.category]
    paragraphs = [base.paragraphs[0]]
    for p in base.paragraphs[1:]:
        if rng.random() < 0.35:
            other = articles[siblings[rng.randrange(len(siblings))]]
            p = other.paragraphs[rng.randrange(len(other.paragraphs))]
        paragraphs.append(p)

    mapping: dict[str, str] = {}
    first, last, stems = pools.first, pools.last, pools.stems
    first_set, last_set, stem_set = pools.first_set, pools.last_set, pools.stem_set
    choice = rng.choice
    keep = rng.random

    def substitute(m: re.Match[str]) -> str:
        word = m.group(0)
        new = mapping.get(word)
        if new is None:
            if word in last_set:
                new = choice(last) if keep() < 0.85 else word
            elif word in first_set:
                new = choice(first) if keep() < 0.85 else word
            elif word in stem_set:
                new = choice(stems) if keep() < 0.6 else word
            else:
                new = word
            mapping[word] = new
        return new

    shift = rng.randint(-12, 16)

    def shift_year(m: re.Match[str]) -> str:
        return str(int(m.group(0)) + shift)

    def vary_number(m: re.Match[str]) -> str:
        whole, frac = m.group(1), m.group(2)
        if keep() < 0.5 or _YEAR.fullmatch(whole):
            return m.group(0)
        value = int(whole.replace(",", "")) * (0.5 + keep())
        digits = len(frac) - 1 if frac else 0
        text = f"{value:,.{digits}f}" if "," in whole else f"{value:.{digits}f}"
        return text

    body = "\n\n".join(paragraphs)
    title = _YEAR.sub(shift_year, _CAP.sub(substitute, base.title))
    body = _NUMBER.sub(vary_number, _YEAR.sub(shift_year, _CAP.sub(substitute, body)))
    head = ""
    if rng.random() < 0.4:
        head = f"date {2005 + shift:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n"
    return f"{head}{title}\n\n{body}\n"


def _write_range(bounds: tuple[int, int]) -> int:
    out: Path = _STATE["out"]  # type: ignore[assignment]
    written = 0
    for i in range(*bounds):
        data = article_text(i).encode("utf-8")
        folder = out / f"{i // PER_FOLDER:03d}"
        with open(folder / f"{i:06d}.txt", "wb") as fh:
            fh.write(data)
        written += len(data)
    return written


@dataclass(slots=True)
class Generated:
    files: int
    bytes: int
    seconds: float
    people_pool: int
    first_names: int
    surnames: int
    org_stems: int


def generate(
    n: int,
    out: str | os.PathLike[str],
    *,
    seed: int = 0,
    source: str | os.PathLike[str] = DEFAULT_SOURCE,
    jobs: int | None = None,
) -> Generated:
    """Write n articles under ``out`` (created; must not already hold a corpus)."""
    started = time.perf_counter()
    out = Path(out)
    articles = load_articles(Path(source))
    pools = build_pools(articles)
    for f in range(0, (n + PER_FOLDER - 1) // PER_FOLDER):
        (out / f"{f:03d}").mkdir(parents=True, exist_ok=True)
    _init(articles, pools, seed, out)
    step = 2000
    ranges = [(s, min(n, s + step)) for s in range(0, n, step)]
    jobs = jobs or len(os.sched_getaffinity(0))
    if jobs > 1 and n > step and hasattr(os, "fork"):
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            total = sum(pool.imap_unordered(_write_range, ranges))
    else:
        total = sum(_write_range(r) for r in ranges)
    return Generated(
        n,
        total,
        time.perf_counter() - started,
        len(pools.first) * len(pools.last),
        len(pools.first),
        len(pools.last),
        len(pools.stems),
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("out", help="output folder (created)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--source", default=str(DEFAULT_SOURCE), help="the BBC corpus folder")
    ap.add_argument("--jobs", type=int, default=None, help="processes (default: all cores)")
    args = ap.parse_args(argv)
    if not Path(args.source).is_dir():
        print(f"make_corpus: BBC corpus not found at {args.source}", file=sys.stderr)
        return 2
    g = generate(args.n, args.out, seed=args.seed, source=args.source, jobs=args.jobs)
    print(
        f"{g.files} articles, {g.bytes / 2**20:.1f} MiB in {g.seconds:.1f} s "
        f"(name pool: {g.first_names} first names x {g.surnames} surnames, {g.org_stems} org stems)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
