"""The one reader of the data files under ``policygraph/data/``, and checks on their rows.

Domain knowledge (status markers, measure words, unit suffixes, genre words …) lives in small CSV
files so that a new place's vocabulary is a data change, not a code change. Lines starting with
``#`` are comments. :func:`load_rows` reads a file once and checks that no row has more cells than
the header; a module that needs columns passes them as ``required`` (or its rows through
:func:`checked`), so a broken data file is a clear error naming the file and the problem, not a
``KeyError`` deep inside a parser.

>>> load_rows("date_words.csv", required=("word", "role"))[0]["role"]
'deadline'

>>> checked([{"table": "event", "key": "通过", "value": "adopted"}], "law_vocabulary.csv", ("table", "key"))[0]["key"]
'通过'
>>> checked([{"table": "event"}], "law_vocabulary.csv", ("table", "key"))
Traceback (most recent call last):
...
policygraph.errors.InputError: .../law_vocabulary.csv: missing column key (the header must name table, key)
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from .errors import InputError

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def _rows(name: str) -> tuple[dict, ...]:
    path = DATA_DIR / name
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            lines = [ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
    except OSError as exc:
        raise InputError(path, f"cannot read the data file ({exc.strerror or exc})") from exc
    return tuple(dict(r) for r in checked(list(csv.DictReader(lines)), name, ()))


def load_rows(name: str, *, required: Iterable[str] = ()) -> list[dict]:
    """The rows of ``policygraph/data/<name>`` as dicts (a fresh list; the parse is cached)."""
    rows = [dict(r) for r in _rows(name)]
    return checked(rows, name, required) if required else rows


def words(name: str, column: str, value: str, *, key: str = "word") -> list[str]:
    """The ``key`` column of the rows whose ``column`` equals ``value``, longest first.

    Longest first so that alternations built from them prefer 个百分点 over 个.
    """
    out = [r[key] for r in _rows(name) if r.get(column) == value and r.get(key)]
    return sorted(out, key=len, reverse=True)


def checked(rows: list[dict], name: str, required: Iterable[str]) -> list[dict]:
    """``rows`` of ``data/<name>``, after checking that the header names every ``required`` column
    and that no row has more cells than the header (an unquoted comma in a pattern)."""
    required = tuple(required)
    path = DATA_DIR / name
    for row in rows[:1]:
        missing = [c for c in required if c not in row]
        if missing:
            raise InputError(path, f"missing column {', '.join(missing)} (the header must name {', '.join(required)})")
    for i, row in enumerate(rows, 1):
        if None in row:
            raise InputError(path, f"data row {i} has more cells than the header; quote cells with commas")
    return rows
