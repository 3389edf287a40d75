"""Who carries out a task and by when, from the labelled lines of plans.

Action plans (行动方案, 实施方案, 任务分工) state each task's units and deadline directly:
``（牵头单位：市发展改革委；责任单位：各区县政府；完成时限：2024年底前）``, in brackets at the end of
the item or on lines of their own. Plans also close a task with a bracket of units and verbs:
``（市政府办公室、市行政审批制度改革工作领导小组办公室牵头，市级各有关部门按职责分工负责）``.
The labels and verbs are data (``data/responsibility_labels.csv``); the units named are the unit
mentions found there, or the listed names resolved by the units gazetteer (a place prefix governs
the whole list: 市行政审批局、住建局 -> 住建局 of the same city), or the name as written.
A date inside such a bracket (6月底完成) is the task's deadline.

>>> from policygraph.extractors.units import find_units
>>> text = "1.优化审批。（牵头单位：市发展改革委；配合单位：市财政局；完成时限：2024年底前）"
>>> r = find_responsibilities(text, 0, len(text), find_units(text, city="沈阳市"), [], city="沈阳市")
>>> r.roles
{'lead': ['沈阳市发展和改革委员会'], 'cooperating': ['沈阳市财政局']}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..records import DateMention, Mention, Unit
from .units import canonical_unit
from .wordlists import load_rows

_SPLIT = re.compile(r"[、，,；;及和与]|以及")
_PREFIXES = "市省区县州"
_DATE_ONLY = re.compile(r"\d+月|年底|年内|完成$|长期|持续")
_VALUE_END = "；;）)】\n。"


@dataclass
class Responsibilities:
    roles: dict[str, list[str]] = field(default_factory=dict)  # role -> canonical unit names
    deadline: DateMention | None = None
    new_units: list[Unit] = field(default_factory=list)  # names the units extractor had not found
    spans: list[tuple[int, int]] = field(default_factory=list)  # the labelled stretches (not actions)


@lru_cache(maxsize=1)
def _labels() -> tuple[re.Pattern, dict[str, str], re.Pattern, dict[str, str]]:
    """(label regex, label -> role, verb regex, verb -> role): labels end with 单位/部门/时限 …"""
    rows = load_rows("responsibility_labels.csv")
    labels = {r["label"]: r["role"] for r in rows if r["label"].endswith(("单位", "部门", "领导", "主体", "时限",
                                                                          "时间", "节点", "安排", "期限", "要求"))}
    verbs = {r["label"]: r["role"] for r in rows if r["label"] not in labels}
    alt = "|".join(re.escape(w) for w in sorted(labels, key=len, reverse=True))
    valt = "|".join(re.escape(w) for w in sorted(verbs, key=len, reverse=True))
    return re.compile(rf"[（(【]?\s*({alt})\s*[:：]\s*"), labels, re.compile(rf"({valt})$"), verbs


def _brackets(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(open, close) of the outermost （…） groups in ``text[start:end]``, nesting respected."""
    out, depth, at = [], 0, 0
    for i in range(start, end):
        ch = text[i]
        if ch in "（(":
            depth += 1
            if depth == 1:
                at = i
        elif ch in "）)" and depth:
            depth -= 1
            if depth == 0:
                out.append((at, i + 1))
    return out


def find_responsibilities(text: str, start: int, end: int, units: list[Unit], dates: list[DateMention], *,
                          city: str | None = None, province: str | None = None) -> Responsibilities:
    """The labelled units and deadline inside ``text[start:end]`` (offsets into the whole text)."""
    rx, roles, _, _ = _labels()
    out = Responsibilities()
    groups = _brackets(text, start, end)
    for m in rx.finditer(text, start, end):
        v0 = m.end()
        v1 = v0
        depth = 0
        while v1 < end and not rx.match(text, v1):
            ch = text[v1]
            if ch in "（(":
                depth += 1
            elif ch in "）)" and depth:
                depth -= 1
            elif ch in _VALUE_END:
                break
            v1 += 1
        group = next(((a, b) for a, b in groups if a <= m.start() < b), None)
        out.spans.append(group or (m.start(), min(v1 + 1, end)))
        _add(out, roles[m.group(1)], text, v0, v1, units, dates, city, province)
    if not out.spans and groups:
        _verb_bracket(out, text, groups[-1], units, dates, city, province)
    out.roles = {k: v for k, v in out.roles.items() if v}
    return out


def _add(out, role, text, v0, v1, units, dates, city, province) -> None:
    """Record what the stretch ``text[v0:v1]`` names for ``role`` (units, or the deadline)."""
    date = next((d for d in dates if v0 <= d.start < v1), None)
    if role == "deadline" or (date is not None and out.deadline is None and date.role in ("deadline", "as_of", "event")):
        out.deadline = out.deadline or date
        if role == "deadline":
            return
    names = out.roles.setdefault(role, [])
    for name in _units_in(text, v0, v1, units, out, city, province):
        if name not in names:
            names.append(name)


def _verb_bracket(out, text, group, units, dates, city, province) -> None:
    """（X、Y牵头，Z按职责分工负责）: the closing bracket of a task, segment by segment."""
    _, _, vrx, verbs = _labels()
    a, b = group
    seg_start = a + 1
    found = False
    for k in range(a + 1, b):
        if text[k] not in "，,；;）)" or k < seg_start:
            continue
        seg = text[seg_start:k].rstrip()
        m = vrx.search(seg)
        if m:
            found = True
            _add(out, verbs[m.group(1)], text, seg_start, seg_start + m.start(), units, dates, city, province)
        seg_start = k + 1
    if found:
        out.spans.append(group)


def _units_in(text, v0, v1, units, out, city, province) -> list[str]:
    """Canonical names of the units listed in ``text[v0:v1]``: found mentions first, then each
    listed name the extractor missed, resolved or kept as written."""
    names, covered = [], []
    for u in units:
        for x in u.mentions:
            if v0 <= x.start and x.end <= v1:
                names.append((x.start, u.name))
                covered.append((x.start, x.end))
    pos = v0
    prefix = ""  # 市行政审批局、住建局: the place prefix of a list governs its members
    for piece in _SPLIT.split(text[v0:v1]):
        a = text.find(piece, pos, v1) if piece else -1
        pos = a + len(piece) if a >= 0 else pos
        piece_s = piece.strip()
        if piece_s[:1] in _PREFIXES:
            prefix = piece_s[0]
        if a < 0 or len(piece_s) < 2 or any(s < a + len(piece) and a < e for s, e in covered):
            continue
        if _DATE_ONLY.search(piece_s):
            continue
        a += piece.find(piece_s)
        unit = canonical_unit(piece_s, city=city, province=province)
        if unit is None and prefix and piece_s[0] not in _PREFIXES:
            unit = canonical_unit(prefix + piece_s, city=city, province=province)
        unit = unit or Unit(piece_s)
        unit.mentions = [Mention(piece_s, a, a + len(piece_s))]
        out.new_units.append(unit)
        names.append((a, unit.name))
    return [n for _, n in sorted(names)]
