"""Reading the small CSV word lists under ``policygraph/data/``.

Domain knowledge (status markers, measure words, date words ...) lives in data files so that a
new city's vocabulary is a data change, not a code change. Lines starting with ``#`` are comments.

>>> rows = load_rows("date_words.csv")
>>> rows[0]["word"], rows[0]["role"]
('今年年底前', 'deadline')
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


@cache
def _rows(name: str) -> tuple[dict, ...]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
    return tuple(dict(r) for r in csv.DictReader(lines))


def load_rows(name: str) -> list[dict]:
    """The rows of ``policygraph/data/<name>`` as dicts (a fresh list; the parse is cached)."""
    return [dict(r) for r in _rows(name)]


def words(name: str, column: str, value: str, *, key: str = "word") -> list[str]:
    """The ``key`` column of the rows whose ``column`` equals ``value``, longest first.

    Longest first so that alternations built from them prefer 个百分点 over 个.
    """
    out = [r[key] for r in _rows(name) if r.get(column) == value and r.get(key)]
    return sorted(out, key=len, reverse=True)
