"""Dates: the hand-written parser (policygraph.extractors.dates) against JioNLP's time parser.

    python benchmarks/dates_parsers.py                        # the development set, ../shared/gold
    python benchmarks/dates_parsers.py --gold-dir DIR ...     # other annotated folders (held-out texts)
    python benchmarks/dates_parsers.py --examples             # the gold dates each parser misses, by class

Both parsers read the same text with the same anchor (the report date the pipeline finds for the
document) and are scored the same way as ``scripts/score_report.py`` scores dates: precision, recall
and F1 of the normalised ISO values as a multiset. JioNLP (``pip install jionlp``, Apache-2.0) is
optional: without it only the hand-written parser is scored.

JioNLP returns a time span per mention (``['2021-08-25 00:00:00', '2021-08-31 23:59:59']``). The
adapter :func:`jio_iso` writes that span in the annotation's convention, so that neither side is
penalised for notation: a whole year -> ``2021``, a whole month -> ``2021-08``, one day ->
``2021-08-31``, several whole years or months -> ``2020/2021``, ``2021-01/2021-11``; a mention ending in
前/末/底 (年底前, 8月末) is its last day, as the annotation writes deadlines and month ends; halves and
quarters (上半年) are written as days, as date_words.csv writes them. Recurring
times (每年…) and durations are not calendar-anchored dates and are dropped, as the annotation drops them.
"""

from __future__ import annotations

import argparse
import calendar
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from score_report import SHARED, annotated, multiset  # noqa: E402

from policygraph.extractors.dates import find_dates, guess_report_date  # noqa: E402
from policygraph.extractors.document_info import find_document_info  # noqa: E402

# what kind of date expression a gold mention is: a first matching rule names its class
CLASSES = [
    ("five-year plan", r"[一二三四五六七八九十]+五|五年规划"),
    ("doc number", r"^[〔［\[]"),
    ("relative word", r"今年|去年|明年|前年|本年|上年|年底|年内|年末|半年|季度|上旬|中旬|下旬"),
    ("month·day", r"^\D*\d{1,2}\s*[·•・]\s*\d{1,2}\D*$"),
    ("range", r"\d\s*(?:至|到|—|–|-|－|~|～)\s*\d"),
    ("full date", r"\d{4}\D+\d{1,2}\D+\d{1,2}|[〇零○].*日"),
    ("month / day, no year", r"^\D*\d{1,2}月"),
    ("year + month", r"\d{4}年\d{1,2}月"),
    ("year", r"\d{4}"),
]


def date_class(text: str) -> str:
    return next((name for name, rx in CLASSES if re.search(rx, text)), "other")


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def jio_iso(text: str, span: list[str]) -> str | None:
    """A JioNLP time span written as the annotation writes dates (see the module docstring)."""
    a, b = span[0][:10], span[1][:10]
    if not all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", s) for s in (a, b)):
        return None  # an open or malformed span
    (ya, ma, da), (yb, mb, db) = (tuple(int(x) for x in s.split("-")) for s in (a, b))
    if re.search(r"(?:前|末|底)$", text):
        return b
    if a == b:
        return a
    whole_first, whole_last = da == 1, db == _last_day(yb, mb)
    if whole_first and whole_last and (ma, mb) == (1, 12):
        return f"{ya:04d}" if ya == yb else f"{ya:04d}/{yb:04d}"
    if whole_first and whole_last and not re.search(r"半年|季度", text):  # 上半年 is written as days
        return f"{ya:04d}-{ma:02d}" if (ya, ma) == (yb, mb) else f"{ya:04d}-{ma:02d}/{yb:04d}-{mb:02d}"
    return f"{a}/{b}"


def jionlp_dates(text: str, report_date: str | None) -> list[tuple[str, str]]:
    import jionlp

    base = time.mktime(time.strptime(report_date or "2000-01-01", "%Y-%m-%d"))
    out = []
    for hit in jionlp.ner.extract_time(text, time_base=base, with_parsing=True):
        detail = hit.get("detail") or {}
        if detail.get("type") not in ("time_point", "time_span") or not isinstance(detail.get("time"), list):
            continue  # time_period (每年…) recurs, time_delta (三年) is a duration
        if len(detail["time"]) != 2 or "inf" in detail["time"]:
            continue
        iso = jio_iso(hit["text"], detail["time"])
        if iso:
            out.append((hit["text"], iso))
    return out


def hand_dates(text: str, report_date: str | None) -> list[tuple[str, str]]:
    return [(d.text, d.iso) for d in find_dates(text, report_date=report_date)]


PARSERS = {"hand-written": hand_dates, "jionlp": jionlp_dates}


def available() -> dict:
    out = dict(PARSERS)
    try:
        import jionlp  # noqa: F401
    except ImportError:
        print("jionlp is not installed (pip install jionlp): only the hand-written parser is scored\n")
        del out["jionlp"]
    return out


def report_date_of(text: str) -> str | None:
    """The anchor both parsers get: the pipeline's own reading of the document date."""
    doc = find_document_info(text)
    return doc.signed_date or doc.published_date or guess_report_date(text)


def score_folder(gold_dir: Path, parsers: dict, examples: bool) -> dict:
    totals = {name: Counter() for name in parsers}
    by_class = {name: defaultdict(Counter) for name in parsers}
    misses = {name: defaultdict(list) for name in parsers}
    seconds = Counter()
    for stem, gold_file, text_file in annotated(gold_dir, SHARED / "reports"):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text = text_file.read_text(encoding="utf-8")
        rd = report_date_of(text)
        gold_iso = [d["iso"] for d in gold["dates"]]
        print(f"== {stem}  (anchor {rd}, {len(gold_iso)} gold dates)")
        for name, parse in parsers.items():
            t0 = time.perf_counter()
            pred = parse(text, rd)
            seconds[name] += time.perf_counter() - t0
            s = multiset([iso for _, iso in pred], gold_iso)
            print(f"   {name:<13} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
                  f"  (pred {s['pred']}, gold {s['gold']})")
            tp = s["pred"] - len(s["extra"])
            totals[name].update(tp=tp, pred=s["pred"], gold=s["gold"])
            left = Counter([iso for _, iso in pred])
            for d in gold["dates"]:
                cls = date_class(d["text"])
                by_class[name][cls]["gold"] += 1
                if left[d["iso"]] > 0:
                    left[d["iso"]] -= 1
                    by_class[name][cls]["found"] += 1
                else:
                    misses[name][cls].append(f"{d['text']}={d['iso']} ({stem[:12]})")
            if examples and s["extra"]:
                unmatched, shown = Counter(gold_iso), []
                for t, iso in pred:
                    if unmatched[iso] > 0:
                        unmatched[iso] -= 1
                    else:
                        shown.append(f"{t}={iso}")
                print(f"      false alarms: {shown[:12]}")
    return {"totals": totals, "by_class": by_class, "misses": misses, "seconds": seconds}


def print_summary(label: str, res: dict, examples: bool) -> None:
    names = list(res["totals"])
    print(f"\n-- {label}: micro-average")
    for name in names:
        t = res["totals"][name]
        p = t["tp"] / t["pred"] if t["pred"] else 0.0
        r = t["tp"] / t["gold"] if t["gold"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"   {name:<13} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   {res['seconds'][name] * 1000:8.1f} ms")
    if len(names) == 2:
        a, b = (res["totals"][n] for n in names)
        if a["tp"] and b["tp"]:
            print(f"   true positives {names[1]} / {names[0]}: {b['tp'] / a['tp']:.2f}; "
                  f"time ratio {res['seconds'][names[1]] / max(res['seconds'][names[0]], 1e-9):.1f}x")
    classes = sorted({c for n in names for c in res["by_class"][n]})
    print("   recall by class:  " + "  ".join(f"{n:>13}" for n in names))
    for c in classes:
        cells = [f"{res['by_class'][n][c]['found']:>6}/{res['by_class'][n][c]['gold']:<6}" for n in names]
        print(f"   {c:<22}" + "  ".join(f"{x:>13}" for x in cells))
        if examples:
            for n in names:
                if res["misses"][n][c]:
                    print(f"      {n} misses: {res['misses'][n][c][:6]}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold-dir", action="append", help="annotated folder(s); default ../shared/gold")
    ap.add_argument("--examples", action="store_true", help="list misses and false alarms")
    a = ap.parse_args(argv)
    parsers = available()
    for folder in a.gold_dir or [str(SHARED / "gold")]:
        if not Path(folder).is_dir():
            print(f"{folder}: no such folder")
            continue
        label = "development set" if Path(folder).resolve() == (SHARED / "gold").resolve() else folder
        print(f"\n#### {label}")
        print_summary(label, score_folder(Path(folder), parsers, a.examples), a.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
