"""How the cost of `graphq load` grows with the work: 1/8, 1/4, 1/2 and all of ../shared/laws.

At each size, in the same run: seconds (wall and CPU), quads, quads/s, peak memory, and the ratio
to the store's own floor (Oxigraph bulk-loading the N-Quads dump of the very quads the load wrote),
measured by :mod:`load_corpus` (``graphq load`` in a subprocess). The last columns divide each
size's seconds (wall and CPU) and memory by its quads, relative to the smallest size: growth no
faster than linear keeps them at or below 1. ``--from-log FILE`` prints the table of the JSON lines
an earlier run wrote to stderr.

    python benchmarks/load_scaling.py [FOLDER] [--sizes 8,4,2,1]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_corpus import ROOT, files_of, measure  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "laws"))
    ap.add_argument("--sizes", default="8,4,2,1", help="load every N-th file, for each N")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--from-log", help="the JSON lines of an earlier run (its stderr)")
    args = ap.parse_args()
    if args.from_log:
        rows = [json.loads(line) for line in Path(args.from_log).read_text().splitlines() if line.startswith("{")]
        print_table(rows)
        return 0
    folder = Path(args.folder)
    if not folder.exists():
        print(f"skipped: {folder} is absent")
        return 0
    rows = []
    for n in (int(x) for x in args.sizes.split(",")):
        files = files_of(folder, 1 / n) if n > 1 else [str(folder)]
        with tempfile.TemporaryDirectory() as tmp:
            m = measure(files, Path(tmp))
        m["size"] = f"1/{n}" if n > 1 else "all"
        rows.append(m)
        print(json.dumps(m), file=sys.stderr, flush=True)
    if args.json:
        print(json.dumps(rows))
        return 0
    print_table(rows)
    return 0


def print_table(rows: list[dict]) -> None:
    base = rows[0]
    head = ("size", "files", "quads", "load s", "CPU s", "quads/s", "peak MB", "floor s", "load/floor",
            "CPU load/floor", "s per quad vs first", "CPU s per quad vs first", "MB per quad vs first")
    print(" | ".join(head))
    print(" | ".join("---" for _ in head))
    for m in rows:
        per_quad = (m["load_s"] / m["quads"]) / (base["load_s"] / base["quads"])
        cpu_quad = (m["load_cpu"] / m["quads"]) / (base["load_cpu"] / base["quads"])
        mem_quad = (m["load_mb"] / m["quads"]) / (base["load_mb"] / base["quads"])
        print(" | ".join(str(x) for x in (
            m["size"], m["files"], f"{m['quads']:,}", f"{m['load_s']:.1f}", f"{m['load_cpu']:.1f}",
            f"{m['quads'] / m['load_s']:,.0f}", f"{m['load_mb']:,.0f}", f"{m['floor_s']:.1f}",
            f"{m['load_s'] / m['floor_s']:.2f}x", f"{m['load_cpu'] / m['floor_cpu']:.2f}x",
            f"{per_quad:.2f}", f"{cpu_quad:.2f}", f"{mem_quad:.2f}")))


if __name__ == "__main__":
    sys.exit(main())
