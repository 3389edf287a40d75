"""Who carries out a task and by when, from the labelled lines of plans.

Action plans (行动方案, 实施方案, 任务分工) state each task's units and deadline directly:
``（牵头单位：市发展改革委；责任单位：各区县政府；完成时限：2024年底前）``, in brackets at the end of
the item or on lines of their own. The labels are data (``data/responsibility_labels.csv``); the
units named after a label are the unit mentions found there, or the listed names resolved by the
units gazetteer, or (for a name it does not know) the name as written.

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

_SPLIT = re.compile(r"[、，,及和与]|以及")
_VALUE_END = "；;）)】\n。"


@dataclass
class Responsibilities:
    roles: dict[str, list[str]] = field(default_factory=dict)  # role -> canonical unit names
    deadline: DateMention | None = None
    new_units: list[Unit] = field(default_factory=list)  # names the units extractor had not found
    spans: list[tuple[int, int]] = field(default_factory=list)  # the labelled stretches (not actions)


@lru_cache(maxsize=1)
def _labels() -> tuple[re.Pattern, dict[str, str]]:
    rows = load_rows("responsibility_labels.csv")
    roles = {r["label"]: r["role"] for r in rows}
    alt = "|".join(re.escape(w) for w in sorted(roles, key=len, reverse=True))
    return re.compile(rf"[（(【]?\s*({alt})\s*[:：]\s*"), roles


def find_responsibilities(text: str, start: int, end: int, units: list[Unit], dates: list[DateMention], *,
                          city: str | None = None, province: str | None = None) -> Responsibilities:
    """The labelled units and deadline inside ``text[start:end]`` (offsets into the whole text)."""
    rx, roles = _labels()
    out = Responsibilities()
    for m in rx.finditer(text, start, end):
        v0 = m.end()
        v1 = v0
        while v1 < end and text[v1] not in _VALUE_END and not rx.match(text, v1):
            v1 += 1
        role = roles[m.group(1)]
        out.spans.append((m.start(), min(v1 + 1, end)))
        if role == "deadline":
            out.deadline = out.deadline or next((d for d in dates if v0 <= d.start < v1), None)
            continue
        names = out.roles.setdefault(role, [])
        for name in _units_in(text, v0, v1, units, out, city, province):
            if name not in names:
                names.append(name)
    out.roles = {k: v for k, v in out.roles.items() if v}
    return out


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
    for piece in _SPLIT.split(text[v0:v1]):
        a = text.find(piece, pos, v1) if piece else -1
        pos = a + len(piece) if a >= 0 else pos
        piece_s = piece.strip()
        if a < 0 or len(piece_s) < 2 or any(s < a + len(piece) and a < e for s, e in covered):
            continue
        a += piece.find(piece_s)
        unit = canonical_unit(piece_s, city=city, province=province) or Unit(piece_s)
        unit.mentions = [Mention(piece_s, a, a + len(piece_s))]
        out.new_units.append(unit)
        names.append((a, unit.name))
    return [n for _, n in sorted(names)]
