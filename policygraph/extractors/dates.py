"""Calendar-anchored date expressions, normalised against the document's own date.

What is found, each with a ``role``:

* absolute dates (2021年09月27日, 2021-09-27, 二〇二一年九月十八日), year-months (2025年9月), years
  (2025年, 2025年度) and ranges (2021年7月12至13日, 2025年1—11月, 2020—2021, 2021-2025年): event, range;
* the five-year plans of ``data/plan_periods.csv`` (“十四五”时期 -> 2021/2025, 第十五个五年规划): period;
* version years (行动方案（2026版）) and years inside 《…》: title; 〔2021〕 of a document number: doc_number;
* relative words of ``data/date_words.csv`` (年底前, 今年, 去年, 三季度末 ...), anchored to the
  document's year: a work report of January 2026 means 2025 by 去年;
* month-days without a year (9月8日, 8月末, 1—11月, “9·28”): the year of the last explicit year of the
  same paragraph, else the document's year (a named event date “9·28” lies before the document).

The cue words of ``data/date_cues.csv`` set the role from the context: 截至8月末 is an as-of point,
6月底前 and 完成时限：2026年12月 are deadlines, 每年3月31日 recurs and is no date. Deictic words with no
calendar anchor (目前, 下一步, 适时, 定期, 实时, 及时) are never returned. ``signed``/``published`` are
given by the report loader, which knows the signature block and the page header.

>>> [(d.text, d.iso) for d in find_dates("截止8月末，年底前建成；9月8日报道", year=2021)]
[('8月末', '2021-08-31'), ('年底前', '2021-12-31'), ('9月8日', '2021-09-08')]
>>> [(d.text, d.iso, d.role) for d in find_dates("2025年是“十四五”收官之年，去年增长5%", report_date="2026-01-27")]
[('2025年', '2025', 'event'), ('“十四五”', '2021/2025', 'period'), ('去年', '2025', 'event')]
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ..numerals import cn_int
from ..records import DateMention
from .wordlists import load_rows

__all__ = ["find_dates", "parse_date", "guess_report_date", "cn_int"]

_CN = "〇零○一二三四五六七八九十"
_Y = r"((?:19|20)\d{2})"  # a four-digit year: other four-digit numbers are counts
_M = r"(1[0-2]|0?[1-9])"
_D = r"(3[01]|[12]\d|0?[1-9])"
_SEP = r"\s*(?:至|到|—+|–|-|－|~|～)\s*"
_QUOTES = "“\"‘「『"
# full-width digits and separators read as ASCII (same length, so offsets stay those of the text)
_ASCII = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")


def _iso(y: int, m: int | None = None, d: int | None = None) -> str | None:
    if m is None:
        return f"{y:04d}"
    if not 1 <= m <= 12:
        return None
    if d is None:
        return f"{y:04d}-{m:02d}"
    if not 1 <= d <= calendar.monthrange(y, m)[1]:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _month_end(y: int, m: int) -> str | None:
    return _iso(y, m, calendar.monthrange(y, m)[1]) if 1 <= m <= 12 else None


def _span(a: str | None, b: str | None) -> str | None:
    return f"{a}/{b}" if a and b and a < b else None


def parse_date(s: str) -> str | None:
    """One absolute date to ISO: '2021年09月27日' -> '2021-09-27'; '2021-9-27'; '二〇二一年九月十八日'.

    >>> parse_date("2021年09月27日"), parse_date("二〇二一年九月十八日"), parse_date("目前")
    ('2021-09-27', '2021-09-18', None)
    """
    m = re.search(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})", s)
    if m:
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    m = re.search(rf"([{_CN}]{{4}})年([{_CN}]{{1,3}})月([{_CN}]{{1,3}})日", s)
    if m:
        y, mo, d = cn_int(m[1]), cn_int(m[2]), cn_int(m[3])
        if y and mo and d:
            return _iso(y, mo, d)
    return None


# ---------------------------------------------------------------- the anchor of relative forms

@dataclass
class Anchor:
    """What a builder may read besides its match: the document's year and the text around.

    ``context(pos)`` is the last explicit single year found before ``pos`` in the same paragraph
    (2025年是…。11月6日至10日 -> 2025), or None; :meth:`year_at` falls back on the document's year.
    """

    year: int | None
    report_date: str | None
    context: Callable[[int], int | None]

    def year_at(self, pos: int) -> int | None:
        ctx = self.context(pos)
        return ctx if ctx is not None else self.year


def _rel_offset(word: str | None) -> int:
    """The year offset of 今年/明年/去年/前年/次年 before a month (from date_words.csv)."""
    if not word:
        return 0
    row = _tables().words.get(word)
    return int(row["offset"] or 0) if row else 0


def _month_year(m: re.Match, a: Anchor) -> int | None:
    """The year of a month form: shifted from the document year by 今年/去年…, else the context year."""
    rel = m.groupdict().get("rel")
    if rel:
        return a.year + _rel_offset(rel) if a.year is not None else None
    return a.year_at(m.start())


# ---------------------------------------------------------------- builders: match -> (iso, role)

def _b_full_range(m, a):
    y2 = int(m[4]) if m[4] else int(m[1])
    m2 = int(m[5]) if m[5] else int(m[2])
    iso = _span(_iso(int(m[1]), int(m[2]), int(m[3])), _iso(y2, m2, int(m[6])))
    return (iso, "range") if iso else None


def _b_full(m, a):
    iso = _iso(int(m[1]), int(m[2]), int(m[3]))
    return (iso, "event") if iso else None


def _b_cn_full(m, a):
    y, mo, d = cn_int(m[1]), cn_int(m[2]), cn_int(m[3]) if m[3] else None
    if not (y and mo) or (m[3] and not d):
        return None
    iso = _iso(y, mo, d)
    return (iso, "event") if iso else None


def _b_month_range(m, a):
    y2 = int(m[3]) if m[3] else int(m[1])
    iso = _span(_iso(int(m[1]), int(m[2])), _iso(y2, int(m[4])))
    return (iso, "range") if iso else None


def _b_year_range(m, a):
    y1, y2 = int(m[1]), int(m[2])
    return (f"{y1:04d}/{y2:04d}", "range") if y1 < y2 <= y1 + 50 else None


def _b_version(m, a):
    return (m[1], "title")


def _b_year_month_end(m, a):
    iso = _month_end(int(m[1]), int(m[2]))
    return (iso, "as_of") if iso else None


def _b_year_month(m, a):
    iso = _iso(int(m[1]), int(m[2]))
    return (iso, "event") if iso else None


def _b_year(m, a):
    return (m[1], "event")


def _b_docno(m, a):
    return (m[1], "doc_number")


def _b_md_range(m, a):
    y = _month_year(m, a)
    if y is None:
        return None
    m2 = int(m["m2"]) if m["m2"] else int(m["m1"])
    iso = _span(_iso(y, int(m["m1"]), int(m["d1"])), _iso(y, m2, int(m["d2"])))
    return (iso, "range") if iso else None


def _b_md(m, a):
    y = _month_year(m, a)
    iso = _iso(y, int(m["m1"]), int(m["d1"])) if y else None
    return (iso, "event") if iso else None


def _b_bare_month_range(m, a):
    y = _month_year(m, a)
    iso = _span(_iso(y, int(m["m1"])), _iso(y, int(m["m2"]))) if y else None
    return (iso, "range") if iso else None


def _b_month_end(m, a):
    y = _month_year(m, a)
    iso = _month_end(y, int(m["m1"])) if y else None
    return (iso, "as_of") if iso else None


def _b_month(m, a):
    y = _month_year(m, a)
    iso = _iso(y, int(m["m1"])) if y else None
    return (iso, "event") if iso else None


def _b_dot_event(m, a):
    """“9·28”: an event named by its month and day, which lies before the document."""
    y = a.year_at(m.start())
    if y is None:
        return None
    iso = _iso(y, int(m["m1"]), int(m["d1"]))
    if iso and a.report_date and iso > a.report_date and a.context(m.start()) is None:
        iso = _iso(y - 1, int(m["m1"]), int(m["d1"]))  # no year in context: the last such day
    return (iso, "event") if iso else None


def _b_cn_year(m, a):
    y = cn_int(m[1])
    return (f"{y:04d}", "event") if y and 1900 <= y <= 2099 else None


def _b_year_word(m, a):
    """2022年底前, 2025年上半年: a relative word of date_words.csv anchored by its own year."""
    words = _tables().words
    tail = m[2]
    row = words.get(tail) if tail in words and words[tail]["after_year"] == "yes" else words.get("年" + tail)
    return (row["template"].format(y=int(m[1])), row["role"]) if row else None


def _b_word(m, a):
    """今年, 去年, 年底前 ...: shifted from the document's year by the word's offset."""
    if a.year is None:
        return None  # no anchor, no guess
    row = _tables().words[m[0]]
    return (row["template"].format(y=a.year + int(row["offset"] or 0)), row["role"])


def _b_plan(m, a):
    """A five-year plan by its short name (“十四五”时期) or its long form (第十四个五年规划)."""
    t = _tables()
    if m["ord"]:
        row = t.plan_by_ordinal.get(cn_int(m["ord"]) or 0)
    else:
        row = t.plans.get(m["q"] or m["b"] or m["b2"])
    if row is None:
        return None
    suffix = t.period_words.get(m["qs"] or m["bs"] or m["bs2"] or m["ls"] or "", {"part": "whole", "role": "period"})
    start, end = int(row["start"]), int(row["end"])
    iso = {"end": f"{end:04d}", "start": f"{start:04d}"}.get(suffix["part"], f"{start:04d}/{end:04d}")
    return (iso, suffix["role"])


def _b_series(m, a):
    """“八五”普法: another numbered five-year series, told by the word after the name."""
    row = _tables().series.get((m["sn"], m["sw"]))
    return (f"{int(row['start']):04d}/{int(row['end']):04d}", "period") if row else None


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)


@dataclass
class _Tables:
    words: dict
    plans: dict
    series: dict
    plan_by_ordinal: dict
    period_words: dict
    cues: dict
    patterns: list


def _explicit_patterns(t: _Tables) -> list:
    """Forms that carry their own year, in priority order (earlier patterns win overlaps)."""
    tails = [w[1:] if w.startswith("年") else w for w, r in t.words.items() if r["after_year"] == "yes"]
    names = _alt(t.plans)
    bare_names = _alt(n for n, r in t.plans.items() if r["bare"] == "yes")
    sufs = _alt(t.period_words)
    bare_sufs = _alt(w for w, r in t.period_words.items() if r["bare"] == "yes")
    q, eq = "[" + _QUOTES + "]", "[”\"’」』]"
    plan = (rf"{q}(?P<q>{names}){eq}(?P<qs>{sufs})?"
            rf"|(?<![一二三四五六七八九十百千第\d])(?:(?P<b>{bare_names})(?P<bs>{sufs})?"
            rf"(?![一二三四五六七八九十百千\d])|(?P<b2>{names})(?P<bs2>{bare_sufs}))"
            rf"|第(?P<ord>[一二三四五六七八九十]{{1,3}})个五年(?P<ls>规划|计划)")
    return [
        (rf"(?<!\d){_Y}\s*年?版", _b_version),
        (rf"{_Y}年{_M}月{_D}日?{_SEP}(?:{_Y}年)?(?:{_M}月)?{_D}日", _b_full_range),
        (rf"{_Y}\s*年\s*{_M}\s*月\s*{_D}\s*[日号]", _b_full),
        (rf"(?<![\d.])(?:{_Y}-{_M}-{_D}|{_Y}/{_M}/{_D}|{_Y}\.{_M}\.{_D})(?![\d.])", _b_dashed),
        (r"([一二][〇零○一二三四五六七八九]{3})年([一二三四五六七八九十]{1,2})月(?:([一二三四五六七八九十]{1,3})[日号])?",
         _b_cn_full),
        (rf"{_Y}年{_M}月?{_SEP}(?:{_Y}年)?{_M}月(?:份)?", _b_month_range),
        (rf"(?<!\d){_Y}\s*年?{_SEP}{_Y}(?:\s*年(?!\d))?(?!\d)", _b_year_range),
        (rf"{_Y}\s*年\s*({_alt(tails)})", _b_year_word),
        (rf"{_Y}年{_M}月(?:末|底)", _b_year_month_end),
        (rf"{_Y}\s*年\s*{_M}\s*月(?:份)?", _b_year_month),
        (r"(?<![〇零○一二三四五六七八九十])([一二][〇零○一二三四五六七八九]{3})年", _b_cn_year),
        (rf"{q}?(?P<sn>{_alt(n for n, _ in t.series)}){eq}?(?P<sw>{_alt(w for _, w in t.series)})", _b_series),
        (plan, _b_plan),
        (rf"[〔［\[]\s*{_Y}\s*[〕］\]]", _b_docno),
        (rf"(?<!\d){_Y}\s*年(?:度)?(?!\d)", _b_year),
    ]


def _b_dashed(m, a):
    y, mo, d = (int(g) for g in m.groups() if g is not None)
    iso = _iso(y, mo, d)
    return (iso, "event") if iso else None


def _contextual_patterns(t: _Tables) -> list:
    """Forms without a year of their own, resolved by Anchor (context year or document year)."""
    rel = _alt(w for w, r in t.words.items() if r["template"] == "{y}" and w.endswith("年") and len(w) == 2)
    lead = rf"(?:(?P<rel>{rel})|(?<![\d年月日.·\-—/]))"
    m1, d1 = _M.replace("(", "(?P<m1>", 1), _D.replace("(", "(?P<d1>", 1)
    m2, d2 = _M.replace("(", "(?P<m2>", 1), _D.replace("(", "(?P<d2>", 1)
    # a relative word never starts inside a count (三年内, 5年内) or a recurring phrase (每年年底)
    word_lead = r"(?<![\d〇零一二两三四五六七八九十百千几多每当同该上本以之])"
    return [
        (rf"{lead}{m1}月{d1}日?{_SEP}(?:{m2}月)?{d2}[日号]", _b_md_range),
        (rf"{lead}{m1}月{d1}[日号]", _b_md),
        (rf"{lead}{m1}月{d1}(?=[,，、;；])", _b_md),  # 10月13,市人大常委会…: the 日 left out
        (rf"{lead}{m1}月?{_SEP}{m2}月(?:份)?", _b_bare_month_range),
        (rf"{lead}{m1}月(?:末|底)", _b_month_end),
        (rf"(?<![\d.·]){m1}\s*[·•・‧]\s*{d1}(?![\d.·])(?=[”\"’」』\u4e00-\u9fff])", _b_dot_event),
        (rf"{lead}{m1}月(?:份)?(?![\d日号])", _b_month),
        (word_lead + "(?:" + _alt(t.words) + ")", _b_word),
    ]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    rows = load_rows("plan_periods.csv")
    plans = {r["name"]: r for r in rows if not r["series"]}
    t = _Tables(
        words={r["word"]: r for r in load_rows("date_words.csv")},
        plans=plans,
        series={(r["name"], r["series"]): r for r in rows if r["series"]},
        plan_by_ordinal={int(r["ordinal"]): r for r in plans.values()},
        period_words={r["word"]: r for r in load_rows("period_words.csv")},
        cues={pos: sorted(((r["word"], r["role"]) for r in load_rows("date_cues.csv") if r["position"] == pos),
                          key=lambda wr: len(wr[0]), reverse=True) for pos in ("before", "after")},
        patterns=[],
    )
    t.patterns = ([(re.compile(p), b, False) for p, b in _explicit_patterns(t)]
                  + [(re.compile(p), b, True) for p, b in _contextual_patterns(t)])
    return t


# ---------------------------------------------------------------- finding

def _context_years(text: str, found: list[DateMention]) -> Callable[[int], int | None]:
    """The Anchor.context function: the year of the last explicit single-year mention before a
    position, in the same paragraph or on a short heading line (一、2025年工作回顾) above it."""
    marks = sorted((d.start, d.end, int(d.iso[:4])) for d in found
                   if "/" not in d.iso and d.role not in ("title", "doc_number"))

    def heading(end: int) -> bool:
        a, b = text.rfind("\n", 0, end) + 1, text.find("\n", end)
        line = text[a:b if b >= 0 else len(text)].strip()
        return len(line) <= 40 and not line.endswith(("。", "；", ";"))

    def context(pos: int) -> int | None:
        for start, end, y in reversed(marks):
            if start < pos and ("\n" not in text[end:pos] or heading(end)):
                return y
        return None

    return context


def _apply_cues(text: str, dates: list[DateMention], report_date: str | None) -> list[DateMention]:
    """Roles from the words around a date (data/date_cues.csv); recurring dates are dropped."""
    cues = _tables().cues
    kept = []
    for d in dates:
        lead = text[max(0, d.start - 8):d.start].rstrip(" ：:\u3000")
        cue = next((r for w, r in cues["before"] if lead.endswith(w)), None)
        if cue == "skip":
            continue
        if cue == "deadline" and lead.endswith("到") and report_date and _before(d.iso, report_date):
            cue = "as_of"  # 到2025年底 told after that date is the point figures are counted to
        if cue in ("as_of", "deadline") and d.role not in ("title", "doc_number"):
            d.role = cue
        after = next((w for w, _ in cues["after"] if text.startswith(w, d.end)), None)
        # 前 of 前期/前夕/前沿/前后 and 前三季度 begins another word
        if after and not d.text.endswith("前") and d.role not in ("title", "doc_number") \
                and not re.match(r"(?:后|[\u4e00-\u9fff]?[期夕沿])", text[d.end + len(after):]):
            d.text, d.end, d.role = d.text + after, d.end + len(after), "deadline"
        kept.append(d)
    return kept


def _before(iso: str, report_date: str) -> bool:
    last = iso.split("/")[-1]
    return last < report_date[:len(last)]


def _NO_CONTEXT(pos: int) -> int | None:
    return None


def find_dates(text: str, *, report_date: str | None = None, year: int | None = None) -> list[DateMention]:
    """All date mentions in ``text``, in text order, without overlaps (see the module docstring).

    ``report_date`` (ISO) or ``year`` anchors relative words and month-days without a year of their
    own; without either, those are resolved only by an explicit year earlier in the same paragraph.
    """
    if year is None and report_date:
        year = int(report_date[:4])
    t = _tables()
    original, text = text, text.translate(_ASCII)
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    anchor = Anchor(year, report_date, _NO_CONTEXT)
    for rx, build, contextual in t.patterns:
        if contextual and anchor.context is _NO_CONTEXT:
            anchor.context = _context_years(text, out)  # the explicit forms are all found by now
        for m in rx.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            res = build(m, anchor)
            if res and res[0]:
                out.append(DateMention(original[m.start():m.end()], m.start(), m.end(), res[0], role=res[1]))
                taken.append((m.start(), m.end()))
    out = _apply_cues(text, out, report_date)
    for d in out:
        d.text = original[d.start:d.end]
    _mark_titles(text, out)
    out.sort(key=lambda d: d.start)
    return out


def _mark_titles(text: str, dates: list[DateMention]) -> None:
    """Years inside 《…》 are part of a document's name: role 'title'."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"《[^《》\n]{1,200}》", text)]
    for d in dates:
        if d.role != "doc_number" and any(s < d.start and d.end < e for s, e in spans):
            d.role = "title"


def guess_report_date(text: str) -> str | None:
    """The report's own date: the last full date in its closing lines, else the latest full date.

    >>> guess_report_date("……\\n特此报告。\\n大连市人民政府\\n2021年9月18日")
    '2021-09-18'
    """
    tail = text[-300:]
    found = [d for d in find_dates(tail) if len(d.iso) == 10]
    if found:
        return found[-1].iso
    alld = [d.iso for d in find_dates(text) if len(d.iso) == 10]
    return max(alld) if alld else None
