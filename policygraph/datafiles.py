"""Checks on the rows of the data files under ``policygraph/data/``.

The rows are read by the one CSV reader, :func:`policygraph.extractors.wordlists.load_rows`; a
module that needs columns passes its rows through :func:`checked`, so a broken data file is a clear
error naming the file and the problem, not a ``KeyError`` deep inside a parser.

>>> checked([{"table": "event", "key": "通过", "value": "adopted"}], "law_vocabulary.csv", ("table", "key"))[0]["key"]
'通过'
>>> checked([{"table": "event"}], "law_vocabulary.csv", ("table", "key"))
Traceback (most recent call last):
...
policygraph.errors.InputError: .../law_vocabulary.csv: missing column key (the header must name table, key)
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .errors import InputError

DATA_DIR = Path(__file__).resolve().parent / "data"


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
