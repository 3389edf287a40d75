"""The query helpers' medians on a store eight times the corpus: ../shared/laws loaded under eight
renamed copies (each copy's titles get a suffix, so each is a separate set of regulations), plus
the demo graph (the Dalian report and its regulations) so that every helper has something to find.

Each helper runs once to warm up, then 5 times; prints the median in ms per store size (one copy,
then all copies) and the ratio, so the query cost at scale is known.

    python benchmarks/helpers_at_scale.py [LAWS_FOLDER] [--copies 8] [--fraction 1]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from queries import helper_calls  # noqa: E402

RUNS = 5


def copy_corpus(files: list[Path], laws: Path, root: Path, n: int) -> Path:
    """Copy ``files`` (under ``laws``) to ``root/copyN`` with the title (``#`` line) suffixed ``（副本N）``."""
    target = root / f"copy{n}"
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if line.startswith("# "):
                lines[i] = f"{line}（副本{n}）"
                break
        out = target / f.relative_to(laws)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("\n".join(lines), encoding="utf-8")
    return target


def medians(pg, trace_iri: str) -> dict[str, float]:
    out = {}
    for name, args, kwargs in helper_calls(trace_iri):
        fn = getattr(pg, name)
        fn(*args, **kwargs)
        times = []
        for _ in range(RUNS):
            t = time.perf_counter()
            fn(*args, **kwargs)
            times.append((time.perf_counter() - t) * 1000)
        out[name] = statistics.median(times)
    return out


def main() -> int:
    from policygraph import PolicyGraph
    from policygraph.api import DATA_DIR
    from policygraph.loaders import iter_files

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("laws", nargs="?", default=str(ROOT.parent / "shared" / "laws"))
    ap.add_argument("--copies", type=int, default=8)
    ap.add_argument("--fraction", type=float, default=1.0)
    args = ap.parse_args()
    laws = Path(args.laws)
    if not laws.exists():
        print(f"skipped: {laws} is absent")
        return 0
    files = sorted(iter_files([laws]))
    files = files[:: max(1, round(1 / args.fraction))]
    results, sizes = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        pg = PolicyGraph.open(Path(tmp) / "store")
        pg.load([DATA_DIR / "catalogue.csv", DATA_DIR / "reports"])
        trace_iri = pg.measures()["measure"][0]
        for n in range(1, args.copies + 1):
            t = time.perf_counter()
            pg.load(copy_corpus(files, laws, Path(tmp), n), link=False)
            print(f"copy {n} loaded in {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
            if n in (1, args.copies):
                sizes[n] = pg.store.count()
                results[n] = medians(pg, trace_iri)
        pg.close()
    first, last = results[1], results[args.copies]
    print(f"helper | median ms, 1 copy ({sizes[1]:,} triples) | median ms, {args.copies} copies "
          f"({sizes[args.copies]:,} triples) | ratio")
    print("--- | --- | --- | ---")
    for name in first:
        print(f"{name} | {first[name]:.1f} | {last[name]:.1f} | {last[name] / max(first[name], 0.01):.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
