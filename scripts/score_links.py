"""Score measure -> article links against the gold annotation of the seed report.

Prints Hits@1, Hits@3 and MRR of the first primary article (the best-ranked article that the gold
marks primary), the same for the gold's first-listed primary only (strict), and precision/recall of
the asserted links against primary+secondary, with the threshold used.

Measure texts come from the gold file's text_start...text_end located in the report (evaluation only;
the package never reads the gold), or from the report extractor with ``--measures extract``.

    python scripts/score_links.py                 # ../shared next to the project
    python scripts/score_links.py --sweep         # precision/recall over thresholds
    python scripts/score_links.py --verbose       # per-measure ranks and matched terms
    python scripts/score_links.py --align         # also align local regulations with the national one
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policygraph.link.articles import DEFAULT_THRESHOLD, ArticleIndex, link_measures  # noqa: E402
from policygraph.records import Measure  # noqa: E402

SHARED = ROOT.parent / "shared"
NATIONAL = SHARED / "laws" / "行政法规" / "优化营商环境条例(2019-10-22).md"
LOCAL = [SHARED / "laws" / "DLC" / p for p in (
    "北京地方法规/地方性法规/北京/北京市优化营商环境条例(2020-03-27).md",
    "上海地方法规/地方性法规/上海/上海市优化营商环境条例(2020-04-10).md",
    "山东地方法规/地方性法规/山东/青岛市优化营商环境条例(2021-01-28).md",
    "河南地方法规/地方性法规/河南/河南省优化营商环境条例(2020-11-28).md")]


def gold_measures(report: Path, gold: dict) -> list[Measure]:
    """Measures with the gold's boundaries: text from text_start to text_end in the report."""
    text = report.read_text("utf-8")
    out, pos = [], 0
    for g in gold["measures"]:
        s = text.find(g["text_start"], pos)
        e = text.find(g["text_end"], s) + len(g["text_end"])
        if s < 0 or e < s:
            raise SystemExit(f"cannot locate {g['id']} in {report}")
        pos = e
        out.append(Measure(g["id"], g["section"], g["ordinal"], g["marker"], g["heading"],
                           text[s:e], s, e))
    return out


def extracted_measures(report: Path) -> list[Measure]:
    from policygraph.loaders.report import extract_report

    return extract_report(report).measures


def evaluate(measures: list[Measure], gold: dict, threshold: float) -> dict:
    """Ranking and assertion figures for ``measures`` already linked (articles filled, k large)."""
    by_id = {g["id"]: g for g in gold["measures"]}
    n = hits1 = hits3 = 0
    rr = strict_rr = strict3 = 0.0
    tp = fp = fn = 0
    for m in measures:
        g = by_id.get(m.id)
        if g is None:
            continue
        prim = [a["article"] for a in g["articles"] if a["strength"] == "primary"]
        rel = {a["article"] for a in g["articles"]}
        ranked = [c.article for c in m.articles]
        n += 1
        first = next((r for r, a in enumerate(ranked, 1) if a in prim), None)
        if first:
            rr += 1 / first
            hits1 += first == 1
            hits3 += first <= 3
        if prim and prim[0] in ranked:
            r = ranked.index(prim[0]) + 1
            strict_rr += 1 / r
            strict3 += r <= 3
        asserted = {c.article for c in m.articles if c.score >= threshold}
        tp += len(asserted & rel)
        fp += len(asserted - rel)
        fn += len(rel - asserted)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"n": n, "hits@1": hits1 / n, "hits@3": hits3 / n, "mrr": rr / n,
            "strict_hits@3": strict3 / n, "strict_mrr": strict_rr / n,
            "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "asserted": tp + fp, "threshold": threshold}


def general_provisions(reg) -> set[int]:
    """Article numbers of the 总则 chapter (or of the articles before the first chapter)."""
    out: set[int] = set()
    for p in reg.parts:
        if p.kind == "article":
            out.add(p.number)
        elif "总" in (p.heading or ""):
            sub = type(reg)(reg.title, parts=[p])
            out |= {a.number for a in sub.articles()}
        else:
            break
    return out


def align_report(national, index, paths, verbose: bool) -> None:
    """Sanity check of align(): 总则 articles vs national 1-9, asserted share, timing."""
    import time

    from policygraph.link.align import DEFAULT_ALIGN_THRESHOLD, align
    from policygraph.loaders.law import read_regulation

    print(f"align (threshold={DEFAULT_ALIGN_THRESHOLD}) against {national.title}:")
    for path in paths:
        if not path.exists():
            print(f"  missing {path}")
            continue
        loc = read_regulation(path)
        t0 = time.perf_counter()
        rows = align(loc, national, index=index)
        dt = time.perf_counter() - t0
        top = {r["local_article"]: r for r in rows if r["rank"] == 1 and r["local_suffix"] is None}
        gp = sorted(general_provisions(loc))
        ok = [n for n in gp if n in top and top[n]["national_article"] <= 9]
        asserted = {r["local_article"] for r in rows if r["asserted"]}
        print(f"  {loc.title}({loc.version_date}): {len(loc.articles())} articles, {dt * 1000:.0f} ms; "
              f"总则 {len(ok)}/{len(gp)} -> national 1-9 "
              f"{[(n, top[n]['national_article']) for n in gp if n in top]}; "
              f"asserted for {len(asserted)} local articles")
        if verbose:
            for r in (r for r in rows if r["rank"] == 1):
                print(f"     {r['local_article']:3} -> {r['national_article']:3} {r['score']:.3f} "
                      f"{'*' if r['asserted'] else ' '} {' '.join(r['matched'][:5])}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--report", type=Path, default=SHARED / "reports" / "dalian_2021-09-18_review-opinions-report.txt")
    ap.add_argument("--gold", type=Path, default=SHARED / "gold" / "seed_report.gold.json")
    ap.add_argument("--regulation", type=Path, default=NATIONAL)
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    ap.add_argument("--measures", choices=["gold", "extract"], default="gold")
    ap.add_argument("--sweep", action="store_true", help="precision/recall for a range of thresholds")
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--align", nargs="*", type=Path, metavar="LOCAL",
                    help="align local regulations (default: 北京, 上海 2020, 青岛, 河南) with --regulation")
    args = ap.parse_args(argv)

    from policygraph.loaders.law import read_regulation

    gold = json.loads(args.gold.read_text("utf-8"))
    reg = read_regulation(args.regulation)
    measures = gold_measures(args.report, gold) if args.measures == "gold" else extracted_measures(args.report)
    index = ArticleIndex([reg])
    link_measures(measures, [reg], k=len(index), threshold=args.threshold, index=index)

    if args.verbose:
        by_id = {g["id"]: g for g in gold["measures"]}
        for m in measures:
            g = by_id.get(m.id, {"articles": []})
            want = " ".join(f"{a['article']}{a['strength'][0]}" for a in g["articles"])
            got = " ".join(f"{c.article}:{c.score:.2f}" for c in m.articles[:5])
            print(f"{m.id:6} gold[{want}]  top[{got}]  {m.articles[0].matched[:5] if m.articles else ''}")
    res = evaluate(measures, gold, args.threshold)
    print(f"measures={res['n']} ({args.measures} boundaries)  regulation={reg.title} ({len(index)} articles)")
    print(f"first primary: Hits@1={res['hits@1']:.3f} Hits@3={res['hits@3']:.3f} MRR={res['mrr']:.3f}")
    print(f"gold's first-listed primary (strict): Hits@3={res['strict_hits@3']:.3f} MRR={res['strict_mrr']:.3f}")
    print(f"asserted links (threshold={args.threshold}): n={res['asserted']} precision={res['precision']:.3f} "
          f"recall={res['recall']:.3f} F1={res['f1']:.3f}  (vs primary+secondary)")
    if args.sweep:
        for t in [0.05, 0.06, 0.07, 0.08, 0.09, 0.10, 0.12, 0.14, 0.16, 0.18, 0.20, 0.25, 0.30]:
            s = evaluate(measures, gold, t)
            print(f"  t={t:.2f} n={s['asserted']:3} P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f}")
    if args.align is not None:
        align_report(reg, index, args.align or LOCAL, args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
