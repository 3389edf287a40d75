#!/usr/bin/env python3
"""Score a report extraction against the hand annotation ``../shared/gold/seed_report.gold.json``.

Categories follow ``../shared/gold/README.md``: precision / recall / F1 for sections (ordinal +
heading), measures (section, ordinal, first 30 characters), units and documents (an extracted entity
matches a gold one when any of their names or mention strings agree after normalising brackets and
spaces), per-measure units and documents, figures (value + unit, as a multiset) and dates
(normalised value, multiset); accuracy of measure status and deadline. Entities whose notes start
with ``borderline:`` are dropped from gold, and predictions matching only them are dropped too.

Usage::

    python scripts/score_report.py                      # extract the seed report and score it
    python scripts/score_report.py --json               # the same as JSON
    python scripts/score_report.py --pred out.json      # score a saved Report.to_json()

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
    return prf(tp, len(pred), tp, len(gold))


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
    mapping, matched_gold, n_pred, tp_pred = {}, set(), 0, 0
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
    return prf(tp_pred, n_pred, len(matched_gold), len(kept_gold)), mapping


def score(pred: dict, gold: dict) -> dict:
    out: dict = {}
    out["sections"] = multiset([(s["ordinal"], norm(s["heading"])) for s in pred.get("sections", [])],
                               [(s["ordinal"], norm(s["heading"])) for s in gold["sections"]])

    def mkey(m):
        return (m["section"], m["ordinal"], m.get("text_start") or (m.get("text") or "")[:30])

    out["measures"] = multiset([mkey(m) for m in pred.get("measures", [])], [mkey(m) for m in gold["measures"]])
    out["units"], umap = entities(pred.get("units", []), gold["units"], "name")
    out["documents"], dmap = entities(pred.get("documents", []), gold["documents"], "title")
    border_u = {u["name"] for u in gold["units"] if _borderline(u)}
    border_d = {d["title"] for d in gold["documents"] if _borderline(d)}
    pm = {(m["section"], m["ordinal"]): m for m in pred.get("measures", [])}
    pairs = {"measure_units": ([], []), "measure_documents": ([], [])}
    for g in gold["measures"]:
        p = pm.get((g["section"], g["ordinal"]), {})
        for cat, key, mp, border in (("measure_units", "units", umap, border_u),
                                     ("measure_documents", "documents", dmap, border_d)):
            gp, pp = pairs[cat]
            gp += [(g["id"], n) for n in g.get(key, []) if n not in border]
            pp += [(g["id"], mp.get(n, n)) for n in p.get(key, [])
                   if mp.get(n, n) is not None and mp.get(n, n) not in border]
    for cat, (gp, pp) in pairs.items():
        out[cat] = multiset(pp, gp)
    out["figures"] = multiset([(float(m["value"]), m.get("unit")) for m in pred.get("metrics", []) if m.get("value") is not None],
                              [(float(m["value"]), m.get("unit")) for m in gold["metrics"]])
    out["dates"] = multiset([d["iso"] for d in pred.get("dates", [])], [d["iso"] for d in gold["dates"]])
    ok_s = ok_d = 0
    wrong = []
    for g in gold["measures"]:
        p = pm.get((g["section"], g["ordinal"]))
        if p and list(p.get("status", [])) == list(g["status"]):
            ok_s += 1
        else:
            wrong.append(g["id"])
        ok_d += bool(p) and (p.get("deadline") or None) == (g.get("deadline") or None)
    n = len(gold["measures"])
    out["status"] = {"accuracy": round(ok_s / n, 4) if n else 1.0, "correct": ok_s, "gold": n, "wrong": wrong}
    out["deadline"] = {"accuracy": round(ok_d / n, 4) if n else 1.0, "correct": ok_d, "gold": n}
    gd, pd = gold["document"], pred.get("document", {})
    fields = ["title", "kind", "issuer", "addressee", "signed_date", "published_date", "publisher"]
    out["document"] = {f: norm(pd.get(f)) == norm(gd.get(f)) for f in fields}
    return out


def table(res: dict) -> str:
    lines = [f"{'category':<20}{'P':>8}{'R':>8}{'F1':>8}{'pred':>7}{'gold':>7}"]
    for k, v in res.items():
        if "f1" in v:
            lines.append(f"{k:<20}{v['precision']:>8.3f}{v['recall']:>8.3f}{v['f1']:>8.3f}{v['pred']:>7}{v['gold']:>7}")
    for k in ("status", "deadline"):
        v = res[k]
        extra = f"  wrong: {', '.join(v['wrong'])}" if v.get("wrong") else ""
        lines.append(f"{k + ' accuracy':<20}{v['accuracy']:>8.3f}  ({v['correct']}/{v['gold']}){extra}")
    doc = res["document"]
    lines.append("document fields     " + " ".join(f"{k}={'ok' if v else 'NO'}" for k, v in doc.items()))
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", default=str(SHARED / "gold" / "seed_report.gold.json"))
    ap.add_argument("--report", default=str(SHARED / "reports" / "dalian_2021-09-18_review-opinions-report.txt"))
    ap.add_argument("--pred", help="a saved Report.to_json() file instead of extracting --report")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    a = ap.parse_args(argv)
    gold = json.loads(Path(a.gold).read_text(encoding="utf-8"))
    if a.pred:
        pred = json.loads(Path(a.pred).read_text(encoding="utf-8"))
    else:
        from policygraph.loaders.report import extract_report

        pred = extract_report(a.report).to_json()
    res = score(pred, gold)
    print(json.dumps(res, ensure_ascii=False, indent=1) if a.json else table(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
