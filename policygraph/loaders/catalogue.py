"""A CSV catalogue of regulations: metadata for texts we have, and entries for texts we lack.

The catalogue says what a regulation file cannot: that a version is in force or repealed, what it
replaces, an amendment known only by month. One row per regulation *version*; UTF-8 (or any
encoding :func:`~policygraph.loaders.text.read_source` detects), a header row naming each column
once, lines whose first cell starts with ``#`` are comments. Only ``title`` is required; every other
column is optional.

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
text_file      the text in the laws Markdown format, path relative to the CSV file's folder
               (paths leading out of that folder are refused)
region         province or city of a local regulation (辽宁省)
note           free text
=============  =================================================================================

:func:`catalogue_rows` keeps each row's facts (a Regulation without text, ``catalogue_line`` set)
apart from the text its ``text_file`` names, read as that file alone is read; the load stores them in
two graphs, so reloading either source never drops what the other says. :func:`read_catalogue`
gives one Regulation per row, the text with the row's non-blank cells on top (events are added when
the text lacks that kind and date). A row without text gives a Regulation with
``has_articles=False`` and ``complete=False``. Catalogue events carry no span; their ``text`` names
the catalogue line.

>>> regs = read_catalogue(DEFAULT_CATALOGUE)
>>> sc = next(r for r in regs if r.short_title == "优化营商环境条例")
>>> sc.doc_number, sc.in_force, len(sc.articles())
('国务院令第722号', True, 72)
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..records import Event, Reference, Regulation, Source
from .law import parse_regulation, warn_repeated_numbers
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


def _csv_rows(src: Source) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each CSV record; InputError for what the csv module would silently
    get wrong (rows swallowed by an unclosed quote) or raise its own error on (a huge cell, NUL)."""
    reader = csv.reader(io.StringIO(src.text))
    prev, width, start = 0, 0, 1
    try:
        for cells in reader:
            start, line = prev + 1, reader.line_num
            if line > start:
                _check_multiline(src, start, cells, width)
            if not width and any(c.strip() for c in cells) and not cells[0].lstrip().startswith("#"):
                width = len(cells)  # the header's
            yield start, cells
            prev = line
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise InputError(src.path, f"line {prev + 1}: a cell is longer than {csv.field_size_limit():,} "
                                       "characters (the CSV field limit): is a quote left unclosed?") from None
        raise InputError(src.path, f"line {prev + 1}: not a well-formed CSV row ({exc})") from None
    # an unclosed quote makes the rest of the file one cell: the last record, over several lines
    if prev >= start and src.text.split("\n", start - 1)[-1].count('"') % 2:
        raise InputError(src.path, f"line {start}: a quote opened in this row is never closed, so the rest of "
                                   "the file was read as one cell")


def _check_multiline(src: Source, line: int, cells: list[str], width: int) -> None:
    """A record spread over several lines whose cells hold lines that look like rows of their own:
    an unclosed quote has swallowed the rows after it."""
    for cell in cells:
        inner = cell.rstrip("\n").split("\n")[1:]
        if width and any(ln.count(",") >= max(1, width - 1) for ln in inner):
            raise InputError(src.path, f"line {line}: a quoted cell runs over {len(inner) + 1} lines that look "
                                       "like rows of their own: is a quote left unclosed? (the rows after it "
                                       "would be lost)")


def _header(src: Source, cells: list[str], line: int) -> list[str]:
    header = [c.strip().lstrip("\ufeff").lower() for c in cells]
    if "title" not in header:
        raise InputError(src.path, f"line {line}: the header has no 'title' column (a catalogue's first row "
                                   f"that is not a # comment names its columns); expected columns "
                                   f"{', '.join(COLUMNS)}")
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        raise InputError(src.path, f"line {line}: unknown column(s) {', '.join(unknown)}; "
                                   f"known columns are {', '.join(COLUMNS)}")
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        raise InputError(src.path, f"line {line}: column(s) {', '.join(twice)} appear more than once in "
                                   "the header (which one would count?)")
    return header


def read_catalogue(path: str | Path, *, allowed: Iterable[str | Path] = ()) -> list[Regulation]:
    """Read a regulations catalogue (see the module docstring for the columns): one Regulation per
    row, the row's text with its cells on top (:meth:`CatalogueRow.merged`). Errors: see
    :func:`catalogue_rows`."""
    return [row.merged() for row in catalogue_rows(path, allowed=allowed)]


def catalogue_rows(path: str | Path, *, allowed: Iterable[str | Path] = ()) -> list[CatalogueRow]:
    """Read a regulations catalogue into its rows, each row's facts apart from its text.

    A ``text_file`` is read only from the catalogue's folder or below it (an absolute path, a
    ``../`` path or a link leading out is refused), or when it is one of ``allowed`` (files the user
    named). Raises :class:`InputError` naming the file, and the line number for a bad row: a missing
    title, a bad date, level or in_force value, an unknown or repeated column, a duplicate version, a
    missing, refused or unreadable text file, an unclosed quote, a cell over the CSV field limit.
    Errors never quote the content of a text file.
    """
    src = read_source(path)
    base = Path(src.path).parent
    allowed_paths = {Path(a).resolve() for a in allowed}
    header = None
    out: list[CatalogueRow] = []
    seen: dict[tuple[str, str | None], int] = {}
    for line, cells in _csv_rows(src):
        if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = _header(src, cells, line)
            continue
        if len(cells) > len(header):
            raise InputError(src.path, f"line {line}: {len(cells)} cells but the header has {len(header)} "
                                       "columns (quote cells that hold commas)")
        row = {k: "" for k in COLUMNS}
        row.update({k: v.strip() for k, v in zip(header, cells, strict=False)})
        try:
            entry = _row(row, base, line, allowed_paths)
        except ValueError as exc:
            raise InputError(src.path, f"line {line}: {exc}") from None
        except InputError as exc:
            raise InputError(src.path, f"line {line}: text_file {row['text_file']!r}: {exc.problem}") from None
        key = (entry.facts.title, entry.facts.version_date)
        if key in seen:
            raise InputError(src.path, f"line {line}: {key[0]} version {key[1]} is already "
                                       f"listed on line {seen[key]}")
        seen[key] = line
        out.append(entry)
    if header is None:
        raise InputError(src.path, "no header row; expected a CSV with a 'title' column")
    return out


def _text_path(cell: str, base: Path, allowed: set[Path]) -> Path:
    """The text file a ``text_file`` cell names, if it may be read (ValueError otherwise)."""
    rel = Path(cell)
    target = (base / rel).resolve()
    if target in allowed:
        return target
    if rel.is_absolute() or not target.is_relative_to(base.resolve()):
        raise ValueError(f"text_file {cell!r} is outside the catalogue's folder: only files in "
                         f"{base.resolve()} or below it are read (to load that file, name it yourself)")
    if not target.is_file():
        raise ValueError(f"text_file {cell!r} not found (looked for {base / rel})")
    return base / rel  # the path as the user's own paths spell it: the text's source path is the same


def _read_text(path: Path) -> Regulation:
    """The regulation in a catalogue's text file; errors say what is wrong, never what the file says."""
    src = read_source(path)
    try:
        reg = parse_regulation(src)
    except InputError:
        raise InputError(path, "not a regulation in the laws Markdown format ('# Title' first, information "
                               "lines, '<!-- INFO END -->', articles)") from None
    warn_repeated_numbers(reg)  # read as the file alone is read: the same record, the same warnings
    return reg


def _events(row: dict[str, str], line: int) -> list[Event]:
    """The row's dated events (ValueError for a bad date); their ``text`` names the catalogue line."""
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
    return events


def _row_facts(row: dict[str, str], line: int) -> Regulation:
    """What one row itself says about a version, without its text (ValueError for a bad cell)."""
    if not row["title"]:
        raise ValueError("the title is empty")
    if row["level"] and row["level"] not in LEVELS:
        raise ValueError(f"level {row['level']!r} is not one of {', '.join(LEVELS)}")
    if row["in_force"].lower() not in ("", "yes", "no"):
        raise ValueError(f"in_force {row['in_force']!r} is not yes, no or blank")
    if row["version_date"]:
        try:
            check_date(row["version_date"])
        except ValueError as exc:
            raise ValueError(f"version_date: {exc}") from None
    reg = Regulation(title=row["title"], complete=False, has_articles=False, events=_events(row, line),
                     catalogue_line=line)
    for field in ("version_date", "level", "issuer", "doc_number", "region", "short_title", "note"):
        if row[field]:
            setattr(reg, field, row[field])
    if row["in_force"]:
        reg.in_force = row["in_force"].lower() == "yes"
    elif row["repealed"]:
        reg.in_force = False
    reg.supersedes = _split(row["supersedes"])
    reg.references = [Reference(t, "based_on") for t in _split(row["based_on"])]
    return reg


def _row(row: dict[str, str], base: Path, line: int, allowed: set[Path]) -> CatalogueRow:
    """One catalogue row: its facts and, with a ``text_file``, the text it names (ValueError for a bad
    cell, InputError for a bad text)."""
    facts = _row_facts(row, line)
    if not row["text_file"]:
        if not facts.version_date:
            dated = [e.date for e in facts.events if e.kind in ("promulgated", "adopted")]
            facts.version_date = dated[0] if dated else None
        return CatalogueRow(facts, None)
    text = _read_text(_text_path(row["text_file"], base, allowed))
    text.title = facts.title  # the row names the version its facts are about: the text is that version
    if facts.version_date:
        text.version_date = facts.version_date
    facts.version_date = text.version_date
    return CatalogueRow(facts, text)


@dataclass
class CatalogueRow:
    """One row of a catalogue: what the row says (``facts``: a Regulation without text, its
    ``catalogue_line`` set) and the text its ``text_file`` names, read as that file alone is read
    (``text``, or None). The two are kept apart so that each is stored from one source: reloading the
    text file alone never drops what the catalogue says (issue 17, item 8)."""

    facts: Regulation
    text: Regulation | None

    def merged(self) -> Regulation:
        """The text with the row's non-blank cells on top (events added when the text lacks that kind
        and date); the row's facts alone when it names no text."""
        if self.text is None:
            return self.facts
        reg, f = replace(self.text, events=list(self.text.events), supersedes=list(self.text.supersedes),
                         references=list(self.text.references)), self.facts
        have = {(e.kind, e.date) for e in reg.events}
        reg.events.extend(e for e in f.events if (e.kind, e.date) not in have)
        for field in ("level", "issuer", "doc_number", "region", "short_title", "note", "in_force"):
            if getattr(f, field) is not None:
                setattr(reg, field, getattr(f, field))
        reg.supersedes += [s for s in f.supersedes if s not in reg.supersedes]
        known = {r.title for r in reg.references if r.relation == "based_on"}
        reg.references += [r for r in f.references if r.title not in known]
        return reg
