"""The data behind unit extraction, read once from ``policygraph/data/units/``.

* gazetteers: every CSV with a ``short_forms`` column (``national.csv``, ``former_names.csv``,
  ``liaoning.csv``, ``dalian.csv`` …): concrete bodies with their verified names;
* ``organs.csv``: the standard names of any place's organs (市委 -> 中共{place}委员会,
  区市场监管局 -> {place}市场监督管理局);
* ``suffixes.csv``: the words that end a body's name (局, 委员会, 派出所, 街道办事处 …);
* ``patterns.csv``: guards, collectives, quoted names and anaphors.

>>> organ("发改委", level="municipal", province="辽宁省")["name"]
'{place}发展和改革委员会'
>>> organ("营商局", level="municipal", province="山东省") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .wordlists import load_rows

DATA = Path(__file__).resolve().parents[1] / "data" / "units"


@dataclass
class Entry:
    """One gazetteer row, with every surface form that points at it."""

    name: str
    level: str | None
    kind: str | None
    parent: str | None
    known: bool = True
    forms: list[str] = field(default_factory=list)


def rows(name: str) -> list[dict]:
    """Rows of ``data/units/<name>`` (comments starting with # skipped)."""
    return load_rows(f"units/{name}")


@cache
def gazetteer_files() -> tuple[str, ...]:
    """The gazetteer files: every CSV of data/units whose header has a ``short_forms`` column."""
    out = []
    for p in sorted(DATA.glob("*.csv")):
        with open(p, encoding="utf-8") as fh:
            header = next((ln for ln in fh if ln.strip() and not ln.startswith("#")), "")
        if "short_forms" in header.split(","):
            out.append(p.name)
    return tuple(out)


@cache
def rules() -> dict[str, list[dict]]:
    """Rows of ``patterns.csv`` grouped by rule type, regexes compiled once."""
    out: dict[str, list[dict]] = {}
    for r in rows("patterns.csv"):
        r = dict(r)
        if r["rule"] == "suffix_guard":
            r["rx2"] = re.compile(r["canonical"])
        elif r["rule"] not in ("guard_before", "guard_after"):
            r["rx"] = re.compile(r["pattern"])
        out.setdefault(r["rule"], []).append(r)
    return out


@cache
def guards() -> tuple[dict[str, re.Pattern], dict[str, re.Pattern]]:
    """(char -> chars before it that make a word, char -> chars after it that make a word)."""
    before: dict[str, list[str]] = {}
    after: dict[str, list[str]] = {}
    for r in rules().get("guard_before", []):
        before.setdefault(r["pattern"], []).append(r["canonical"])
    for r in rules().get("guard_after", []):
        after.setdefault(r["pattern"], []).append(r["canonical"])
    join = lambda d: {k: re.compile("|".join(v)) for k, v in d.items()}  # noqa: E731
    return join(before), join(after)


@cache
def suffix_rows() -> tuple[dict, ...]:
    """Rows of ``suffixes.csv``, longest pattern first (so 人民政府 is tried before 政府)."""
    out = []
    for r in rows("suffixes.csv"):
        out.append(dict(r, rx=re.compile(r["pattern"])))
    return tuple(sorted(out, key=lambda r: -len(r["pattern"])))


@cache
def suffix_alternation() -> str:
    return "|".join(f"(?:{r['pattern']})" for r in suffix_rows())


def suffix_info(suffix: str) -> dict | None:
    """The ``suffixes.csv`` row a matched suffix belongs to (its kind, whether it may be bare)."""
    for r in suffix_rows():
        if r["rx"].fullmatch(suffix):
            return r
    return None


@cache
def _organs() -> dict[str, tuple[dict, ...]]:
    out: dict[str, list[dict]] = {}
    for r in rows("organs.csv"):
        out.setdefault(r["body"], []).append(r)
    return {k: tuple(v) for k, v in out.items()}


def organ(body: str, *, level: str | None, province: str | None) -> dict | None:
    """The ``organs.csv`` row for ``body`` after a place of ``level`` in ``province``, or None.

    Rows restricted to a level or province win over general rows of the same body.
    """
    cands = [r for r in _organs().get(body, ())
             if (not r["level"] or r["level"] == level) and (not r["province"] or r["province"] == province)]
    cands.sort(key=lambda r: (not r["level"], not r["province"]))
    return cands[0] if cands else None


@cache
def former_names() -> dict[str, dict]:
    """Historical full name -> its row (successor, years) from ``former_names.csv``.

    >>> former_names()["中国银行业监督管理委员会"]["successor"]
    '中国银行保险监督管理委员会'
    """
    return {r["name"]: r for r in rows("former_names.csv")}
