"""A CSV catalogue of regulations: metadata for texts we have, and entries for texts we lack.

The catalogue says what a regulation file cannot: that a version is in force or repealed, what it
replaces, an amendment known only by month. One row per regulation *version*; UTF-8 (or any
encoding :func:`~policygraph.loaders.text.read_source` detects), a header row, lines whose first
cell starts with ``#`` are comments. Only ``title`` is required; every other column is optional.

=============  =================================================================================
column         meaning
=============  =================================================================================
title          full title, as in the text's ``# `` line (辽宁省优化营商环境条例)
short_title    the name documents cite it by (优化营商环境条例; 外商投资法)
version_date   the version's date; blank: taken from the text file, else promulgated, else adopted
level          law | administrative_regulation | local_regulation | judicial_interpretation |
               departmental_rule | normative_document | constitution | other
issuer         the adopting body, normalised (辽宁省人民代表大会常务委员会)
doc_number     order or announcement number (国务院令第722号)
adopted        dates of events. A date is ``yyyy-mm-dd``, or ``yyyy-mm`` / ``yyyy`` when only the
promulgated    month or year is known (an amendment of 2023-07). ``;`` separates several dates
effective      (a law amended three times). Optional extra columns ``revised`` and ``approved``
amended        work the same way.
repealed
in_force       yes | no | blank (unknown; ``no`` is assumed when ``repealed`` is given)
supersedes     ``;``-separated: version dates of the same title (2016-12-07) or titles of others
based_on       ``;``-separated titles this regulation is based on (根据《X》)
text_file      the text in the laws Markdown format, path relative to the CSV file
region         province or city of a local regulation (辽宁省)
note           free text
=============  =================================================================================

A row with a ``text_file`` is read with :func:`~policygraph.loaders.law.read_regulation` and the
catalogue's non-blank cells are put on top (events are added when the text lacks that kind and
date). A row without text gives a Regulation with ``has_articles=False`` and ``complete=False``.
Catalogue events carry no span; their ``text`` names the catalogue line.

>>> regs = read_catalogue(DEFAULT_CATALOGUE)
>>> sc = next(r for r in regs if r.short_title == "优化营商环境条例")
>>> sc.doc_number, sc.in_force, len(sc.articles())
('国务院令第722号', True, 72)
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..records import Event, Reference, Regulation
from .law import read_regulation
from .text import read_source

DEFAULT_CATALOGUE = Path(__file__).resolve().parents[1] / "data" / "catalogue.csv"

EVENT_COLUMNS = {  # column -> Event.kind
    "adopted": "adopted",
    "promulgated": "promulgated",
    "effective": "effective",
    "amended": "amended",
    "revised": "revised",
    "approved": "approved",
    "repealed": "repealed",
}
COLUMNS = ("title", "short_title", "version_date", "level", "issuer", "doc_number", *EVENT_COLUMNS,
           "in_force", "supersedes", "based_on", "text_file", "region", "note")
LEVELS = ("law", "administrative_regulation", "local_regulation", "judicial_interpretation",
          "departmental_rule", "normative_document", "constitution", "other")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def check_date(value: str) -> str:
    """Return ``value`` when it is yyyy, yyyy-mm or yyyy-mm-dd and a real date; else ValueError.

    >>> check_date("2023-07")
    '2023-07'
    """
    m = _DATE.match(value)
    if not m:
        raise ValueError(f"date {value!r} is not yyyy-mm-dd, yyyy-mm or yyyy")
    y, mo, d = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    date(y, mo, d)  # raises ValueError for 2019-02-30
    return value


def _split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split(";") if x.strip()]


def read_catalogue(path: str | Path) -> list[Regulation]:
    """Read a regulations catalogue (see the module docstring for the columns).

    Raises :class:`InputError` naming the file, and the line number for a bad row: a missing title,
    a bad date, level or in_force value, an unknown column, a duplicate version, a missing or
    unreadable text file.
    """
    src = read_source(path)
    base = Path(src.path).parent
    reader = csv.reader(io.StringIO(src.text))
    header = None
    out: list[Regulation] = []
    seen: dict[tuple[str, str | None], int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [c.strip().lstrip("\ufeff").lower() for c in cells]
            unknown = [c for c in header if c not in COLUMNS]
            if "title" not in header:
                raise InputError(src.path, f"line {line}: the header has no 'title' column; "
                                           f"expected columns {', '.join(COLUMNS)}")
            if unknown:
                raise InputError(src.path, f"line {line}: unknown column(s) {', '.join(unknown)}; "
                                           f"known columns are {', '.join(COLUMNS)}")
            continue
        if len(cells) > len(header):
            raise InputError(src.path, f"line {line}: {len(cells)} cells but the header has {len(header)} "
                                       "columns (quote cells that hold commas)")
        row = {k: "" for k in COLUMNS}
        row.update({k: v.strip() for k, v in zip(header, cells, strict=False)})
        try:
            reg = _regulation(row, base, line)
        except ValueError as exc:
            raise InputError(src.path, f"line {line}: {exc}") from None
        except InputError as exc:
            raise InputError(src.path, f"line {line}: text_file {row['text_file']!r}: {exc.problem}") from None
        key = (reg.title, reg.version_date)
        if key in seen:
            raise InputError(src.path, f"line {line}: {reg.title} version {reg.version_date} is already "
                                       f"listed on line {seen[key]}")
        seen[key] = line
        out.append(reg)
    if header is None:
        raise InputError(src.path, "no header row; expected a CSV with a 'title' column")
    return out


def _regulation(row: dict[str, str], base: Path, line: int) -> Regulation:
    """One catalogue row as a Regulation (ValueError for a bad cell, InputError for a bad text)."""
    if not row["title"]:
        raise ValueError("the title is empty")
    if row["level"] and row["level"] not in LEVELS:
        raise ValueError(f"level {row['level']!r} is not one of {', '.join(LEVELS)}")
    if row["in_force"].lower() not in ("", "yes", "no"):
        raise ValueError(f"in_force {row['in_force']!r} is not yes, no or blank")
    events = []
    for column, kind in EVENT_COLUMNS.items():
        for value in _split(row[column]):
            try:
                check_date(value)
            except ValueError as exc:
                raise ValueError(f"{column}: {exc}") from None
            body = (row["issuer"] or None) if kind == "adopted" else None
            if kind == "promulgated" and row["doc_number"]:
                body = row["doc_number"]
            events.append(Event(kind, value, body, f"{column} {value} (catalogue line {line})"))
    if row["version_date"]:
        try:
            check_date(row["version_date"])
        except ValueError as exc:
            raise ValueError(f"version_date: {exc}") from None

    if row["text_file"]:
        text_path = base / row["text_file"]
        if not text_path.is_file():
            raise ValueError(f"text_file {row['text_file']!r} not found (looked for {text_path})")
        reg = read_regulation(text_path)
        reg.title = row["title"]
        have = {(e.kind, e.date) for e in reg.events}
        reg.events.extend(e for e in events if (e.kind, e.date) not in have)
    else:
        reg = Regulation(title=row["title"], complete=False, has_articles=False, events=events)
        if not row["version_date"]:
            dated = [e.date for e in events if e.kind in ("promulgated", "adopted")]
            reg.version_date = dated[0] if dated else None

    for field in ("version_date", "level", "issuer", "doc_number", "region", "short_title", "note"):
        if row[field]:
            setattr(reg, field, row[field])
    if row["in_force"]:
        reg.in_force = row["in_force"].lower() == "yes"
    elif row["repealed"]:
        reg.in_force = False
    for item in _split(row["supersedes"]):
        if item not in reg.supersedes:
            reg.supersedes.append(item)
    known = {r.title for r in reg.references if r.relation == "based_on"}
    reg.references.extend(Reference(t, "based_on") for t in _split(row["based_on"]) if t not in known)
    return reg
