"""How reading and building a regulation scales with repeated article numbers: n, 2n, 4n, 8n.

    python benchmarks/regulation_scaling.py            # n = 5000 articles
    python benchmarks/regulation_scaling.py --n 10000

Two synthetic texts of the same size at each step:

- *repeated*: every article is 第一条 (an amendment decision quoting articles, or several texts
  pasted into one file): the case that made the builder quadratic (each repeat tried -dup2, -dup3 …
  from the start);
- *distinct* (the baseline): 第1条 … 第N条, the ordinary case.

Times are CPU seconds of this process (best of ``--repeat``) for ``read_regulation`` plus
``regulation_quads``. Linear growth keeps ``t(kn) / t(n)`` near ``k`` and the repeated/distinct ratio
flat.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policygraph.build import regulation_quads  # noqa: E402
from policygraph.loaders.law import read_regulation  # noqa: E402

DIGITS = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """1 -> 一, 12 -> 十二, 305 -> 三百零五, 40000 -> 四万 (as article numbers are written)."""
    if n >= 10000:
        high, low = divmod(n, 10000)
        return to_chinese(high) + "万" + (("零" if low < 1000 else "") + to_chinese(low) if low else "")
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            out += ("零" if zero and out else "") + ("" if (unit == "十" and d == 1 and not out) else DIGITS[d]) + unit
            zero = False
        else:
            zero = True
    return out


def text(n: int, repeated: bool) -> str:
    body = "".join(f"第{'一' if repeated else to_chinese(i + 1)}条 本条规定事项。\n\n" for i in range(n))
    return "# 示例条例\n\n" + body


def cpu(path: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        regulation_quads(read_regulation(path))
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp())
    print(f"{'articles':>9} {'repeated s':>11} {'distinct s':>11} {'rep/dist':>9} {'growth':>7}")
    first = None
    for k in (1, 2, 4, 8):
        n = args.n * k
        times = {}
        for kind in ("repeated", "distinct"):
            path = folder / f"示例条例{kind}(2020-01-01).md"
            path.write_text(text(n, kind == "repeated"), encoding="utf-8")
            times[kind] = cpu(path, args.repeat)
        first = first or times["repeated"]
        print(f"{n:>9} {times['repeated']:>11.2f} {times['distinct']:>11.2f} "
              f"{times['repeated'] / times['distinct']:>9.2f} {times['repeated'] / first:>6.1f}x")


if __name__ == "__main__":
    main()
