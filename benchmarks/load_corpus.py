"""`graphq load FOLDER` as a user runs it, against the store's own floor, in the same run.

Runs ``graphq load`` in a subprocess into a fresh store (with linking, as a user runs it) and
measures its seconds and peak memory (the child's maximum resident set). Then dumps the resulting
store as N-Quads (the very quads the load wrote, digests included) and bulk-loads that dump into a
fresh Oxigraph store: the floor no loader can beat. Then reloads the same folder (nothing should be
written) and times the first ``graphq search`` after the load.

    python benchmarks/load_corpus.py [FOLDER] [--fraction 0.25] [--keep DIR] [--pairs 3]

Prints one table: seconds, quads, quads/s, peak MB, floor seconds, ratio, reload seconds and ratio,
first search ms. ``benchmarks/load_scaling.py`` runs this at 1/8, 1/4, 1/2 and all of the folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR = """
import sys, time, resource
from pyoxigraph import RdfFormat, Store
t = time.perf_counter()
Store(sys.argv[2]).bulk_load(path=sys.argv[1], format=RdfFormat.N_QUADS)
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""
SEARCH = """
import sys, time
from policygraph import PolicyGraph
pg = PolicyGraph.open(sys.argv[1])
t = time.perf_counter(); pg.search("营商环境"); a = time.perf_counter() - t
t = time.perf_counter(); pg.search("信用体系"); b = time.perf_counter() - t
print(a, b)
"""
DUMP = """
import sys
from policygraph.stores.oxigraph import OxigraphStore
print(OxigraphStore(sys.argv[1]).dump_quads(sys.argv[2]))
"""


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run(args: list[str]) -> tuple[float, float, str]:
    """Seconds, peak MB of the child and its stdout, for one command (each in its own child, so
    ru_maxrss of the children is this command's alone); the child's CPU seconds in ``CPU[0]``."""
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
            "s = time.perf_counter() - t; sys.stderr.write(p.stderr); r = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "print(s, r.ru_maxrss / 1024, r.ru_utime + r.ru_stime); print(p.stdout, end=''); "
            "sys.exit(p.returncode)")
    p = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=_env())
    if p.returncode:
        raise SystemExit(f"{' '.join(args[:4])} … failed:\n{p.stderr[-3000:]}")
    first, _, rest = p.stdout.partition("\n")
    seconds, mb, cpu = map(float, first.split())
    CPU[0] = cpu
    return seconds, mb, rest


CPU = [0.0]


def graphq(*args: str) -> list[str]:
    return [sys.executable, "-m", "policygraph.cli", *args]


def files_of(folder: Path, fraction: float) -> list[str]:
    """Every ``1/fraction``-th file of the folder in a stable order (a sample across all kinds)."""
    sys.path.insert(0, str(ROOT))
    from policygraph.loaders import iter_files

    files = sorted(str(f) for f in iter_files([folder]))
    step = max(1, round(1 / fraction))
    return files[::step] if fraction < 1 else files


def measure(files: list[str], tmp: Path, pairs: int = 0) -> dict:
    """Load, dump, floor, reload and first search of ``files`` in ``tmp``; the figures as a dict.
    With ``pairs``, that many more loads into a fresh store, each followed by a floor run: the
    ratio of each pair, run back to back, is less at the mercy of a machine whose speed drifts."""
    store = tmp / "store"
    load_args = graphq("--store", str(store), "load", "--json", *files)
    load_s, load_mb, out = run(load_args)
    load_cpu = CPU[0]
    first = json.loads(out)
    dump = tmp / "dump.nq"
    subprocess.run([sys.executable, "-c", DUMP, str(store), str(dump)], check=True, env=_env(),
                   capture_output=True)
    quads = sum(1 for _ in dump.open("rb"))
    floors = []
    for i in range(2):  # twice, the faster counts: the machine may be busy with other work
        floor_s, floor_mb, _ = run([sys.executable, "-c", FLOOR, str(dump), str(tmp / f"floor{i}")])
        floors.append((floor_s, CPU[0], floor_mb))
        shutil.rmtree(tmp / f"floor{i}", ignore_errors=True)
    floor_s, floor_cpu, floor_mb = min(floors)
    alternated = []
    for i in range(pairs):
        shutil.rmtree(tmp / "pair", ignore_errors=True)
        s, _, _ = run(graphq("--store", str(tmp / "pair"), "load", "--json", *files))
        c = CPU[0]
        f, _, _ = run([sys.executable, "-c", FLOOR, str(dump), str(tmp / f"pairfloor{i}")])
        alternated.append((s, f, c, CPU[0]))
        shutil.rmtree(tmp / f"pairfloor{i}", ignore_errors=True)
    shutil.rmtree(tmp / "pair", ignore_errors=True)
    search_s, _, out3 = run([sys.executable, "-c", SEARCH, str(store)])
    again_s, again_mb, out2 = run(load_args)
    again = json.loads(out2)
    return {
        "files": first.get("files"), "quads": quads, "load_s": load_s, "load_mb": load_mb,
        "floor_s": floor_s, "floor_mb": floor_mb, "load_cpu": load_cpu, "floor_cpu": floor_cpu,
        "floor_runs": [f[0] for f in floors], "reload_s": again_s, "reload_mb": again_mb,
        "reload_written": again.get("quads_written"), "first_written": first.get("quads_written"),
        "search_process_s": search_s, "first_search_ms": float(out3.split()[0]) * 1000,
        "second_search_ms": float(out3.split()[1]) * 1000, "pairs": alternated,
    }


def table(rows: list[tuple[str, object]]) -> str:
    w = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{w}}  {v}" for k, v in rows)


def report(m: dict) -> str:
    return table([
        ("files", m["files"]),
        ("quads in the store (N-Quads dump)", f"{m['quads']:,}"),
        ("graphq load, s", f"{m['load_s']:.1f}"),
        ("quads/s", f"{m['quads'] / m['load_s']:,.0f}"),
        ("peak memory of the load, MB", f"{m['load_mb']:,.0f}"),
        ("floor: Oxigraph bulk_load of the dump, s", f"{m['floor_s']:.1f}"),
        ("floor peak memory, MB", f"{m['floor_mb']:,.0f}"),
        ("ratio load / floor", f"{m['load_s'] / m['floor_s']:.2f}x"),
        ("floor runs, s", ", ".join(f"{x:.1f}" for x in m["floor_runs"])),
        ("CPU seconds: load / floor", f"{m['load_cpu']:.1f} / {m['floor_cpu']:.1f} = "
                                      f"{m['load_cpu'] / m['floor_cpu']:.2f}x"),
        *([("alternated load / floor pairs, s", "; ".join(f"{a:.1f} / {b:.1f} = {a / b:.2f}x (CPU {c / d:.2f}x)"
                                                         for a, b, c, d in m["pairs"])),
           ("median ratio of the pairs", f"{statistics.median(a / b for a, b, _, _ in m['pairs']):.2f}x")]
          if m.get("pairs") else []),
        ("reload of the same files, s", f"{m['reload_s']:.1f}"),
        ("ratio reload / load", f"{m['reload_s'] / m['load_s']:.2f}x"),
        ("quads written by the reload", m["reload_written"]),
        ("first search after the load, ms (open store, pg.search)", f"{m['first_search_ms']:.0f}"),
        ("second search, ms", f"{m['second_search_ms']:.0f}"),
        ("graphq search process, s (start-up included)", f"{m['search_process_s']:.2f}"),
    ])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "laws"))
    ap.add_argument("--fraction", type=float, default=1.0, help="load every 1/F-th file only")
    ap.add_argument("--keep", help="work in this folder and keep it (else a temporary one)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--pairs", type=int, default=0,
                    help="then N more loads, each followed by a floor run, and their median ratio")
    args = ap.parse_args()
    folder = Path(args.folder)
    if not folder.exists():
        print(f"skipped: {folder} is absent")
        return 0
    files = files_of(folder, args.fraction) if args.fraction < 1 else [str(folder)]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        m = measure(files, work, args.pairs)
    print(json.dumps(m) if args.json else report(m))
    return 0


if __name__ == "__main__":
    sys.exit(main())
