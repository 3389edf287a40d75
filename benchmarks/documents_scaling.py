"""How find_documents scales with the length of the text: time at n, 2n, 4n and 8n.

    python benchmarks/documents_scaling.py            # n = 2000 titles
    python benchmarks/documents_scaling.py --n 8000

Two texts of growing size:

- *titles*: a synthetic run of sentences, each naming two bracketed titles (one with a nested
  〈〉 title and a document number), a bare 《条例》 alias and a law's short name: the dense case
  that made the old code quadratic (every title looked at every other one);
- *report*: the Dalian report (../shared/reports) repeated, for a realistic mix.

Times are CPU seconds of this process (best of ``--repeat``), so that other programs on a shared
machine do not show up as slowness here. A linear extractor keeps ``t(kn) / t(n)`` near ``k``; the ``units`` column times
:func:`~policygraph.extractors.units.find_units` alone on the same text, which find_documents
calls once, so that a slow part there is not read as a slow part here.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policygraph.extractors.documents import find_documents  # noqa: E402
from policygraph.extractors.units import find_units  # noqa: E402

REPORT = ROOT.parent / "shared" / "reports" / "dalian_2021-09-18_review-opinions-report.txt"


def titles_text(n: int) -> str:
    """``n`` bracketed titles in n/2 sentences (synthetic, for timing only)."""
    out = []
    for i in range(n // 2):
        out.append(f"贯彻落实《甲市第{i}号促进条例》和《甲市贯彻〈乙省第{i}号办法〉实施细则》(甲政发〔2021〕{i}号),"
                   f"加快制定《条例》配套制度,清理与外商投资法不符的文件。")
    return "".join(out)


def report_text(copies: int) -> str:
    return "\n".join([REPORT.read_text(encoding="utf-8")] * copies) if REPORT.exists() else ""


def best_of(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()  # CPU time: the machine is shared, wall time measures the neighbours
        fn()
        best = min(best, time.process_time() - t0)
    return best


def run(label: str, make, sizes: list[int], repeat: int) -> None:
    print(f"\n{label}")
    print(f"{'size':>8}{'chars':>10}{'documents cpu s':>16}{'ratio':>8}{'units cpu s':>12}{'docs found':>12}")
    base = None
    for k in sizes:
        text = make(k)
        if not text:
            print("  (text not available)")
            return
        t = best_of(lambda text=text: find_documents(text, city="甲市", province="乙省"), repeat)
        tu = best_of(lambda text=text: find_units(text, city="甲市", province="乙省"), repeat)
        base = base or t
        found = len(find_documents(text, city="甲市", province="乙省"))
        print(f"{k:>8}{len(text):>10}{t:>16.3f}{t / base:>8.2f}{tu:>12.3f}{found:>12}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="titles in the smallest synthetic text")
    ap.add_argument("--copies", type=int, default=4, help="copies of the report in the smallest text")
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args(argv)
    print("find_documents scaling (ratio = time / time at the smallest size; linear means 1, 2, 4, 8)")
    find_documents(titles_text(20), city="甲市", province="乙省")  # loads the data tables once, untimed
    run("titles: dense synthetic sentences, n bracketed titles", titles_text,
        [a.n, 2 * a.n, 4 * a.n, 8 * a.n], a.repeat)
    run("report: the Dalian report repeated", report_text,
        [a.copies, 2 * a.copies, 4 * a.copies, 8 * a.copies], a.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
