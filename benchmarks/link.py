"""Timing of policygraph.link: index build, measure ranking, link_measures and alignment.

    python benchmarks/link.py

Needs ../shared next to the project. The jieba dictionary load (about 0.6 s, once per process) and
the packaged profiles' load are timed separately: they are paid once, not per call. Ratios compare
the full linker (profiles + best sentence) with the plain BM25 ranking of the whole text in the same
run. Target: link a report's measures in well under a second; align a ~100-article local regulation
with the 72-article national one in under a second.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policygraph.link.align import align  # noqa: E402
from policygraph.link.articles import ArticleIndex, link_measures  # noqa: E402
from policygraph.link.profiles import packaged_profiles  # noqa: E402
from policygraph.link.text import Analyzer, default_analyzer  # noqa: E402
from policygraph.loaders.law import read_regulation  # noqa: E402

SHARED = ROOT.parent / "shared"
NATIONAL = SHARED / "laws" / "行政法规" / "优化营商环境条例(2019-10-22).md"
LOCAL = SHARED / "laws" / "DLC" / "上海地方法规/地方性法规/上海/上海市优化营商环境条例(2024-09-27).md"
REPORT = SHARED / "reports" / "dalian_2021-09-18_review-opinions-report.txt"


def timed(label: str, fn, repeat: int = 1):
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    print(f"{label:62} {best * 1000:8.1f} ms")
    timed.last = best
    return out


def main() -> int:
    if not NATIONAL.exists():
        print(f"shared data not found at {SHARED}")
        return 1
    # the first long text also loads jieba's HMM tables for unknown words
    timed("jieba dictionary, HMM + thesaurus load (once per process)",
          lambda: default_analyzer().features(REPORT.read_text("utf-8")))
    timed("packaged profiles load (once per process)", packaged_profiles)
    nat = read_regulation(NATIONAL)
    loc = read_regulation(LOCAL)
    timed("ArticleIndex over 72 national articles (cold features)",
          lambda: ArticleIndex([nat], analyzer=Analyzer(default_analyzer().thesaurus)))
    plain = timed("ArticleIndex, plain BM25 (cached features)", lambda: ArticleIndex([nat], profiles=None), 3)
    idx = timed("ArticleIndex with profiles (cached features)", lambda: ArticleIndex([nat]), 3)
    paras = [p for p in REPORT.read_text("utf-8").split("\n") if len(p) > 100]
    timed(f"rank {len(paras)} report paragraphs, plain, whole text (k=5)", lambda: [plain.rank(p) for p in paras], 3)
    base = timed.last
    timed(f"rank {len(paras)} report paragraphs, profiles + best-sentence evidence (k=5)",
          lambda: [idx.rank(p, evidence=True) for p in paras], 3)
    print(f"{'  ratio full / plain':62} {timed.last / base:8.1f} x")
    from policygraph.loaders.report import extract_report

    measures = extract_report(REPORT).measures
    timed(f"link_measures: {len(measures)} measures of the report (index cached)",
          lambda: link_measures(measures, [nat]), 3)
    cold = Analyzer(default_analyzer().thesaurus)  # new cache: every local article analysed anew
    timed(f"align {len(loc.articles())} local vs 72 national, cold (incl. index)",
          lambda: align(loc, nat, index=ArticleIndex([nat], analyzer=cold, profiles=None)))
    timed(f"align {len(loc.articles())} local vs 72 national, warm", lambda: align(loc, nat, index=plain), 3)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
