"""Score measure -> article links against every annotated document in ../shared/gold.

For each document (the Dalian report and the two work-report excerpts) the measures are cut at the
GOLD boundaries (text_start ... text_end located in the report text), so the figures measure linking,
not extraction. Every document is linked to the State Council 《优化营商环境条例》: the Dalian report
names it, the work reports do not (the user names it, as ``--regulation`` would).

Printed per document and micro-averaged over all measures:

- Hits@1, Hits@3, MRR of the best-ranked primary article ("any primary"), and of the gold's
  first-listed primary ("first primary"), over the measures that have a primary article;
- precision / recall of the asserted links against primary+secondary articles;
- how many asserted links measures without any gold article get (false positives).

The package never reads the gold; this script is evaluation only. Development-set figures, except
with ``--gold-dir tests/fixtures/heldout``: the held-out real texts, whose article links were
annotated blind (nobody tuned the linker on them).

    python scripts/score_links.py                 # ../shared next to the project
    python scripts/score_links.py --verbose       # per-measure ranks and matched terms
    python scripts/score_links.py --sweep         # assertion precision/recall over probability thresholds
    python scripts/score_links.py --align         # also align local regulations with the national one
    python scripts/score_links.py --gold-dir tests/fixtures/heldout   # the held-out texts
    python scripts/score_links.py --gold-dir tests/fixtures/heldout --cv k1=0.8,1.2,2.0 --cv b=0.5,0.75,1.0

``--cv``: leave-one-document-out cross-validation of ArticleIndex keywords (how K1 and B were chosen):
each document is scored with the combination whose MRR is best on the other documents (ties: the
current defaults); printed are the picks, the cross-validated figures and every combination's own.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policygraph.link.articles import ArticleIndex, link_measures  # noqa: E402
from policygraph.records import Measure  # noqa: E402

SHARED = ROOT.parent / "shared"
NATIONAL = SHARED / "laws" / "行政法规" / "优化营商环境条例(2019-10-22).md"
LOCAL = [SHARED / "laws" / "DLC" / p for p in (
    "北京地方法规/地方性法规/北京/北京市优化营商环境条例(2020-03-27).md",
    "上海地方法规/地方性法规/上海/上海市优化营商环境条例(2020-04-10).md",
    "山东地方法规/地方性法规/山东/青岛市优化营商环境条例(2021-01-28).md",
    "河南地方法规/地方性法规/河南/河南省优化营商环境条例(2020-11-28).md")]


@dataclass
class Doc:
    name: str
    report: Path
    gold: Path


DOCS = [
    Doc("dalian", SHARED / "reports" / "dalian_2021-09-18_review-opinions-report.txt",
        SHARED / "gold" / "seed_report.gold.json"),
    Doc("jilin", SHARED / "reports" / "jilin_2026_gov-work-report_excerpt.txt",
        SHARED / "gold" / "jilin_2026_gov-work-report_excerpt.gold.json"),
    Doc("guangdong", SHARED / "reports" / "guangdong_2026_gov-work-report_excerpt.txt",
        SHARED / "gold" / "guangdong_2026_gov-work-report_excerpt.gold.json"),
]


def docs_in(folder: Path) -> list[Doc]:
    """Every ``NAME.gold.json`` of ``folder`` with its ``NAME.txt`` whose measures carry ``articles``
    (the held-out set: ``--gold-dir tests/fixtures/heldout``)."""
    out = []
    for g in sorted(folder.glob("*.gold.json")):
        name = g.name[: -len(".gold.json")]
        measures = json.loads(g.read_text("utf-8")).get("measures", [])
        if (folder / f"{name}.txt").exists() and any("articles" in m for m in measures):
            out.append(Doc(name, folder / f"{name}.txt", g))
    return out


def gold_measures(report: Path, gold: dict) -> list[Measure]:
    """Measures with the gold's boundaries: text from text_start to text_end in the report."""
    text = report.read_text("utf-8")
    out, pos = [], 0
    for g in gold["measures"]:
        s = text.find(g["text_start"], pos)
        if s < 0:
            s = text.find(g["text_start"])  # the gold lists measures in reading order, mostly
        e = text.find(g["text_end"], s) + len(g["text_end"])
        if s < 0 or e < s + len(g["text_end"]):
            raise SystemExit(f"cannot locate {g['id']} in {report}")
        pos = e
        out.append(Measure(g["id"], g["section"], g["ordinal"], g["marker"], g["heading"],
                           text[s:e], s, e, units=list(g.get("units", []))))
    return out


def extracted_measures(report: Path) -> list[Measure]:
    from policygraph.loaders.report import extract_report

    return extract_report(report).measures


def _rank_of(ranked: list[int], wanted) -> int | None:
    return next((r for r, a in enumerate(ranked, 1) if a in wanted), None)


def evaluate(measures: list[Measure], gold: dict, threshold: float | None = None) -> dict:
    """Counts for ``measures`` already linked with every article ranked.

    Asserted links are the candidates the linker asserted, or (``threshold`` given) those whose
    calibrated probability is at or above it.
    """
    by_id = {g["id"]: g for g in gold["measures"]}
    c = dict(n=0, h1=0, h3=0, rr=0.0, fh1=0, fh3=0, frr=0.0, tp=0, fp=0, fn=0, empty=0,
             empty_fp=0, empty_with=0, asserted=0, measures=0)
    for m in measures:
        g = by_id.get(m.id)
        if g is None:
            continue
        c["measures"] += 1
        prim = [a["article"] for a in g["articles"] if a["strength"] == "primary"]
        rel = {a["article"] for a in g["articles"]}
        ranked = [x.article for x in m.articles]
        asserted = {x.article for x in m.articles
                    if (x.asserted if threshold is None else (x.probability or 0) >= threshold)}
        c["asserted"] += len(asserted)
        if not rel:
            c["empty"] += 1
            c["empty_fp"] += len(asserted)
            c["empty_with"] += bool(asserted)
            continue
        c["tp"] += len(asserted & rel)
        c["fp"] += len(asserted - rel)
        c["fn"] += len(rel - asserted)
        if not prim:
            continue
        c["n"] += 1
        first = _rank_of(ranked, set(prim))
        if first:
            c["rr"] += 1 / first
            c["h1"] += first == 1
            c["h3"] += first <= 3
        strict = _rank_of(ranked, {prim[0]})
        if strict:
            c["frr"] += 1 / strict
            c["fh1"] += strict == 1
            c["fh3"] += strict <= 3
    return c


def figures(c: dict) -> dict:
    """Rates from the counts of :func:`evaluate` (or of several documents added up)."""
    n = c["n"] or 1
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    return {"n": c["n"], "hits@1": c["h1"] / n, "hits@3": c["h3"] / n, "mrr": c["rr"] / n,
            "first_hits@1": c["fh1"] / n, "first_hits@3": c["fh3"] / n, "first_mrr": c["frr"] / n,
            "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "asserted": c["asserted"], "per_measure": c["asserted"] / (c["measures"] or 1),
            "empty": c["empty"], "empty_fp": c["empty_fp"], "empty_with": c["empty_with"]}


def add(a: dict, b: dict) -> dict:
    return {k: a.get(k, 0) + v for k, v in b.items()}


def header(width: int = 10) -> str:
    return (f"{'document':{width}} {'n':>3} {'H@1':>5} {'H@3':>5} {'MRR':>5} | {'fH@1':>5} {'fH@3':>5} {'fMRR':>5}"
            f" | {'asrt':>4} {'/m':>4} {'P':>5} {'R':>5} {'F1':>5} | empty: n fp")


def row(name: str, f: dict, width: int = 10) -> str:
    return (f"{name:{width}} {f['n']:3} {f['hits@1']:5.3f} {f['hits@3']:5.3f} {f['mrr']:5.3f} | "
            f"{f['first_hits@1']:5.3f} {f['first_hits@3']:5.3f} {f['first_mrr']:5.3f} | "
            f"{f['asserted']:4} {f['per_measure']:4.1f} {f['precision']:5.3f} {f['recall']:5.3f} "
            f"{f['f1']:5.3f} | {f['empty']:2} {f['empty_fp']:2}")


def link_doc(measures: list[Measure], reg, index, linker_kwargs: dict) -> None:
    link_measures(measures, [reg], k=len(index), index=index, **linker_kwargs)


def verbose_doc(measures: list[Measure], gold: dict) -> None:
    by_id = {g["id"]: g for g in gold["measures"]}
    for m in measures:
        g = by_id.get(m.id, {"articles": []})
        want = " ".join(f"{a['article']}{a['strength'][0]}" for a in g["articles"])
        got = " ".join(f"{c.article}{'*' if c.asserted else ''}:{c.score:.2f}" for c in m.articles[:5])
        print(f"  {m.id:6} gold[{want}]  top[{got}]  {m.articles[0].matched[:6] if m.articles else ''}")


def score_all(reg, docs: list[Doc], *, measures_from: str = "gold", verbose: bool = False,
              sweep: bool = False, linker_kwargs: dict | None = None,
              index_kwargs: dict | None = None) -> dict[str, dict]:
    """Link every document's measures to ``reg``; print the table; return the counts per document."""
    index = ArticleIndex([reg], **(index_kwargs or {}))
    counts: dict[str, dict] = {}
    linked = {}
    for d in docs:
        gold = json.loads(d.gold.read_text("utf-8"))
        ms = gold_measures(d.report, gold) if measures_from == "gold" else extracted_measures(d.report)
        link_doc(ms, reg, index, linker_kwargs or {})
        counts[d.name] = evaluate(ms, gold)
        linked[d.name] = (ms, gold)
        if verbose:
            print(d.name)
            verbose_doc(ms, gold)
    total: dict = {}
    width = max(10, *(len(n) for n in counts))
    print(header(width))
    for name, c in counts.items():
        print(row(name, figures(c), width))
        total = add(total, c)
    print(row("micro", figures(total), width))
    if sweep:
        print("threshold sweep (micro, asserted = probability >= t, any rank):")
        for t in [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7]:
            tot: dict = {}
            for ms, gold in linked.values():
                tot = add(tot, evaluate(ms, gold, t))
            f = figures(tot)
            print(f"  t={t:.2f} n={f['asserted']:3} P={f['precision']:.3f} R={f['recall']:.3f} "
                  f"F1={f['f1']:.3f} empty fp={f['empty_fp']}")
    return counts


def cross_validate(reg, docs: list[Doc], settings: list[str]) -> dict:
    """Leave-one-document-out choice among the ArticleIndex keyword combinations of ``settings``
    (``["k1=0.8,1.2", "b=0.5,0.75"]``); returns the counts of the cross-validated run."""
    import contextlib
    import io
    import itertools

    from policygraph.link import articles as A

    grid = [(k, [float(x) for x in v.split(",")]) for k, v in (s.split("=", 1) for s in settings)]
    combos = [tuple(zip([k for k, _ in grid], c, strict=True)) for c in itertools.product(*[v for _, v in grid])]
    default = tuple((k, getattr(A, k.upper(), None)) for k, _ in grid)
    counts = {}
    for combo in combos:
        with contextlib.redirect_stdout(io.StringIO()):
            counts[combo] = score_all(reg, docs, index_kwargs=dict(combo))

    def mrr(combo, without):
        tot: dict = {}
        for name, c in counts[combo].items():
            if name != without:
                tot = add(tot, c)
        return round(figures(tot)["mrr"], 9)

    cv: dict = {}
    for d in docs:
        pick = max(combos, key=lambda c: (mrr(c, d.name), c == default))
        print(f"  {d.name}: chosen on the others {dict(pick)}")
        cv = add(cv, counts[pick][d.name])
    print(header() + "\n" + row("cv", figures(cv)))
    for combo in combos:
        print(row(" ".join(f"{k}={v}" for k, v in combo), figures(sum_counts(counts[combo]))))
    return cv


def sum_counts(per_doc: dict) -> dict:
    tot: dict = {}
    for c in per_doc.values():
        tot = add(tot, c)
    return tot


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


def align_report(national, paths, verbose: bool) -> None:
    """Sanity check of align(): 总则 articles vs national 1-9, asserted share, timing."""
    import time

    from policygraph.link.align import align
    from policygraph.loaders.law import read_regulation

    print(f"align against {national.title}:")
    for path in paths:
        if not path.exists():
            print(f"  missing {path}")
            continue
        loc = read_regulation(path)
        t0 = time.perf_counter()
        rows = align(loc, national)
        dt = time.perf_counter() - t0
        top = {r["local_article"]: r for r in rows if r["rank"] == 1 and r["local_suffix"] is None}
        gp = sorted(general_provisions(loc))
        ok = [n for n in gp if n in top and top[n]["national_article"] <= 9]
        asserted = {r["local_article"] for r in rows if r["asserted"]}
        print(f"  {loc.title}({loc.version_date}): {len(loc.articles())} articles, {dt * 1000:.0f} ms; "
              f"总则 {len(ok)}/{len(gp)} -> national 1-9; asserted for {len(asserted)} local articles")
        if verbose:
            for r in (r for r in rows if r["rank"] == 1):
                print(f"     {r['local_article']:3} -> {r['national_article']:3} {r['score']:.3f} "
                      f"{'*' if r['asserted'] else ' '} {' '.join(r['matched'][:5])}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--doc", action="append", choices=[d.name for d in DOCS],
                    help="score only this document (repeatable; default all)")
    ap.add_argument("--regulation", type=Path, default=NATIONAL)
    ap.add_argument("--gold-dir", type=Path, help="score the annotated texts of this folder instead "
                    "(tests/fixtures/heldout: real texts nobody tuned for)")
    ap.add_argument("--measures", choices=["gold", "extract"], default="gold")
    ap.add_argument("--sweep", action="store_true", help="precision/recall for a range of thresholds")
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--no-profiles", action="store_true", help="without the profiles learned from local regulations")
    ap.add_argument("--by-sentence", action="store_true",
                    help="rank by whole text + best sentence (assertions are calibrated for the default)")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="an ArticleIndex keyword (number), e.g. profile_weight=0.5 (for measuring a change)")
    ap.add_argument("--cv", action="append", default=[], metavar="NAME=V1,V2",
                    help="leave-one-document-out cross-validation over these ArticleIndex keyword values")
    ap.add_argument("--align", nargs="*", type=Path, metavar="LOCAL",
                    help="align local regulations (default: 北京, 上海 2020, 青岛, 河南) with --regulation")
    args = ap.parse_args(argv)

    from policygraph.loaders.law import read_regulation

    reg = read_regulation(args.regulation)
    docs = docs_in(args.gold_dir) if args.gold_dir else [d for d in DOCS if not args.doc or d.name in args.doc]
    if not docs:
        print(f"no annotated documents with article links in {args.gold_dir}")
        return 1
    missing = [str(p) for d in docs for p in (d.report, d.gold) if not p.exists()]
    if missing:
        print("missing: " + ", ".join(missing))
        return 1
    print(f"regulation={reg.title} ({len(reg.articles())} articles), {args.measures} measure boundaries; "
          "H = best-ranked primary, fH = gold's first-listed primary; P/R vs primary+secondary")
    if args.cv:
        cross_validate(reg, docs, args.cv)
        return 0
    index_kwargs = {k: float(v) for k, v in (s.split("=", 1) for s in args.set)}
    if args.no_profiles:
        index_kwargs["profiles"] = None
    score_all(reg, docs, measures_from=args.measures, verbose=args.verbose, sweep=args.sweep,
              index_kwargs=index_kwargs, linker_kwargs={"by_sentence": True} if args.by_sentence else {})
    if args.align is not None:
        align_report(reg, args.align or LOCAL, args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
