"""What ``graphq`` prints: DataFrames as table (rich), csv, json (a list of objects) or md, and the
one-screen summaries of a load, of node counts and of an extracted report.

>>> print(render(pd.DataFrame([{"a": 1, "b": None}]), "json"))
[
  {
    "a": 1,
    "b": null
  }
]
"""

from __future__ import annotations

import json
import math

import pandas as pd

FORMATS = ("table", "csv", "json", "md")


def _clean(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    if hasattr(v, "item"):  # numpy scalars
        return v.item()
    return v


def records(df: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts keyed by column name, NaN as None."""
    return [{k: _clean(v) for k, v in row.items()} for row in df.to_dict(orient="records")]


def render(df: pd.DataFrame, fmt: str = "table", *, title: str | None = None, max_width: int = 60) -> str:
    """``df`` as text in ``fmt``. The table shortens IRIs to their last part and long cells to
    ``max_width`` characters; csv/json/md keep every value whole."""
    if fmt == "json":
        return json.dumps(records(df), ensure_ascii=False, indent=2)
    if fmt == "csv":
        return df.to_csv(index=False)
    if fmt == "md":
        rows = records(df)
        cols = list(df.columns)
        esc = lambda v: "" if v is None else str(v).replace("|", "\\|").replace("\n", " ")  # noqa: E731
        lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        lines += ["| " + " | ".join(esc(r[c]) for c in cols) + " |" for r in rows]
        return "\n".join(lines)
    if fmt == "table":
        from io import StringIO

        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, show_lines=False, header_style="bold")
        for c in df.columns:
            table.add_column(str(c), overflow="fold")
        for r in records(df):
            table.add_row(*[_short(r[c], max_width) for c in df.columns])
        buf = StringIO()
        Console(file=buf, width=200, force_terminal=False, color_system=None).print(table)
        footer = f"{len(df)} row{'s' if len(df) != 1 else ''}"
        return buf.getvalue() + footer
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _short(v, width: int) -> str:
    if v is None:
        return ""
    s = str(v)
    if s.startswith("https://w3id.org/policygraph/id/"):
        s = "…/" + s.rsplit("/", 2)[-2] + "/" + s.rsplit("/", 1)[-1] if s.count("/") > 5 else s
    s = s.replace("\n", " ")
    return s if len(s) <= width else s[: width - 1] + "…"


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
