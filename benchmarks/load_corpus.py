"""Load all of ../shared/laws into a fresh embedded store and print what it took.

Prints files, articles, triples, seconds, files/s, peak memory, and two ratios measured in the same
run: against the store's own floor (a fresh Oxigraph store bulk-loading the N-Triples export of the
same graph) and against a bare regex split of the files into articles.

    python benchmarks/load_corpus.py [LAWS_FOLDER] [--memory]
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

from pyoxigraph import RdfFormat, Store

from policygraph import PolicyGraph
from policygraph.loaders import iter_files

ROOT = Path(__file__).resolve().parents[1]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("laws", nargs="?", default=str(ROOT.parent / "shared" / "laws"))
    ap.add_argument("--memory", action="store_true", help="in-memory store instead of a folder")
    args = ap.parse_args()
    laws = Path(args.laws)
    if not laws.exists():
        print(f"skipped: {laws} is absent")
        return 0
    files = list(iter_files([laws]))

    t = time.perf_counter()
    article = re.compile(r"^第[〇零一二两三四五六七八九十百千0-9]+条", re.M)
    n_regex = sum(len(article.findall(f.read_text(encoding="utf-8", errors="replace"))) for f in files)
    regex_s = time.perf_counter() - t

    with tempfile.TemporaryDirectory() as tmp:
        pg = PolicyGraph.open(memory=True) if args.memory else PolicyGraph.open(Path(tmp) / "store")
        t = time.perf_counter()
        summary = pg.load(files, link=False)
        load_s = time.perf_counter() - t
        triples = pg.store.count()
        nt = pg.export("nt")

        floor_store = Store() if args.memory else Store(str(Path(tmp) / "floor"))
        t = time.perf_counter()
        floor_store.bulk_load(nt, format=RdfFormat.N_TRIPLES)
        floor_s = time.perf_counter() - t

        t = time.perf_counter()
        again = pg.load(files, link=False)
        reload_s = time.perf_counter() - t

    rows = [
        ("files", len(files)),
        ("regulation versions", summary.regulations),
        ("articles", summary.articles),
        ("articles by bare regex", n_regex),
        ("files without articles", len(summary.no_articles)),
        ("triples", triples),
        ("load seconds", f"{load_s:.1f}"),
        ("files/s", f"{len(files) / load_s:.0f}"),
        ("triples/s", f"{triples / load_s:,.0f}"),
        ("peak memory MB", f"{peak_mb():,.0f}"),
        ("store floor: bulk_load of the N-Triples export, s", f"{floor_s:.1f}"),
        ("ratio load / store floor", f"{load_s / floor_s:.1f}x"),
        ("bare regex split, s", f"{regex_s:.2f}"),
        ("ratio load / regex split", f"{load_s / regex_s:.0f}x"),
        ("reload of the same files, s (nothing written)", f"{reload_s:.1f}"),
        ("graphs unchanged / replaced / added on reload",
         f"{len(again.result.unchanged)} / {len(again.result.replaced)} / {len(again.result.added)}"),
    ]
    w = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{w}}  {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
