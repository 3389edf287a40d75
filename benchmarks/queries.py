"""Latency of every query helper, per embedded store option, on the demo graph and the full corpus.

Stores: Oxigraph on disk (the default), Oxigraph in memory, and rdflib's in-memory ``Dataset`` as the
baseline (``policygraph.stores.rdflib_store``, filled from the built Oxigraph store). Graphs: the demo
graph (Dalian report + the regulations it concerns) and ``../shared/laws`` plus the demo graph.

Each helper runs once to warm up, then 5 times; the median is printed in ms, with the ratio
rdflib / Oxigraph (on disk) measured in the same run. Helpers over 100 ms median on the full corpus
with the default store are flagged. Every store runs in its own worker process with a time budget,
so a query that takes too long prints "timeout" instead of hanging the benchmark.

    python benchmarks/queries.py [LAWS_FOLDER] [--budget SECONDS] [--demo-only]
"""

from __future__ import annotations

import argparse
import json
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STORES = ["oxigraph-disk", "oxigraph-memory", "rdflib"]
RUNS = 5
FLAG_MS = 100.0


def helper_calls(trace_iri: str) -> list[tuple[str, tuple, dict]]:
    """The helpers and the arguments they are timed with."""
    return [
        ("measures", (), {"unit": "市营商局"}),
        ("units", (), {}),
        ("responsibilities", ("市营商局",), {}),
        ("documents", (), {}),
        ("metrics", (), {}),
        ("trace", (trace_iri,), {}),
        ("coverage", ("优化营商环境条例",), {}),
        ("timeline", (), {}),
        ("search", ("信用",), {}),
        ("neighbors", ("市营商局",), {}),
    ]


# ------------------------------------------------------------------ worker side
def emit(**record) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)


def build(store_path: str, laws: str | None) -> None:
    """Build a graph in an on-disk store and report a linked measure's IRI for trace()."""
    from policygraph import PolicyGraph
    from policygraph.api import DATA_DIR

    paths = [DATA_DIR / "catalogue.csv", DATA_DIR / "reports"]
    if laws:
        paths.insert(0, Path(laws))
    t = time.perf_counter()
    pg = PolicyGraph.open(store_path)
    summary = pg.load(paths, keep_going=True)
    linked = pg.measures().query("articles != ''")
    emit(built=time.perf_counter() - t, quads=pg.store.count(), regulations=summary.regulations,
         errors=len(summary.errors), trace=linked.iloc[0]["measure"] if len(linked) else "")
    pg.close()


def open_store(kind: str, store_path: str):
    """The graph in ``store_path`` behind the store ``kind``; the copy is made from Oxigraph's quads."""
    from policygraph import PolicyGraph
    from policygraph.stores.oxigraph import OxigraphStore

    disk = OxigraphStore(store_path)
    if kind == "oxigraph-disk":
        return PolicyGraph(disk)
    if kind == "oxigraph-memory":
        mem = OxigraphStore(None)
        mem.raw.bulk_extend(disk.triples())
        disk.close()
        return PolicyGraph(mem)
    if kind == "rdflib":
        from policygraph.stores.rdflib_store import RdflibStore

        store = RdflibStore.from_oxigraph(disk)
        disk.close()
        return PolicyGraph(store)
    raise ValueError(kind)


def work(kind: str, store_path: str, trace_iri: str, helpers: list[str], budget: float) -> None:
    """Time ``helpers`` on one store; one JSON line per helper. The parent enforces the budget."""
    t = time.perf_counter()
    pg = open_store(kind, store_path)
    emit(ready=time.perf_counter() - t)
    for name, args, kwargs in helper_calls(trace_iri):
        if name not in helpers:
            continue
        fn = getattr(pg, name)
        try:
            t0 = time.perf_counter()
            rows = len(fn(*args, **kwargs))  # warm-up
            spent = time.perf_counter() - t0
            times = []
            while len(times) < RUNS and (not times or sum(times) < budget):
                t0 = time.perf_counter()
                fn(*args, **kwargs)
                times.append(time.perf_counter() - t0)
        except Exception as exc:  # noqa: BLE001 - a failing helper is a result, not a crash
            emit(helper=name, error=f"{type(exc).__name__}: {exc}"[:120])
            continue
        emit(helper=name, ms=statistics.median(times) * 1000, runs=len(times), rows=rows, warmup=spent)


# ------------------------------------------------------------------ parent side
class Worker:
    """A worker process whose JSON lines are read with a deadline."""

    def __init__(self, argv: list[str]):
        self.proc = subprocess.Popen([sys.executable, __file__, *argv], stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            if line.startswith("{"):
                self.lines.put(json.loads(line))
        self.lines.put(None)

    def next(self, timeout: float) -> dict | None:
        """The next record, ``{"timeout": True}`` after ``timeout`` seconds, or None at exit."""
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            return {"timeout": True}

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


def measure_store(kind: str, store_path: str, trace_iri: str, budget: float) -> dict[str, str | float]:
    """{helper: ms or a word} for one store; a helper over budget is "timeout" and the rest go on
    in a fresh worker."""
    names = [c[0] for c in helper_calls(trace_iri)]
    out: dict[str, str | float] = {}
    while len(out) < len(names):
        todo = [n for n in names if n not in out]
        w = Worker(["--worker", kind, store_path, trace_iri, ",".join(todo), str(budget)])
        try:
            rec = w.next(budget)
            if rec is None or "ready" not in rec:  # building this store took too long (or failed)
                out.update({n: "timeout" if rec else "failed" for n in todo})
                why = f"building the store took over {budget:.0f} s" if rec else "worker failed"
                print(f"  {kind}: {why}", flush=True)
                break
            print(f"  {kind}: store ready in {rec['ready']:.1f} s", flush=True)
            for n in todo:
                # warm-up within the budget, then up to 5 runs within about another budget
                rec = w.next(2 * budget + 5)
                if rec is None:
                    out[n] = "failed"
                    break
                if rec.get("timeout"):
                    out[n] = "timeout"
                    print(f"  {kind}: {n}: timeout", flush=True)
                    break
                out[n] = rec["ms"] if "ms" in rec else "error"
                if "error" in rec:
                    print(f"  {kind}: {n}: {rec['error']}", flush=True)
                elif rec["warmup"] > budget:
                    out[n] = "timeout"
                else:
                    print(f"  {kind}: {n}: {rec['ms']:,.1f} ms ({rec['rows']} rows)", flush=True)
        finally:
            w.stop()
    return out


def fmt(v) -> str:
    return f"{v:,.1f}" if isinstance(v, float) else str(v)


def ratio(a, b) -> str:
    return f"{a / b:,.1f}x" if isinstance(a, float) and isinstance(b, float) and b > 0 else "-"


def run_corpus(label: str, laws: str | None, tmp: Path, budget: float) -> tuple[dict, dict] | None:
    path = str(tmp / label.replace(" ", "-"))
    print(f"\n[{label}] building the graph on disk …", flush=True)
    w = Worker(["--build", path, laws or ""])
    rec = w.next(3600)
    w.stop()
    if not rec or "built" not in rec:
        print(f"[{label}] build failed")
        return None
    print(f"[{label}] {rec['quads']:,} quads, {rec['regulations']} regulation versions, built in "
          f"{rec['built']:.0f} s; trace() starts at {rec['trace']}", flush=True)
    results = {kind: measure_store(kind, path, rec["trace"], budget) for kind in STORES}
    return results, rec


def print_table(label: str, results: dict, *, flag: bool) -> list[str]:
    names = list(next(iter(results.values())))
    head = ["helper", *STORES, "rdflib/oxigraph"]
    rows = []
    flagged = []
    for n in names:
        v = [results[k][n] for k in STORES]
        mark = ""
        if flag and isinstance(v[0], float) and v[0] > FLAG_MS or flag and v[0] in ("timeout", "error"):
            mark = " !"
            flagged.append(n)
        rows.append([n + mark, *map(fmt, v), ratio(v[2], v[0])])
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    print(f"\n{label}: median ms of {RUNS} runs after one warm-up")
    for r in [head, *rows]:
        print("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                        for i, (c, w) in enumerate(zip(r, widths, strict=True))))
    return flagged


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        kind, store_path, trace_iri, helpers, budget = sys.argv[2:7]
        work(kind, store_path, trace_iri, helpers.split(","), float(budget))
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == "--build":
        build(sys.argv[2], sys.argv[3] or None)
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("laws", nargs="?", default=str(ROOT.parent / "shared" / "laws"))
    ap.add_argument("--budget", type=float, default=60.0,
                    help="seconds allowed to build a store or run a helper once (default 60)")
    ap.add_argument("--demo-only", action="store_true", help="skip the full-corpus graph")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="pg-bench-") as tmp:
        demo = run_corpus("demo graph", None, Path(tmp), args.budget)
        if demo:
            print_table("demo graph", demo[0], flag=False)
        if args.demo_only:
            return 0
        if not Path(args.laws).exists():
            print(f"\nfull corpus skipped: {args.laws} is absent")
            return 0
        full = run_corpus("full corpus", args.laws, Path(tmp), args.budget)
        if demo:
            print_table("demo graph", demo[0], flag=False)
        if full:
            flagged = print_table("full corpus (../shared/laws + demo)", full[0], flag=True)
            print(f"\n! = over {FLAG_MS:.0f} ms median (or timeout) on the full corpus with the default store"
                  + (f": {', '.join(flagged)}" if flagged else ": none"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
