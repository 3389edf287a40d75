"""Quantitative statements of a report as :class:`~policygraph.records.Metric` records.

A figure is a number with a measure word (``data/measure_words.csv``): 35个, 23.8亿条 (multipliers
expanded: value 2380000000), 69.19%, 200余个 (approximate), 八项承诺 (Chinese numerals, when the
measure word really counts), and ranks such as 名列全省第一 (value 1, unit 名, kind rank).

General rules for what is *not* a figure, so that other reports work too:

* names: anything inside a title 《…》, document numbers (〔2021〕374号), dates;
* slogans: a Chinese 一 + measure word (一件事, 一张表单, 一次办结, 一批 — "one X" is a formula, not
  a count), and a quoted “…” phrase holding two or more numerals (“一区五策一尖端”);
* ordinals: 第/首 before the number; measure words marked ``chinese=no`` after Chinese numerals
  (二次下放, 三期, 十六届 never match);
* a count directly followed by 《 (两个《条例》) refers to documents already extracted.

kind is the measure word's kind, ``target`` when a planning word of the same sentence governs the
figure (拟赋权145项, 年底前建成…200余个) and no fact word (共, 涉及, 已) intervenes.

>>> [(m.text, m.value, m.unit, m.approx) for m in find_metrics("签约23.8亿元，新增11.2万户，形成八项承诺，推进“一件事”")]
[('23.8亿元', 2380000000.0, '元', False), ('11.2万户', 112000.0, '户', False), ('八项', 8.0, '项', False)]
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..records import DateMention, Metric
from .dates import cn_int, find_dates
from .wordlists import load_rows, words

_SENT = "。；;！!？?\n"


@lru_cache(maxsize=1)
def _vocab():
    rows = load_rows("measure_words.csv")
    mw = {r["word"]: r for r in rows}
    alt = "|".join(re.escape(w) for w in sorted(mw, key=len, reverse=True))
    cn_alt = "|".join(re.escape(w) for w in sorted((w for w, r in mw.items() if r["chinese"] == "yes"),
                                                   key=len, reverse=True))
    q = {r["word"]: r for r in load_rows("quantity_words.csv")}

    def alt_of(role):
        return "|".join(re.escape(w) for w in words("quantity_words.csv", "role", role))

    mult = {w: float(r["value"]) for w, r in q.items() if r["role"] == "multiplier"}
    arabic = re.compile(
        rf"(?P<pre>{alt_of('approx_before')})?(?<![\d.．])(?P<num>\d+(?:\.\d+)?)\s*"
        rf"(?P<mult>{alt_of('multiplier')})?(?P<apx>余|多)?(?P<unit>{alt})(?P<post>{alt_of('approx_after')})?")
    chinese = re.compile(rf"(?<![第首每])(?P<num>[一二两三四五六七八九十][一二三四五六七八九十百千]*)(?P<apx>余|多)?(?P<unit>{cn_alt})")
    rank = re.compile(rf"(?P<scope>{alt_of('rank_scope')})(?:排名|排|位列|位居)?第(?P<num>\d+|[一二三四五六七八九十]+)(?P<unit>名|位)?")
    planned = [re.compile(r["pattern"]) for r in load_rows("status_markers.csv") if r["status"] == "planned"]
    target_words = re.compile(alt_of("target"))
    fact = re.compile(alt_of("fact"))
    asof = re.compile(rf"(?:{alt_of('as_of')})")
    stops = words("quantity_words.csv", "role", "what_stop")
    not_approx = set(words("quantity_words.csv", "role", "not_approx"))
    return mw, mult, arabic, chinese, rank, planned, target_words, fact, asof, stops, not_approx


def _zones(text: str) -> list[tuple[int, int]]:
    """Spans that hold names, not statements: titles, document numbers, numeral-laden slogans."""
    z = [(m.start(), m.end()) for m in re.finditer(r"《[^《》\n]{1,200}》", text)]
    z += [(m.start(), m.end()) for m in re.finditer(r"[〔［\[]\s*\d{4}\s*[〕］\]]\s*\d+\s*号|第\s*\d+\s*号|\d{4,}(?=热线|政务服务)", text)]
    for m in re.finditer(r"“([^“”\n]{1,20})”", text):
        if len(re.findall(r"[一二两三四五六七八九十\d]", m.group(1))) >= 2:
            z.append((m.start(), m.end()))
    return z


def _inside(a: int, b: int, zones) -> bool:
    return any(s <= a and b <= e for s, e in zones) or any(s < b and a < e for s, e in zones if e - s < 8)


def _sentence(text: str, pos: int) -> int:
    return max(text.rfind(c, 0, pos) for c in _SENT) + 1


def _what(text: str, end: int, start: int, stops) -> str | None:
    """What is counted: the noun run after the figure (35个市直部门), else the one before (政策443个)."""
    m = re.match(r"[\u4e00-\u9fff、]{1,14}", text[end:])
    if m:
        w = m.group(0)
        cut = min((w.find(s) for s in stops if w.find(s) > 0), default=len(w))
        w = w[:cut].rstrip("、和及与")
        if w and not w.startswith(tuple(stops)):
            return w
    m = re.search(r"([\u4e00-\u9fff“”]{2,10})$", text[max(0, start - 10):start])
    if m:
        w = m.group(1)
        cut = max((w.rfind(s) + len(s) for s in stops if s in w), default=0)
        return w[cut:] or None
    return None


def find_metrics(text: str, *, year: int | None = None, report_date: str | None = None,
                 dates: list[DateMention] | None = None) -> list[Metric]:
    """Every quantitative statement in ``text``, in text order (see the module docstring)."""
    mw, mult, arabic, chinese, rank, planned, target_words, fact, asof, stops, not_approx = _vocab()
    if dates is None:
        dates = find_dates(text, year=year, report_date=report_date)
    zones = _zones(text)
    date_zones = [(d.start, d.end) for d in dates]
    taken: list[tuple[int, int]] = []
    out: list[Metric] = []

    def free(a, b):
        return not _inside(a, b, zones) and all(b <= s or a >= e for s, e in taken + date_zones)

    for m in rank.finditer(text):
        if not free(m.start(), m.end()):
            continue
        n = cn_int(m["num"])
        if n:
            out.append(Metric(m.group(0), m.start(), m.end(), float(n), unit="名", kind="rank"))
            taken.append((m.start(), m.end()))
    for m in arabic.finditer(text):
        a = m.start()
        pre = m["pre"]
        if pre and text[max(0, a - 1):a + len(pre)] in not_approx:
            a, pre = m.start("num"), None  # 签约23.8亿元: 约 belongs to 签约
        if not free(a, m.end()) or text[max(0, m.start("num") - 1):m.start("num")] in ("第", "首"):
            continue
        num = float(m["num"])
        if m["unit"] in ("年",) and re.fullmatch(r"(19|20)\d\d", m["num"]):
            continue  # a year, not a duration
        if m["mult"]:
            num = num * mult[m["mult"]]
        row = mw[m["unit"]]
        out.append(Metric(text[a:m.end()], a, m.end(), _clean(num),
                          approx=bool(pre or m["apx"] or m["post"]),
                          unit=row["unit"] or m["unit"], kind=row["kind"]))
        taken.append((a, m.end()))
    for m in chinese.finditer(text):
        if not free(m.start(), m.end()):
            continue
        n = cn_int(m["num"])
        nxt = text[m.end():m.end() + 1]
        if not n or n == 1 or nxt in ("《", "〈"):
            continue  # "one X" is a formula; 两个《条例》 names documents
        row = mw[m["unit"]]
        out.append(Metric(m.group(0), m.start(), m.end(), float(n), approx=bool(m["apx"]),
                          unit=row["unit"] or m["unit"], kind=row["kind"]))
        taken.append((m.start(), m.end()))
    out.sort(key=lambda x: x.start)
    for k, x in enumerate(out):
        x.what = _what(text, x.end, x.start, stops)
        _context(text, x, out[k - 1] if k else None, planned, fact, asof, dates)
    return out


def _clean(v: float) -> float:
    return float(round(v, 6))


def _context(text, x: Metric, prev: Metric | None, planned, fact, asof, dates) -> None:
    """kind target, as_of and subject from the metric's own sentence."""
    s = _sentence(text, x.start)
    before = text[s:x.start]
    if x.kind in ("count", "ratio", "money", "duration"):
        last_plan = max((m.end() for rx in planned for m in rx.finditer(before)), default=-1)
        for d in dates:
            if d.role == "deadline" and s <= d.start < x.start:
                last_plan = max(last_plan, d.end - s)
        if last_plan >= 0 and not fact.search(before[last_plan:]):
            x.kind = "target"
    for d in dates:  # 截止8月末…69.19%
        if d.role == "as_of" and s <= d.start < x.start:
            lead = text[max(s, d.start - 4):d.start]
            m = re.search(r"(?:截止|截至)(?:到|至)?$", lead)
            a = d.start - (len(m.group(0)) if m else 0)
            x.as_of, x.as_of_iso = text[a:d.end], d.iso
    if x.as_of is None:
        p = max(text.rfind("\n", 0, x.start), 0)
        hits = list(asof.finditer(text, p, x.start))
        if hits:
            x.as_of = hits[-1].group(0)
    if prev and text[prev.end:x.start] and re.fullmatch(r"[\u4e00-\u9fff、]{0,12}的", text[prev.end:x.start]):
        x.subject = text[prev.start:x.start - 1]
    else:
        m = re.search(r"(我市|全市|本市|我省|全省|我区|全区|我县)", before)
        x.subject = m.group(1) if m else None
