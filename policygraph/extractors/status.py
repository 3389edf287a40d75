"""Status of a measure (done / ongoing / planned) and its deadline.

A measure's status is the set of statuses of its clauses, read against the tense of the part it
stands in (:mod:`policygraph.extractors.genre`):

* a clause with a status word (``data/status_markers.csv``: 已, 持续, 拟, 下一步 …) has that status;
  a word counts only in the parts its row names (深入推进 is continuing work in a plan but work done
  in a review), and a modal or time word (下一步, 将, 拟) governs the rest of its sentence;
* any other clause has the status of its part: ``done`` in a review part (工作回顾), ``planned`` in a
  plan part (工作安排, a 行动方案), ``ongoing`` where the text narrates continuing work (``present``),
  none in a part about problems;
* a clause of purpose or basis (为…, 根据…, 按照…) tells no step and is skipped;
* in a ``present`` part, a dated event before the report date (于9月8日被…报道) is a result (done), and
  in "X，拟Y" the clause X just before the planning word tells a step already taken (done);
* a deadline word (年底前, 6月底前 …) makes its clause planned and is the measure's deadline;
* a heading-only entry (a block heading whose work is told in the items below it) has only the
  status its own words state (none for a heading that names a field: （一）开办企业).

>>> measure_status("一是建机制。已建立联席会议制度，下一步将年底前出台办法。", 0, year=2021).status
['done', 'ongoing', 'planned']
>>> measure_status("持续优化营商环境。支持民营经济发展壮大。", 0, tense="planned").status
['ongoing', 'planned']
>>> measure_status("深入实施国企改革行动，实现国有资本收益107.2亿元。", 0, tense="done").status
['done']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import InputError
from ..records import DateMention, Mention
from .dates import find_dates
from .wordlists import DATA_DIR, load_rows

ORDER = ("done", "ongoing", "planned")
# What a clause with no status word tells, by the tense of its part.
DEFAULT = {"done": "done", "planned": "planned", "present": "ongoing", "problems": None}
# clause openers that state a purpose or a basis, not an action
_NOT_A_STEP = re.compile(r"^(?:为了?|按照|根据|结合|围绕|依据|依照|对照|针对|随着|由于|经过?)")
_CLAUSE = re.compile(r"[^，,；;。！!？?：:\n]+")
_SENTENCE_END = "。；;！!？?\n"


@dataclass
class StatusResult:
    status: list[str] = field(default_factory=list)
    evidence: list[Mention] = field(default_factory=list)
    deadline: str | None = None
    deadline_iso: str | None = None


@dataclass
class _Marker:
    status: str
    parts: frozenset[str] | None  # None: any part
    sentence: bool  # governs the rest of its sentence
    rx: re.Pattern


@lru_cache(maxsize=1)
def _markers() -> list[_Marker]:
    out = []
    for r in load_rows("status_markers.csv", required=("status", "parts", "scope", "pattern")):
        if r["scope"] not in ("clause", "sentence") or r["status"] not in ORDER:
            raise InputError(DATA_DIR / "status_markers.csv", f"unknown scope or status in row {r}")
        parts = None if r["parts"] == "any" else frozenset(r["parts"].split(";"))
        out.append(_Marker(r["status"], parts, r["scope"] == "sentence", re.compile(r["pattern"])))
    return out


def _title_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"《[^《》\n]{1,200}》", text)]


def _cues(text: str, offset: int, tense: str) -> list[tuple[int, int, _Marker]]:
    """Status words of ``text`` that count in a part of this ``tense``: (start, end, marker)."""
    titles = _title_spans(text)
    out = []
    for mk in _markers():
        if mk.parts is not None and tense not in mk.parts:
            continue
        for m in mk.rx.finditer(text):
            if not any(a <= m.start() < b for a, b in titles):  # a title's words say nothing here
                out.append((m.start(), m.end(), mk))
    return out


def measure_status(text: str, offset: int = 0, *, tense: str = "present", year: int | None = None,
                   report_date: str | None = None, dates: list[DateMention] | None = None,
                   heading_only: bool = False, skip: int = 0) -> StatusResult:
    """Status, evidence and deadline of one measure's ``text`` (which starts at ``offset``).

    ``tense``: of the part the measure stands in (done, planned, present, problems). ``dates``: the
    report's date mentions (offsets in the whole text); when None they are found in ``text`` using
    ``year``/``report_date``. ``skip``: characters of the marker (一是, （一）) to leave out.
    """
    if year is None and report_date:
        year = int(report_date[:4])
    if dates is None:
        dates = [DateMention(d.text, d.start + offset, d.end + offset, d.iso, d.what, d.role)
                 for d in find_dates(text, year=year, report_date=report_date)]
    else:
        dates = [d for d in dates if offset <= d.start and d.end <= offset + len(text)]
    res = StatusResult()
    deadline = next((d for d in dates if d.role == "deadline"), None)
    if deadline:
        res.deadline, res.deadline_iso = deadline.text, deadline.iso
    found: dict[str, list[Mention]] = {s: [] for s in ORDER}
    deadlines = [(d.start - offset, d.end - offset) for d in dates if d.role == "deadline"]
    # a heading-only entry tells only what its own words say (（一）不断深化审批制度改革 is ongoing,
    # （一）开办企业 nothing): the part's tense is the tense of the items below it
    _read_clauses(text, offset, "problems" if heading_only else tense, skip, found, deadlines)
    if heading_only:
        res.status = [s for s in ORDER if found[s]]
        res.evidence = sorted((m for s in ORDER for m in found[s]), key=lambda m: m.start)
        return res
    for d in dates:
        if d.role == "deadline":
            found["planned"].append(Mention(d.text, d.start, d.end))
        elif (tense == "present" and report_date and len(d.iso) >= 7 and d.role in ("event", "as_of", "range")
              and d.iso.split("/")[-1] < report_date):
            found["done"].append(Mention(d.text, d.start, d.end))
    if tense == "present":
        found["done"].extend(_steps_before_plan(text, offset))
    res.status = [s for s in ORDER if found[s]]
    res.evidence = sorted((m for s in ORDER for m in found[s]), key=lambda m: m.start)
    return res


def _read_clauses(text: str, offset: int, tense: str, skip: int, found: dict[str, list[Mention]],
                  deadlines: list[tuple[int, int]]) -> None:
    """Add the status of every clause of ``text`` to ``found`` (status -> evidence). A clause with
    a deadline (年底前建成) is planned; the deadline itself is added by the caller."""
    cues = _cues(text, offset, tense)
    default = DEFAULT.get(tense, "ongoing")
    governing: _Marker | None = None  # a sentence-wide word seen earlier in this sentence
    for c in _CLAUSE.finditer(text, skip):
        if c.start() > 0 and text[c.start() - 1] in _SENTENCE_END:
            governing = None
        inside = [(a, b, mk) for a, b, mk in cues if c.start() <= a < c.end()]
        for a, b, mk in inside:
            found[mk.status].append(Mention(text[a:b], offset + a, offset + b))
            if mk.sentence:
                governing = mk
        clause = c.group(0).strip()
        dated = any(c.start() <= a < c.end() for a, _ in deadlines)
        if inside or dated or len(clause) < 3 or _NOT_A_STEP.match(clause):
            continue
        if governing is not None:
            continue  # 下一步，将…，完善…: the governing word already counted
        if default and not found[default]:  # one clause is evidence enough for the part's own tense
            a = c.start() + (len(c.group(0)) - len(c.group(0).lstrip()))
            found[default].append(Mention(clause, offset + a, offset + a + len(clause)))


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
