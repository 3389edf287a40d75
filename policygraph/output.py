"""Rendering DataFrames for the terminal: table (rich), csv, json (a list of objects), md."""

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
