"""Benchmark: an RDF server (Virtuoso) as the store, against the embedded store, in the same run.

    python benchmarks/sparql_endpoint.py                 # Dalian demo + every 10th file of ../shared/laws
    python benchmarks/sparql_endpoint.py --demo-only     # the Dalian demo only
    python benchmarks/sparql_endpoint.py --every 20 --graph-store   # a twentieth, written by Graph Store POSTs

Starts its own Virtuoso (Debian's virtuoso-opensource, tests/virtuoso_server.py) on free loopback
ports and stops it at the end. For each graph (the demo; the demo with the laws sample) it prints:
the load (seconds in all, and in the store's ``replace_graphs``; quads; requests) into the embedded
store on disk and into the server, the
reload of the same files (what it sends: an unchanged file must send no write), ``export`` to
N-Triples, and each query helper's median latency (1 warm-up, 5 runs) on both, with the ratio
server / embedded.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

from queries import helper_calls  # noqa: E402  (benchmarks/queries.py: the helpers and their arguments)
from virtuoso_server import VirtuosoServer, virtuoso_binaries  # noqa: E402

from policygraph import PolicyGraph  # noqa: E402
from policygraph.datafiles import DATA_DIR  # noqa: E402
from policygraph.loaders import iter_files  # noqa: E402

RUNS = 5


def sources(laws: Path | None, every: int) -> list[Path]:
    demo = [DATA_DIR / "catalogue.csv", DATA_DIR / "reports"]
    if laws is None:
        return demo
    return sorted(iter_files([laws]))[::every] + demo


def timed(fn, *args, **kwargs):
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t


class Writes:
    """Time spent in the store's replace_graphs (the part of a load the store answers for)."""

    def __init__(self, store):
        self.seconds, self.real = 0.0, store.replace_graphs
        store.replace_graphs = self

    def __call__(self, *args, **kwargs):
        out, t = timed(self.real, *args, **kwargs)
        self.seconds += t
        return out

    def take(self) -> float:
        spent, self.seconds = self.seconds, 0.0
        return spent


def load_both(embedded: PolicyGraph, served: PolicyGraph, paths: list[Path]) -> None:
    for label, pg in (("embedded", embedded), ("server", served)):
        before = dict(getattr(pg.store, "endpoint", None).requests) if label == "server" else {}
        writes = Writes(pg.store)
        summary, first = timed(pg.load, paths, keep_going=True)
        w1 = writes.take()
        again, second = timed(pg.load, paths, keep_going=True)
        w2 = writes.take()
        sent = ""
        if label == "server":
            now = pg.store.endpoint.requests
            sent = "; requests: " + ", ".join(f"{k} {now[k] - before[k]}" for k in now)
        print(f"  load {label:9} {first:8.1f} s (writing {w1:5.1f} s) {summary.result.quads:>9,} quads{sent}",
              flush=True)
        print(f"  reload {label:7} {second:8.1f} s (writing {w2:5.1f} s) {again.result.quads:>9,} quads, "
              f"{len(again.result.unchanged)} graphs unchanged", flush=True)


def medians(pg: PolicyGraph, calls) -> dict[str, float | str]:
    out: dict[str, float | str] = {}
    for name, args, kwargs in calls:
        fn = getattr(pg, name)
        try:
            fn(*args, **kwargs)  # warm-up (the text index syncs here)
            runs = []
            for _ in range(RUNS):
                _, t = timed(fn, *args, **kwargs)
                runs.append(t)
        except Exception as exc:  # noqa: BLE001 - a failing helper is a result, not a crash
            out[name] = f"error: {type(exc).__name__}"
            continue
        out[name] = statistics.median(runs) * 1000
    return out


def compare(label: str, paths: list[Path], server: VirtuosoServer, tmp: Path, graph_store: bool) -> None:
    print(f"\n[{label}] {len(paths)} paths", flush=True)
    embedded = PolicyGraph.open(tmp / label.replace(" ", "-"))
    served = PolicyGraph.open(sparql=server.sparql_url, graph_store=server.graph_store_url if graph_store else None,
                              timeout=600)
    served.store.clear()
    try:
        load_both(embedded, served, paths)
        print(f"  triples: embedded {embedded.store.count():,}, server {served.store.count():,}")
        for name, pg in (("embedded", embedded), ("server", served)):
            data, t = timed(pg.export, "nt")
            print(f"  export nt {name:9} {t:6.2f} s  {len(data) / 1e6:6.1f} MB", flush=True)
        df = embedded.measures().query("articles != ''")
        calls = helper_calls(df.iloc[0]["measure"] if len(df) else "优化机构设置")
        a, b = medians(embedded, calls), medians(served, calls)
        print(f"\n  {'helper':18} {'embedded ms':>12} {'server ms':>12} {'server/embedded':>16}")
        for name, *_ in calls:
            x, y = a[name], b[name]
            r = f"{y / x:,.1f}x" if isinstance(x, float) and isinstance(y, float) and x > 0 else "-"
            fx, fy = (f"{v:,.1f}" if isinstance(v, float) else v for v in (x, y))
            print(f"  {name:18} {fx:>12} {fy:>12} {r:>16}")
    finally:
        served.store.clear()
        served.close()
        embedded.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("laws", nargs="?", default=str(ROOT.parent / "shared" / "laws"))
    ap.add_argument("--every", type=int, default=10, help="take every Nth laws file (default 10: a tenth)")
    ap.add_argument("--demo-only", action="store_true")
    ap.add_argument("--graph-store", action="store_true", help="stage graphs by Graph Store Protocol POSTs")
    args = ap.parse_args()
    if virtuoso_binaries() is None:
        sys.exit("Virtuoso is not installed: apt-get install virtuoso-opensource")
    laws = Path(args.laws)
    PolicyGraph.open(memory=True).load(sources(None, 1))  # warm-up: the first load pays for loading the word lists
    with VirtuosoServer() as server, tempfile.TemporaryDirectory() as tmp:
        print(f"Virtuoso at {server.sparql_url}; writes by {'Graph Store POST' if args.graph_store else 'INSERT DATA'}")
        compare("demo", sources(None, 1), server, Path(tmp), args.graph_store)
        if not args.demo_only and laws.is_dir():
            compare(f"demo + 1/{args.every} of laws", sources(laws, args.every), server, Path(tmp), args.graph_store)


if __name__ == "__main__":
    main()
