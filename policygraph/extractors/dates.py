"""Calendar-anchored date expressions, normalised against the report's own date.

Absolute dates (2021年09月27日, 2021-09-27, 二〇二一年九月十八日), month-days (9月8日), month ends
(8月末), ranges (2021年7月12至13日, 2020—2021), years (2021年, 〔2021〕 in document numbers) and the
relative words of ``data/date_words.csv`` (年底前, 今年, 上半年 ...). Deictic words with no calendar
anchor (目前, 下一步, 适时, 定期, 实时, 及时) are not dates and are never returned.

>>> [(d.text, d.iso) for d in find_dates("截止8月末，年底前建成；9月8日报道", year=2021)]
[('8月末', '2021-08-31'), ('年底前', '2021-12-31'), ('9月8日', '2021-09-08')]
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache

from ..records import DateMention
from .wordlists import load_rows

_CN = "〇零○一二三四五六七八九十"
_Y = r"((?:19|20)\d{2})"  # a four-digit year: other four-digit numbers are counts
_SEP = r"\s*(?:至|到|—+|–|-|－|~|～)\s*"


from ..numerals import cn_int  # noqa: E402,F401  (re-exported: extract modules import it from here)


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


# (regex, builder) in priority order; earlier patterns win overlaps. Builders get the match and
# the report year and return (iso, role) or None.
def _b_full_range(m, y):
    y1, m1, d1 = int(m[1]), int(m[2]), int(m[3])
    m2 = int(m[4]) if m[4] else m1
    a, b = _iso(y1, m1, d1), _iso(y1, m2, int(m[5]))
    return (f"{a}/{b}", "range") if a and b else None


def _b_full(m, y):
    iso = _iso(int(m[1]), int(m[2]), int(m[3]))
    return (iso, "event") if iso else None


def _b_cn_full(m, y):
    yy, mo, d = cn_int(m[1]), cn_int(m[2]), cn_int(m[3])
    iso = _iso(yy, mo, d) if yy and mo and d else None
    return (iso, "event") if iso else None


def _b_year_range(m, y):
    a, b = int(m[1]), int(m[2])
    return (f"{a:04d}/{b:04d}", "range") if a < b else None


def _b_year_month_end(m, y):
    return (_month_end(int(m[1]), int(m[2])), "as_of") if 1 <= int(m[2]) <= 12 else None


def _b_year_month(m, y):
    iso = _iso(int(m[1]), int(m[2]))
    return (iso, "event") if iso else None


def _rel_year(m, y):
    """今年/明年/去年 before a month: the report year shifted by that word's offset (data)."""
    if y is None:
        return None
    rel = m.groupdict().get("rel")
    if not rel:
        return y
    row = _compiled()[2].get(rel)
    return y + int(row["offset"] or 0) if row else y


def _b_md_range(m, y):
    y = _rel_year(m, y)
    if y is None:
        return None
    m1, d1 = int(m[2]), int(m[3])  # group 1 is the relative year word
    m2 = int(m[4]) if m[4] else m1
    a, b = _iso(y, m1, d1), _iso(y, m2, int(m[5]))
    return (f"{a}/{b}", "range") if a and b else None


def _b_md(m, y):
    y = _rel_year(m, y)
    iso = _iso(y, int(m[2]), int(m[3])) if y else None
    return (iso, "event") if iso else None


def _b_month_end(m, y):
    y = _rel_year(m, y)
    iso = _month_end(y, int(m[2])) if y else None
    return (iso, "as_of") if iso else None


def _b_year(m, y):
    return (m[1], "event")


def _b_docno(m, y):
    return (m[1], "doc_number")


_REL = r"(?:(?P<rel>今年|明年|去年|次年)|(?<![\d年]))"
_PATTERNS = [
    (rf"{_Y}年(\d{{1,2}})月(\d{{1,2}})日?{_SEP}(?:(\d{{1,2}})月)?(\d{{1,2}})日", _b_full_range),
    (rf"{_Y}\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日", _b_full),
    (rf"(?<!\d){_Y}[-/.](\d{{1,2}})[-/.](\d{{1,2}})(?!\d)", _b_full),
    (rf"([{_CN}]{{4}})年([{_CN}]{{1,3}})月([{_CN}]{{1,3}})日", _b_cn_full),
    (rf"{_Y}年?{_SEP}{_Y}(?!\d)", _b_year_range),
    (rf"{_Y}年(\d{{1,2}})月(?:末|底)", _b_year_month_end),
    (rf"{_Y}年(\d{{1,2}})月(?:份)?", _b_year_month),
    (_REL + r"(\d{1,2})月(\d{1,2})日?" + _SEP + r"(?:(\d{1,2})月)?(\d{1,2})日", _b_md_range),
    (_REL + r"(\d{1,2})月(\d{1,2})日", _b_md),
    (_REL + r"(\d{1,2})月(?:末|底)", _b_month_end),
    (r"[〔［\[]\s*((?:19|20)\d{2})\s*[〕］\]]", _b_docno),
    (rf"(?<!\d){_Y}年(?!\d)", _b_year),
]


@lru_cache(maxsize=1)
def _compiled():
    global _YEAR_WORD
    pats = [(re.compile(p), b) for p, b in _PATTERNS]
    rows = sorted(load_rows("date_words.csv"), key=lambda r: len(r["word"]), reverse=True)
    words = re.compile("|".join(re.escape(r["word"]) for r in rows))
    # the year-relative words again without their leading 年 (2022年底前 = 2022 + 年底前)
    tails = sorted({w[1:] if w.startswith("年") else w for w in (r["word"] for r in rows)
                    if not w.startswith(("今", "明", "去", "前", "次", "本"))}, key=len, reverse=True)
    _YEAR_WORD = re.compile(_Y + r"\s*年\s*(" + "|".join(re.escape(t) for t in tails if t) + ")")
    return pats, words, {r["word"]: r for r in rows}


_YEAR_WORD: re.Pattern | None = None


_BEFORE = re.compile(r"(?:之前|以前|前)(?![\u4e00-\u9fff]{0,1}[期夕沿])")
_AS_OF = re.compile(r"(?:截止|截至)(?:到|至)?\s*$")


def find_dates(text: str, *, report_date: str | None = None, year: int | None = None) -> list[DateMention]:
    """All date mentions in ``text``, in text order, without overlaps.

    ``report_date`` (ISO) or ``year`` anchors relative words and month-days; without either they
    are skipped, because their year is unknown.
    """
    if year is None and report_date:
        year = int(report_date[:4])
    pats, words, rows = _compiled()
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    # A relative word anchored by its own year (2022年底前, 2023年上半年) uses that year, not the report's.
    for m in _YEAR_WORD.finditer(text):
        word = m.group(2) if m.group(2) in rows else "年" + m.group(2)
        row = rows.get(word)
        if row is None or int(row["offset"] or 0) != 0 or "{y}" not in row["template"]:
            continue
        iso = row["template"].format(y=int(m.group(1)))
        out.append(DateMention(m.group(0), m.start(), m.end(), iso, role=row["role"]))
        taken.append((m.start(), m.end()))

    for rx, build in pats:
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            res = build(m, year)
            if not res or not res[0]:
                continue
            iso, role = res
            out.append(DateMention(m.group(0), m.start(), m.end(), iso, role=role))
            taken.append((m.start(), m.end()))
    if year is not None:
        for m in words.finditer(text):
            if not free(m.start(), m.end()):
                continue
            row = rows[m.group(0)]
            iso = row["template"].format(y=year + int(row["offset"] or 0))
            out.append(DateMention(m.group(0), m.start(), m.end(), iso, role=row["role"]))
            taken.append((m.start(), m.end()))
    for d in out:
        if _AS_OF.search(text[max(0, d.start - 4):d.start]):
            d.role = "as_of"  # 截止8月末: the as-of point of the figures that follow
        m = _BEFORE.match(text, d.end)
        if m and d.role not in ("doc_number",) and not d.text.endswith("前"):
            d.text, d.end, d.role = d.text + m.group(0), m.end(), "deadline"  # 7月15日前
    _mark_titles(text, out)
    out.sort(key=lambda d: d.start)
    return out


def _mark_titles(text: str, dates: list[DateMention]) -> None:
    """Years inside 《…》 are part of a document's name: role 'title'."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"《[^《》\n]{1,200}》", text)]
    for d in dates:
        if d.role in ("event", "range") and any(s < d.start and d.end < e for s, e in spans):
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
