#!/usr/bin/env python3
"""Score report extraction against every hand annotation in ``../shared/gold`` (the development set).

Each ``*.gold.json`` is scored against its text in ``../shared/reports`` (same stem; the seed
annotation belongs to the Dalian report), per document and micro-averaged over all of them.
``--gold-dir`` scores another folder of annotations whose texts lie beside them
(``tests/fixtures/heldout``).

Categories follow ``../shared/gold/README.md``: precision / recall / F1 for sections (ordinal +
heading), measures (section and the start of their text, as the gold README asks: ordinals are
informational), units and documents (an extracted entity
matches a gold one when any of their names or mention strings agree after normalising brackets and
spaces), per-measure units and documents, figures (value + unit, as a multiset) and dates
(normalised value, multiset); accuracy of measure status and deadline. Entities whose notes start
with ``borderline:`` are dropped from gold, and predictions matching only them are dropped too.

Usage::

    python scripts/score_report.py                      # every document of ../shared/gold, and the total
    python scripts/score_report.py --doc jilin          # the documents whose name contains "jilin"
    python scripts/score_report.py --json               # the same as JSON
    python scripts/score_report.py --gold-dir tests/fixtures/heldout
    python scripts/score_report.py --verbose            # misses and false alarms per category

Always exits 0: it reports, it does not judge.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

_BRACKETS = str.maketrans({"（": "(", "）": ")", "〈": "<", "〉": ">", "，": ",", "：": ":", "；": ";",
                           "“": '"', "”": '"', "—": "-", "–": "-", "－": "-"})


def norm(s: str | None) -> str:
    """Names compared without outer 《》, spaces, and with one form of brackets and dashes."""
    s = (s or "").translate(_BRACKETS)
    s = re.sub(r"\s+", "", s)
    s = s.strip("《》<>\"")
    return s


def prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> dict:
    p = tp_p / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp_g / n_gold if n_gold else (1.0 if not n_pred else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "pred": n_pred, "gold": n_gold}


def multiset(pred: list, gold: list) -> dict:
    tp = sum((Counter(pred) & Counter(gold)).values())
    out = prf(tp, len(pred), tp, len(gold))
    out["missed"] = sorted(map(str, (Counter(gold) - Counter(pred)).elements()))
    out["extra"] = sorted(map(str, (Counter(pred) - Counter(gold)).elements()))
    return out


def _borderline(e: dict) -> bool:
    return str(e.get("notes") or "").startswith("borderline:")


def entities(pred: list[dict], gold: list[dict], name_key: str) -> tuple[dict, dict]:
    """Entity P/R/F1 and the map predicted name -> gold name (None: matched only a borderline one)."""
    def keys(e):
        names = [e.get(name_key)] + [m if isinstance(m, str) else m.get("text") for m in e.get("mentions", [])]
        return {norm(n) for n in names if n}

    gold_keys = [(g, keys(g)) for g in gold]
    kept_gold = [(g, k) for g, k in gold_keys if not _borderline(g)]
    border = set().union(*[k for g, k in gold_keys if _borderline(g)]) if gold_keys else set()
    mapping, matched_gold, n_pred, tp_pred, extra = {}, set(), 0, 0, []
    for p in pred:
        pk = keys(p)
        hit = [g for g, k in kept_gold if k & pk]
        if not hit and pk & border:
            mapping[p.get(name_key)] = None  # only a borderline entity: dropped from both sides
            continue
        n_pred += 1
        if hit:
            tp_pred += 1
            mapping[p.get(name_key)] = hit[0][name_key]
            matched_gold.update(id(g) for g in hit)
        else:
            extra.append(p.get(name_key))
    out = prf(tp_pred, n_pred, len(matched_gold), len(kept_gold))
    out["missed"] = [g[name_key] for g, _ in kept_gold if id(g) not in matched_gold]
    out["extra"] = extra
    return out, mapping


def _start_key(text: str) -> str:
    """The first 20 non-blank characters of a measure: how gold and prediction are paired."""
    return re.sub(r"\s+", "", text or "")[:20]


def _section(m: dict) -> str:
    """The section id of a measure; a measure outside every section (a preamble) is in S0."""
    return m.get("section") or "S0"


def pair_measures(pred: list[dict], gold: list[dict]) -> dict[str, dict]:
    """gold measure id -> the predicted measure of the same section starting with the same text."""
    by_key = {(_section(m), _start_key(m.get("text") or m.get("text_start"))): m for m in pred}
    return {g["id"]: by_key[k] for g in gold
            if (k := (_section(g), _start_key(g["text_start"]))) in by_key}


def score(pred: dict, gold: dict) -> dict:
    """Scores of one document: P/R/F1 per category, status and deadline accuracy, document fields."""
    out: dict = {}
    out["sections"] = multiset([(s["ordinal"], norm(s["heading"])) for s in pred.get("sections", [])],
                               [(s["ordinal"], norm(s["heading"])) for s in gold["sections"]])
    out["measures"] = multiset(
        [(_section(m), _start_key(m.get("text") or m.get("text_start"))) for m in pred.get("measures", [])],
        [(_section(m), _start_key(m["text_start"])) for m in gold["measures"]])
    out["units"], umap = entities(pred.get("units", []), gold["units"], "name")
    out["documents"], dmap = entities(pred.get("documents", []), gold["documents"], "title")
    border_u = {u["name"] for u in gold["units"] if _borderline(u)}
    border_d = {d["title"] for d in gold["documents"] if _borderline(d)}
    pm = pair_measures(pred.get("measures", []), gold["measures"])
    pairs = {"measure_units": ([], []), "measure_documents": ([], [])}
    for g in gold["measures"]:
        p = pm.get(g["id"], {})
        for cat, key, mp, border in (("measure_units", "units", umap, border_u),
                                     ("measure_documents", "documents", dmap, border_d)):
            gp, pp = pairs[cat]
            gp += [(g["id"], n) for n in g.get(key, []) if n not in border]
            pp += [(g["id"], mp.get(n, n)) for n in p.get(key, [])
                   if mp.get(n, n) is not None and mp.get(n, n) not in border]
    for cat, (gp, pp) in pairs.items():
        out[cat] = multiset(pp, gp)
    out["figures"] = multiset([(float(m["value"]), m.get("unit")) for m in pred.get("metrics", [])
                               if m.get("value") is not None],
                              [(float(m["value"]), m.get("unit")) for m in gold["metrics"]])
    out["dates"] = multiset([d["iso"] for d in pred.get("dates", [])], [d["iso"] for d in gold["dates"]])
    out["status"] = _accuracy(gold["measures"], pm, lambda p, g: list(p.get("status", [])) == list(g["status"]),
                              lambda p, g: f"{g['id']} {'/'.join(g['status'])}<-{'/'.join(p.get('status', []))}")
    out["deadline"] = _accuracy(gold["measures"], pm,
                                lambda p, g: (p.get("deadline") or None) == (g.get("deadline") or None),
                                lambda p, g: f"{g['id']} {g.get('deadline')}<-{p.get('deadline')}")
    gd, pd = gold["document"], pred.get("document", {})
    fields = ["title", "kind", "issuer", "addressee", "signed_date", "published_date", "publisher"]
    out["document"] = {f: norm(pd.get(f)) == norm(gd.get(f)) for f in fields}
    out["document_wrong"] = {f: f"{gd.get(f)}<-{pd.get(f)}" for f in fields if not out["document"][f]}
    return out


def _accuracy(gold_measures, paired, same, show) -> dict:
    ok, wrong = 0, []
    for g in gold_measures:
        p = paired.get(g["id"])
        if p is not None and same(p, g):
            ok += 1
        else:
            wrong.append(show(p or {}, g) if p is not None else f"{g['id']} (no measure)")
    n = len(gold_measures)
    return {"accuracy": round(ok / n, 4) if n else 1.0, "correct": ok, "gold": n, "wrong": wrong}


CATEGORIES = ("sections", "measures", "units", "documents", "measure_units", "measure_documents",
              "figures", "dates")


def micro(results: list[dict]) -> dict:
    """Micro-average: true positives, predictions and gold items summed over the documents."""
    out: dict = {}
    for cat in CATEGORIES:
        rs = [r[cat] for r in results]
        tp_p = sum(round(r["precision"] * r["pred"]) for r in rs)
        tp_g = sum(round(r["recall"] * r["gold"]) for r in rs)
        out[cat] = prf(tp_p, sum(r["pred"] for r in rs), tp_g, sum(r["gold"] for r in rs))
    for cat in ("status", "deadline"):
        ok, n = sum(r[cat]["correct"] for r in results), sum(r[cat]["gold"] for r in results)
        out[cat] = {"accuracy": round(ok / n, 4) if n else 1.0, "correct": ok, "gold": n, "wrong": []}
    fields = [f for r in results for f in r["document"].values()]
    out["document"] = {"fields right": f"{sum(fields)}/{len(fields)}"}
    return out


def table(res: dict, verbose: bool = False) -> str:
    lines = [f"{'category':<20}{'P':>8}{'R':>8}{'F1':>8}{'pred':>7}{'gold':>7}"]
    for k in CATEGORIES:
        v = res[k]
        lines.append(f"{k:<20}{v['precision']:>8.3f}{v['recall']:>8.3f}{v['f1']:>8.3f}{v['pred']:>7}{v['gold']:>7}")
        if verbose and (v.get("missed") or v.get("extra")):
            lines.append(f"    missed: {v.get('missed')}\n    extra:  {v.get('extra')}")
    for k in ("status", "deadline"):
        v = res[k]
        extra = f"  wrong: {', '.join(v['wrong'])}" if v.get("wrong") else ""
        lines.append(f"{k + ' accuracy':<20}{v['accuracy']:>8.3f}  ({v['correct']}/{v['gold']}){extra}")
    doc = res["document"]
    lines.append("document fields     " + " ".join(
        f"{k}={v if isinstance(v, str) else ('ok' if v else 'NO')}" for k, v in doc.items()))
    if verbose and res.get("document_wrong"):
        lines.append(f"    wrong: {res['document_wrong']}")
    return "\n".join(lines)


# The seed annotation predates the naming rule "<text stem>.gold.json".
TEXT_OF = {"seed_report": "dalian_2021-09-18_review-opinions-report"}


def annotated(gold_dir: Path, reports_dir: Path) -> list[tuple[str, Path, Path]]:
    """(name, gold file, text file) of every annotation in ``gold_dir`` whose text can be found."""
    out = []
    for g in sorted(gold_dir.glob("*.gold.json")):
        stem = g.name[: -len(".gold.json")]
        stem = TEXT_OF.get(stem, stem)
        for folder in (reports_dir, gold_dir):
            if (folder / f"{stem}.txt").exists():
                out.append((stem, g, folder / f"{stem}.txt"))
                break
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold-dir", default=str(SHARED / "gold"))
    ap.add_argument("--reports-dir", default=str(SHARED / "reports"))
    ap.add_argument("--doc", help="only the documents whose name contains this")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--verbose", "-v", action="store_true", help="list misses and false alarms")
    a = ap.parse_args(argv)
    from policygraph.loaders.report import extract_report

    docs = [d for d in annotated(Path(a.gold_dir), Path(a.reports_dir)) if not a.doc or a.doc in d[0]]
    if not docs:
        print(f"no annotated documents found in {a.gold_dir}", file=sys.stderr)
        return 0
    results = {}
    for name, gold_file, text_file in docs:
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        results[name] = score(extract_report(text_file).to_json(), gold)
    if len(results) > 1:
        results["micro-average"] = micro(list(results.values()))
    if a.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
        return 0
    if Path(a.gold_dir).resolve() == (SHARED / "gold").resolve():
        print(f"Development-set scores ({a.gold_dir}): tuned on these texts, so not evidence of quality elsewhere.")
    else:
        print(f"Scores on the annotations in {a.gold_dir}.")
    for name, res in results.items():
        print(f"\n== {name}")
        print(table(res, a.verbose and name != "micro-average"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
