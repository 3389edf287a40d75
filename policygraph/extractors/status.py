"""Status of a measure (done / ongoing / planned) and its deadline.

The markers are regular expressions in ``data/status_markers.csv``. Two further rules read the
narrative rather than single words:

* a dated event before the report date (于9月8日被…报道, 截止8月末…) is a result: done;
* in "X，拟Y" the clause X just before the planning word tells a step already taken: done
  (调整成员，起草《规则》并征求意见，拟提交审议). Clauses of purpose or basis (为…, 根据…) are not steps.

A measure with no marker at all is reported as ongoing: reports narrate continuing work in the
plain present tense. The deadline is the first deadline-like date word (年底前, 今年, 年内 …).

>>> st = measure_status("一是建机制。已建立联席会议制度，下一步将年底前出台办法。", 0, year=2021)
>>> st.status, st.deadline, st.deadline_iso
(['done', 'planned'], '年底前', '2021-12-31')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..records import DateMention, Mention
from .dates import find_dates
from .wordlists import load_rows

ORDER = ("done", "ongoing", "planned")
# clause openers that state a purpose or a basis, not an action
_NOT_A_STEP = re.compile(r"^(?:为|按照|根据|结合|围绕|依据|依照|对照|针对|通过|在|以|对|向|按|随着|由于|经)")


@dataclass
class StatusResult:
    status: list[str] = field(default_factory=list)
    evidence: list[Mention] = field(default_factory=list)
    deadline: str | None = None
    deadline_iso: str | None = None


@lru_cache(maxsize=1)
def _markers() -> list[tuple[str, re.Pattern]]:
    return [(r["status"], re.compile(r["pattern"])) for r in load_rows("status_markers.csv")]


def _title_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"《[^《》\n]{1,200}》", text)]


def measure_status(text: str, offset: int = 0, *, year: int | None = None,
                   report_date: str | None = None, dates: list[DateMention] | None = None) -> StatusResult:
    """Status, evidence and deadline of one measure's ``text`` (which starts at ``offset``).

    ``dates`` are the report's date mentions (offsets in the whole text); when None they are found
    in ``text`` using ``year``/``report_date``.
    """
    if year is None and report_date:
        year = int(report_date[:4])
    titles = _title_spans(text)
    found: dict[str, list[Mention]] = {s: [] for s in ORDER}
    for status, rx in _markers():
        for m in rx.finditer(text):
            if any(a <= m.start() < b for a, b in titles):
                continue  # words inside a document title say nothing about this measure
            found[status].append(Mention(m.group(0), offset + m.start(), offset + m.end()))
    if dates is None:
        dates = [DateMention(d.text, d.start + offset, d.end + offset, d.iso, d.what, d.role)
                 for d in find_dates(text, year=year, report_date=report_date)]
    else:
        dates = [d for d in dates if offset <= d.start and d.end <= offset + len(text)]
    res = StatusResult()
    for d in dates:
        if d.role in ("title", "doc_number", "published", "signed"):
            continue
        if d.role == "deadline" and res.deadline is None:
            res.deadline, res.deadline_iso = d.text, d.iso
            found["planned"].append(Mention(d.text, d.start, d.end))
        elif (report_date and len(d.iso) >= 7 and d.role in ("event", "as_of", "range")
              and d.iso.split("/")[-1] < report_date):
            found["done"].append(Mention(d.text, d.start, d.end))
    found["done"].extend(_steps_before_plan(text, offset))
    if not any(found.values()):
        found["ongoing"] = []  # default: continuing work, no evidence to cite
        res.status = ["ongoing"]
    else:
        res.status = [s for s in ORDER if found[s]]
    res.evidence = sorted((m for s in ORDER for m in found[s]), key=lambda m: m.start)
    return res


_PLAN = re.compile(r"(?<![模虚比])拟(?!定)(?=[\u4e00-\u9fff])")


def _steps_before_plan(text: str, offset: int) -> list[Mention]:
    """The clause just before a 拟 (same sentence) when it narrates an action: a finished step."""
    out = []
    for m in _PLAN.finditer(text):
        sent_start = max(text.rfind(c, 0, m.start()) for c in "。；;\n") + 1
        lead = text[sent_start:m.start()]
        if lead.endswith("并"):  # 完善并拟报请: the first verb is done
            clause = re.split(r"[，,]", lead)[-1]
        else:
            parts = [p for p in re.split(r"[，,]", lead) if p.strip()]
            if not parts or lead.strip()[-1:] not in ("，", ","):
                continue
            clause = parts[-1]
        clause = clause.strip()
        if len(clause) < 3 or _NOT_A_STEP.match(clause):
            continue
        a = offset + sent_start + lead.rfind(clause)
        out.append(Mention(clause, a, a + len(clause)))
    return out
