"""Quantitative statements of a report as :class:`~policygraph.records.Metric` records.

A figure is a number with a measure word (``data/measure_words.csv``): 35个, 23.8亿条 (multipliers
expanded: value 2380000000), 69.19%, 0.7个百分点, 200余个 and 超过80% (approximate), 八项承诺 and
千余家 (Chinese numerals, when the measure word really counts), and ranks such as 名列全省第一 or
居全国第7位 (value 1 and 7, unit as written, else 名; kind rank).

General rules for what is *not* a figure, so that other reports work too:

* names: anything inside a title 《…》, document numbers (〔2021〕374号), hotline numbers (12345热线),
  model and road numbers (G331, T800), dates and periods (2025年, “十四五”);
* slogans: a Chinese 一 + measure word (一件事, 一张表单, 一批 — "one X" is a formula, not a count),
  and a quoted “…” phrase holding two or more numerals (“一区五策一尖端”, “五统一、一开放”). A
  numbered formula with a measure word counts its items (两个毫不动摇 is 2 个, 五篇大文章 5 篇), as the
  annotation conventions count 五个方面 and 八项承诺;
* ordinals: 第/首 before the number (第二批, 首批5个 keeps only the 5); 第N followed by 个/批/方阵 …
  (全国第二个, 第一方阵); measure words marked ``chinese=no`` after Chinese numerals (二次下放, 三期);
* words that only begin with a measure word (两位数, 80年代: kind ``none`` in measure_words.csv);
* a count directly followed by 《 (两个《条例》) refers to documents already extracted.

kind is the measure word's kind, ``target`` when the figure stands in a part told as planned
(``tense_at``, from the pipeline's tense parts) or a planning word or a deadline of the same sentence
governs it (拟赋权145项, 年底前建成…200余个), unless a fact word (共, 涉及, 已, 累计) intervenes.

>>> [(m.text, m.value, m.unit, m.approx) for m in find_metrics("签约23.8亿元，新增11.2万户，形成八项承诺，推进“一件事”")]
[('23.8亿元', 2380000000.0, '元', False), ('11.2万户', 112000.0, '户', False), ('八项', 8.0, '项', False)]
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..numerals import cn_int
from ..records import DateMention, Metric
from .dates import find_dates
from .wordlists import load_rows, words

_SENT = "。；;！!？?\n"
_CN_DIGIT = "一二两三四五六七八九十百千万零〇"


def _alt(ws) -> str:
    return "|".join(re.escape(w) for w in sorted(set(ws), key=len, reverse=True) if w)


def _role(role: str) -> list[str]:
    return words("quantity_words.csv", "role", role)


@dataclass
class _Vocab:
    measure: dict
    mult: dict
    arabic: re.Pattern
    chinese: re.Pattern
    rank: re.Pattern
    planned: list
    target: re.Pattern
    fact: re.Pattern
    asof: re.Pattern
    subject: re.Pattern
    not_approx: set
    duration_cue: re.Pattern


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    mw = {r["word"]: r for r in load_rows("measure_words.csv")}
    units = _alt(mw)
    cn_units = _alt(w for w, r in mw.items() if r["chinese"] in ("yes", "after_cue"))
    arabic = re.compile(
        rf"(?P<pre>{_alt(_role('approx_before'))})?(?<![\d.．A-Za-z])(?P<num>\d+(?:\.\d+)?)[ \t]?"
        rf"(?P<mult>{_alt(_role('multiplier'))})?(?P<apx>余|多)?(?P<unit>{units})(?P<post>{_alt(_role('approx_after'))})?")
    # a Chinese numeral starts a figure only at its first character (第十二批 holds no 二批); a bare
    # 百/千/万 counts only as 千余家, 百余项
    chinese = re.compile(rf"(?<![第首每{_CN_DIGIT}])(?P<num>[一二两三四五六七八九十][{_CN_DIGIT}]*|[百千万](?=[余多]))"
                         rf"(?P<apx>余|多)?(?P<unit>{cn_units})")
    num = r"(?P<num>\d+|[一二三四五六七八九十]+)"
    rank = re.compile(rf"(?:(?P<scope>{_alt(_role('rank_scope'))})(?:{_alt(_role('rank_verb'))})?|(?:{_alt(_role('rank_verb'))}))"
                      rf"(?:第{num}(?P<unit>名|位)?(?!\d|{_alt(_role('not_rank'))})|(?P<first>首位))")
    planned = [re.compile(r["pattern"]) for r in load_rows("status_markers.csv") if r["status"] == "planned"]
    return _Vocab(mw, {w: r["value"] for w, r in _rows_by_role("multiplier").items()}, arabic, chinese,
                  rank, planned, re.compile(_alt(_role("target"))), re.compile(_alt(_role("fact"))),
                  re.compile(_alt(_role("as_of"))), re.compile(_alt(_role("subject"))),
                  set(_role("not_approx")),
                  re.compile(f"(?:{_alt(_role('duration_cue'))})$"))


def _rows_by_role(role: str) -> dict:
    return {r["word"]: r for r in load_rows("quantity_words.csv") if r["role"] == role}


def _zones(text: str, v: _Vocab) -> list[tuple[int, int]]:
    """Spans that hold names, not statements: titles, document and hotline numbers, slogans."""
    z = [(m.start(), m.end()) for m in re.finditer(r"《[^《》\n]{1,200}》", text)]
    z += [(m.start(), m.end()) for m in re.finditer(
        r"[〔［\[]\s*\d{4}\s*[〕］\]]\s*\d+\s*号|第\s*\d+\s*号|\d{3,}(?=[\u4e00-\u9fff]{0,8}热线)", text)]
    for m in re.finditer(r"“([^“”\n]{1,20})”", text):
        if len(re.findall(r"[一二两三四五六七八九十\d]", m.group(1))) >= 2:
            z.append((m.start(), m.end()))
    return z


def _inside(a: int, b: int, zones) -> bool:
    return any(s <= a and b <= e for s, e in zones) or any(s < b and a < e for s, e in zones if e - s < 8)


def _sentence(text: str, pos: int) -> int:
    return max(text.rfind(c, 0, pos) for c in _SENT) + 1


def _ranks(text: str, v: _Vocab, free) -> list[Metric]:
    out = []
    for m in v.rank.finditer(text):
        n = 1 if m["first"] else cn_int(m["num"])
        a = m.start("scope") if m["scope"] else m.start("num" if m["num"] else "first") - (0 if m["first"] else 1)
        if n and free(a, m.end()):
            out.append(Metric(text[a:m.end()], a, m.end(), float(n), unit=m["unit"] or "名", kind="rank"))
    return out


def _arabic(text: str, v: _Vocab, free) -> list[Metric]:
    out = []
    for m in v.arabic.finditer(text):
        a, pre = m.start(), m["pre"]
        if pre and any(text.startswith(w, i) for w in v.not_approx for i in range(max(0, a - 2), a + 1)):
            a, pre = m.start("num"), None  # 签约23.8亿元: 约 belongs to 签约
        row = v.measure[m["unit"]]
        if row["kind"] == "none" or not free(a, m.end()) or text[max(0, m.start("num") - 1):m.start("num")] in ("第", "首"):
            continue
        if row["kind"] == "duration" and m["unit"] == "年" and re.fullmatch(r"(19|20)\d\d", m["num"]):
            continue  # a year, not a duration
        if m["unit"] in ("日", "号") and text[max(0, m.start("num") - 1):m.start("num")] == "月":
            continue  # the day of a date (1月17日), even one no year resolves
        num = Decimal(m["num"]) * (Decimal(v.mult[m["mult"]]) if m["mult"] else 1)  # 1200.6亿 exactly
        out.append(Metric(text[a:m.end()], a, m.end(), float(num),
                          approx=bool(pre or m["apx"] or m["post"]), unit=row["unit"] or m["unit"], kind=row["kind"]))
    return out


def _chinese(text: str, v: _Vocab, free) -> list[Metric]:
    out = []
    for m in v.chinese.finditer(text):
        row = v.measure[m["unit"]]
        n = cn_int(m["num"])
        if not n or row["kind"] == "none":
            continue
        if row["chinese"] == "after_cue" and not v.duration_cue.search(text[max(0, m.start() - 3):m.start()]):
            continue  # 三年行动 names a plan; 连续五年 is a duration
        if not free(m.start(), m.end()):
            continue
        if (n == 1 and row["kind"] == "count") or text[m.end():m.end() + 1] in ("《", "〈"):
            continue  # "one X" is a formula; 两个《条例》 names documents
        out.append(Metric(m.group(0), m.start(), m.end(), float(n), approx=bool(m["apx"]),
                          unit=row["unit"] or m["unit"], kind=row["kind"]))
    return out


def find_metrics(text: str, *, year: int | None = None, report_date: str | None = None,
                 dates: list[DateMention] | None = None,
                 tense_at: Callable[[int], str] | None = None) -> list[Metric]:
    """Every quantitative statement in ``text``, in text order (see the module docstring).

    ``dates`` are the text's date mentions (found here when None): no figure is read inside one.
    ``tense_at(pos)`` gives the tense of the part at a position ("planned" in a plan part); figures
    of planned parts are targets.
    """
    v = _vocab()
    if dates is None:
        dates = find_dates(text, year=year, report_date=report_date)
    zones = _zones(text, v)
    taken: list[tuple[int, int]] = [(d.start, d.end) for d in dates]

    def free(a: int, b: int) -> bool:
        if _inside(a, b, zones) or any(b > s and a < e for s, e in taken):
            return False
        taken.append((a, b))
        return True

    out = _ranks(text, v, free) + _arabic(text, v, free) + _chinese(text, v, free)
    out.sort(key=lambda x: x.start)
    for k, x in enumerate(out):
        x.what = _what(text, x.start, x.end)
        _context(text, x, out[k - 1] if k else None, v, dates, tense_at)
    return out


_NOUNISH = ("n", "vn", "an", "b", "j", "eng")


@lru_cache(maxsize=1)
def _tagger():
    """A private jieba part-of-speech tagger (jieba's global one is left alone)."""
    import jieba
    import jieba.posseg

    logging.getLogger("jieba").setLevel(logging.WARNING)  # no "Building prefix dict" chatter
    return jieba.posseg.POSTokenizer(jieba.Tokenizer())


def _what(text: str, start: int, end: int) -> str | None:
    """What is counted: the noun run after the figure (35个市直部门), else the one before its verb
    (资产资源规模增长3.8万亿元 -> 资产资源规模). Parts of speech from jieba, which ships its dictionary."""
    tagger = _tagger()
    after = re.split(r"[，。；、,;：:（(\s]", text[end:end + 16])[0]
    run = []
    for w in tagger.lcut(after):
        if not (w.flag.startswith(_NOUNISH) or w.word in "“”"):
            break
        run.append(w.word)
    if len("".join(run).strip("“”")) >= 2:
        return "".join(run)
    before = re.split(r"[，。；、,;：:）)\s]", text[max(0, start - 16):start])[-1]
    toks = tagger.lcut(before)
    while toks and not toks[-1].flag.startswith(_NOUNISH):
        toks.pop()  # the verb between the thing and its figure (增长, 达到, 为)
    run = []
    while toks and (toks[-1].flag.startswith(_NOUNISH) or toks[-1].word in "“”"):
        run.insert(0, toks.pop().word)
    what = "".join(run)
    return what if len(what.strip("“”")) >= 2 else None


def _context(text, x: Metric, prev: Metric | None, v: _Vocab, dates, tense_at) -> None:
    """kind target, as_of and subject from the metric's own sentence and the tense of its part."""
    s = _sentence(text, x.start)
    before = text[s:x.start]
    if x.kind in ("count", "ratio", "money", "duration"):
        tense = tense_at(x.start) if tense_at is not None else None
        last_plan = max((m.end() for rx in v.planned for m in rx.finditer(before)), default=-1)
        if tense != "done":  # a review compares with its targets (低于目标1.8个百分点) and names its year (今年)
            last_plan = max([last_plan] + [m.end() for m in v.target.finditer(before)])
            for d in dates:
                if d.role == "deadline" and s <= d.start < x.start:
                    last_plan = max(last_plan, d.end - s)
        if tense == "planned":
            last_plan = max(last_plan, 0)
        if last_plan >= 0 and not v.fact.search(before[last_plan:]):
            x.kind = "target"
    for d in dates:  # 截止8月末…69.19%
        if d.role == "as_of" and s <= d.start < x.start:
            lead = text[max(s, d.start - 4):d.start]
            m = re.search(r"(?:截止|截至)(?:到|至)?$", lead)
            a = d.start - (len(m.group(0)) if m else 0)
            x.as_of, x.as_of_iso = text[a:d.end], d.iso
    if x.as_of is None:
        p = max(text.rfind("\n", 0, x.start), 0)
        hits = list(v.asof.finditer(text, p, x.start))
        if hits:
            x.as_of = hits[-1].group(0)
    if prev and text[prev.end:x.start] and re.fullmatch(r"[\u4e00-\u9fff、]{0,12}的", text[prev.end:x.start]):
        x.subject = text[prev.start:x.start - 1]
    else:
        m = v.subject.search(before)
        x.subject = m.group(0) if m else None
