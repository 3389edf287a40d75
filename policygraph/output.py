"""What ``graphq`` prints: DataFrames as table (rich), csv, json (a list of objects) or md, and the
one-screen summaries of a load, of node counts and of an extracted report.

A table fits the width it is given (the terminal's): the columns that matter most for each helper
come first (:data:`PRIORITY`), the rest are left out and named (:func:`left_out`), long texts
wrap, and IDs never wrap or shorten, so what a table prints can be pasted back into a command
(``graphq trace 关于落实/s1/m1``). Lists print joined by ``; `` in tables, CSV and Markdown, and as
arrays in JSON; missing values print as nothing (JSON ``null``).

>>> print(render(pd.DataFrame([{"a": 1, "b": None, "l": ["x", "y"]}]), "json"))
[
  {
    "a": 1,
    "b": null,
    "l": [
      "x",
      "y"
    ]
  }
]
"""

from __future__ import annotations

import json
import math
import shutil
from collections.abc import Callable

import pandas as pd

FORMATS = ("table", "csv", "json", "md")
ID_BASE = "https://w3id.org/policygraph/id/"
TEXT_MIN = 14  # a wrapping column is never narrower than this
TEXT_WANT = 30  # the room a wrapping column is counted for when choosing which columns fit
CELL_MAX = 240  # characters of a long text a table cell shows

# The columns a table shows first, per helper (frame.attrs["helper"]); others follow in order.
PRIORITY = {
    "measures": ["heading", "status", "deadline", "units", "measure", "articles", "section", "documents"],
    "units": ["name", "level", "kind", "measures", "documents", "figures", "parent", "aliases", "unit"],
    "responsibilities": ["heading", "status", "deadline", "quote", "measure", "section"],
    "documents": ["title", "relation", "doc_type", "level", "issuer", "status_in_report", "quote"],
    "metrics": ["text", "what", "value", "unit", "as_of", "kind", "measure"],
    "trace": ["path", "hops", "end_type", "end"],
    "coverage": ["regulation", "label", "measures", "gap", "measure_headings", "chapter", "documents",
                 "local_articles"],
    "timeline": ["date", "kind", "what", "source", "subject"],
    "search": ["label", "type", "regulation", "node", "snippet"],
    "neighbors": ["relation", "label", "type", "target", "direction", "depth"],
    "extract": ["heading", "status", "deadline", "units", "articles", "id"],
}


def _clean(v):
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, (list, tuple)):
        return [_clean(x) for x in v]
    if hasattr(v, "item"):  # numpy scalars
        return v.item()
    return v


def records(df: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts keyed by column name, missing values as None, lists as lists."""
    return [{k: _clean(v) for k, v in row.items()} for row in df.to_dict(orient="records")]


def _flat(v) -> str:
    """A cell as one piece of text: lists joined by "; ", nothing for a missing value."""
    v = _clean(v)
    if v is None:
        return ""
    if isinstance(v, list):
        return "; ".join(_flat(x) for x in v)
    return str(v)


def render(df: pd.DataFrame, fmt: str = "table", *, title: str | None = None, width: int | None = None,
           ids: Callable[[str], str] | None = None) -> str:
    """``df`` as text in ``fmt``. The table fits ``width`` columns (default: the terminal's) and
    prints each node IRI as ``ids(iri)`` (default: without ``https://w3id.org/policygraph/id/``);
    csv/json/md keep every value whole."""
    if fmt == "json":
        return json.dumps(records(df), ensure_ascii=False, indent=2)
    if fmt == "csv":
        flat = df.apply(lambda col: col.map(_flat)) if len(df) else df
        return flat.to_csv(index=False).rstrip("\n")  # echo ends the line
    if fmt == "md":
        cols = list(df.columns)
        esc = lambda v: _flat(v).replace("|", "\\|").replace("\n", " ")  # noqa: E731
        lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        lines += ["| " + " | ".join(esc(r[c]) for c in cols) + " |" for r in records(df)]
        return "\n".join(lines)
    if fmt == "table":
        return table(df, title=title, width=width, ids=ids)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def terminal_width() -> int:
    """The terminal's width ($COLUMNS, else the terminal, else 120 when output is piped)."""
    return shutil.get_terminal_size((120, 24)).columns


def _id(v: str, ids) -> str:
    if ids is not None:
        return ids(v)
    return v[len(ID_BASE):] if v.startswith(ID_BASE) else v


def _cells(df: pd.DataFrame, ids) -> tuple[dict[str, list[str]], set[str]]:
    """Each column's cells as text, and the columns of node IRIs (printed whole, never wrapped)."""
    cells, id_cols = {}, set()
    for c in df.columns:
        values = [_clean(v) for v in df[c].tolist()]
        present = [v for v in values if v is not None]
        if present and all(isinstance(v, str) and v.startswith(("http://", "https://")) for v in present):
            id_cols.add(c)
            cells[c] = ["" if v is None else _id(v, ids) for v in values]
        else:
            cells[c] = [_id(v, ids) if isinstance(v, str) and v.startswith(ID_BASE) else _short(_flat(v))
                        for v in values]
    return cells, id_cols


def _short(s: str) -> str:
    s = s.replace("\n", " ")
    return s if len(s) <= CELL_MAX else s[: CELL_MAX - 1] + "…"


def _chosen(df, cells, id_cols, width: int) -> list[str]:
    """The columns that fit ``width``, the most useful first (:data:`PRIORITY`), in frame order."""
    from rich.cells import cell_len

    prio = PRIORITY.get(df.attrs.get("helper"), [])
    order = [c for c in prio if c in df.columns] + [c for c in df.columns if c not in prio]
    used, keep = 0, []
    for c in order:
        longest = max([cell_len(str(c))] + [cell_len(x) for x in cells[c]])
        need = (longest if c in id_cols else min(longest, TEXT_WANT)) + 2  # padding
        if keep and used + need > width:
            continue
        keep.append(c)
        used += need
    return [c for c in df.columns if c in keep]


def table(df: pd.DataFrame, *, title: str | None = None, width: int | None = None, ids=None) -> str:
    """A rich table of ``df`` that fits ``width``, then its row count (and what was left out)."""
    from io import StringIO

    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    width = width or terminal_width()
    cells, id_cols = _cells(df, ids)
    cols = _chosen(df, cells, id_cols, width)
    t = Table(title=title, box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    for c in cols:
        t.add_column(Text(str(c)), no_wrap=c in id_cols, overflow="fold", min_width=min(TEXT_MIN, len(str(c))))
    for i in range(len(df)):  # Text, not markup: "-[cites]->" and 【】 titles print as they are
        t.add_row(*[Text(cells[c][i]) for c in cols])
    buf = StringIO()
    Console(file=buf, width=width, force_terminal=False, color_system=None, soft_wrap=False).print(t)
    return buf.getvalue() + footer(df)


def left_out(df: pd.DataFrame, width: int | None = None, ids=None) -> list[str]:
    """The columns a table of ``df`` at ``width`` leaves out."""
    cells, id_cols = _cells(df, ids)
    kept = _chosen(df, cells, id_cols, width or terminal_width())
    return [c for c in df.columns if c not in kept]


def footer(df: pd.DataFrame) -> str:
    """"12 rows", or "showing 50 of 312 rows" when a limit cut the answer."""
    n, total = len(df), df.attrs.get("total", len(df))
    if total > n:
        return f"showing {n} of {total} rows (--limit)"
    return f"{n} row{'s' if n != 1 else ''}"


def sparql_result(res, fmt: str) -> str:
    """An ASK answer (true/false, or JSON) or CONSTRUCT triples (N-Triples lines).

    >>> sparql_result(True, "table"), sparql_result(False, "json")
    ('true', 'false')
    """
    if isinstance(res, bool):
        return json.dumps(res) if fmt == "json" else str(res).lower()
    return "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in res)


def counts_frame(counts: dict[str, int]) -> pd.DataFrame:
    """Node counts per class as a two-column table."""
    return pd.DataFrame(sorted(counts.items()), columns=["class", "count"])


def load_summary(d: dict) -> str:
    """The lines of a load summary (:meth:`policygraph.pipeline.LoadSummary.as_dict`).

    >>> print(load_summary({"files": 1, "regulations": 1, "articles": 72, "reports": 0, "measures": 0,
    ...                     "graphs_added": 1, "graphs_replaced": 0, "graphs_unchanged": 0, "quads_written": 9,
    ...                     "files_without_articles": 0, "reports_relinked": 0}))
    read 1 files: 1 regulation versions (72 articles), 0 reports (0 measures)
    graphs: 1 added, 0 replaced, 0 unchanged; 9 triples written
    """
    lines = [f"read {d['files']} files: {d['regulations']} regulation versions ({d['articles']} articles), "
             f"{d['reports']} reports ({d['measures']} measures)",
             f"graphs: {d['graphs_added']} added, {d['graphs_replaced']} replaced, "
             f"{d['graphs_unchanged']} unchanged; {d['quads_written']} triples written"]
    if d["files_without_articles"]:
        lines.append(f"{d['files_without_articles']} files have no articles (kept as documents with their text)")
    if d["reports_relinked"]:
        lines.append(f"re-linked {d['reports_relinked']} stored reports to the new regulations")
    for dup in d.get("duplicates", ()):
        lines.append(f"{len(dup['files'])} files are one report, {dup['document']}: {', '.join(dup['files'])}; "
                     f"kept {dup['kept']} (the last read)")
    lines += [f"warning: {w}" for w in d.get("warnings", ())]
    return "\n".join(lines)


def report_summary(rep) -> str:
    """An extracted :class:`~policygraph.records.Report` in a few lines: document info, counts, and
    one line per measure with its status and first three articles."""
    d = rep.document
    lines = [f"{d.title or '(no title)'}",
             f"  issuer {d.issuer or '-'}  signed {d.signed_date or '-'}  published {d.published_date or '-'}"
             f"  addressee {d.addressee or '-'}",
             f"  {len(rep.sections)} sections, {len(rep.measures)} measures, {len(rep.units)} units, "
             f"{len(rep.documents)} documents, {len(rep.metrics)} figures, {len(rep.dates)} dates"]
    for m in rep.measures:
        arts = ", ".join(f"第{c.article}条" for c in m.articles[:3])
        lines.append(f"  {m.id:8} {'/'.join(m.status) or '-':22} {m.heading[:30]}  {arts}")
    return "\n".join(lines)


def report_frame(rep) -> pd.DataFrame:
    """An extracted report's measures as a table (``graphq extract --format table|csv|md``): id,
    section, heading, status, deadline, units and the first three ranked articles."""
    rows = [{"id": m.id, "section": m.section, "heading": m.heading, "status": list(m.status),
             "deadline": m.deadline_iso or m.deadline, "units": list(m.units),
             "articles": [f"{c.regulation} 第{c.article}条" for c in m.articles[:3]]} for m in rep.measures]
    df = pd.DataFrame(rows, columns=["id", "section", "heading", "status", "deadline", "units", "articles"])
    df.attrs["helper"] = "extract"
    return df
