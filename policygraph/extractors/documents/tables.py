"""The data files documents are read with, loaded once (all under ``policygraph/data/``).

- ``doc_types.csv``: the type a title's last word gives, version suffixes, report-title rules;
- ``relation_verbs.csv``: governing verbs, their relation and status, and how the tense of a part changes them;
- ``doc_bare_words.csv``: endings, generic words and stop words of titles written without 《》;
- ``doc_places.csv``: words before a title that say whose it is (本市, 我省, 国务院);
- ``national_laws.csv`` (built by ``scripts/build_laws_table.py``) and ``international_agreements.csv``;
- ``doc_number_prefixes.csv`` and ``place_abbreviations.csv``: issuers read from document numbers;
- ``doc_issuers.csv``: issuers a title's type and place give;
- ``doc_periods.csv``: five-year periods (“十五五”规划 is the 第十五个五年规划 named in full).

>>> verbs().by_word["出台"].planned
('drafts', 'planned')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..wordlists import load_rows


@dataclass(frozen=True)
class Verb:
    """A governing verb: relation and status, and the (relation, status) a done or planned part gives."""

    word: str
    relation: str | None
    status: str | None
    where: str
    done: tuple[str, str] | None
    planned: tuple[str, str] | None


@dataclass(frozen=True)
class Verbs:
    by_word: dict[str, Verb]
    left: re.Pattern  # verbs that stand before a title, longest first
    right: list[Verb]  # verbs that stand just after a title
    modal: re.Pattern  # markers that make a document planned
    noun_suffix: tuple[str, ...]  # 发布者: a verb with these after it is a noun
    perfective: re.Pattern  # 已, 先后: the step is told as done
    boundary: re.Pattern  # 推进, 开展: no governing verb, but the words after them may open a title


@dataclass(frozen=True)
class Types:
    suffix: list[tuple[str, str | None]]  # (ending, type), longest first
    strip: list[re.Pattern]
    version: re.Pattern  # a version or stage right after a bare title: (2026版), (试行)
    report_title: list[tuple[re.Pattern, str | None]]


def _pair(cell: str) -> tuple[str, str] | None:
    if not cell:
        return None
    rel, _, status = cell.partition("/")
    return rel, status


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def verbs() -> Verbs:
    rows = [Verb(r["word"], r["relation"] or None, r["status"] or None, r["where"],
                 _pair(r.get("done", "")), _pair(r.get("planned", ""))) for r in load_rows("relation_verbs.csv")]
    by_word = {v.word: v for v in rows}
    left = re.compile(_alternation(v.word for v in rows if v.where in ("left", "both")))
    right = sorted((v for v in rows if v.where in ("right", "both")), key=lambda v: -len(v.word))
    modal = re.compile(_alternation(v.word for v in rows if v.where == "modal"))
    noun = tuple(v.word for v in rows if v.where == "noun_suffix")
    perfective = re.compile(_alternation(v.word for v in rows if v.where == "perfective"))
    boundary = re.compile(_alternation(v.word for v in rows if v.where == "boundary"))
    return Verbs(by_word, left, right, modal, noun, perfective, boundary)


@cache
def types() -> Types:
    suffix, strip, report = [], [], []
    for r in load_rows("doc_types.csv"):
        if r["rule"] == "suffix":
            suffix.append((r["pattern"], r["doc_type"] or None))
        elif r["rule"] == "strip":
            strip.append(re.compile(r["pattern"]))
        elif r["rule"] == "report_title":
            report.append((re.compile(r["pattern"], re.M), r["doc_type"] or None))
    suffix.sort(key=lambda t: -len(t[0]))
    # the strip rules read at the end of a title are the versions that may follow a bare one
    version = re.compile("|".join(f"(?:{rx.pattern.rstrip('$')})" for rx in strip))
    return Types(suffix, strip, version, report)


@dataclass(frozen=True)
class BareWords:
    endings: dict[str, str]  # ending -> needs (verb | name)
    ending_rx: list[tuple[re.Pattern, str]]
    generic: re.Pattern
    stop_after: tuple[str, ...]
    law_stop_after: frozenset[str]
    not_first: tuple[str, ...]
    not_inside: tuple[str, ...]
    body_end: tuple[str, ...]
    clause_words: tuple[str, ...]


@cache
def bare_words() -> BareWords:
    rows = load_rows("doc_bare_words.csv")
    pick = lambda role: [r for r in rows if r["role"] == role]  # noqa: E731
    return BareWords({r["word"]: r["needs"] for r in pick("ending")},
                     [(re.compile(r["word"]), r["needs"]) for r in pick("ending_rx")],
                     re.compile(_alternation(r["word"] for r in pick("generic"))),
                     tuple(r["word"] for r in pick("stop_after")),
                     frozenset(r["word"] for r in pick("law_stop_after")),
                     tuple(r["word"] for r in pick("not_first")),
                     tuple(r["word"] for r in pick("not_inside")),
                     tuple(r["word"] for r in pick("body_end")),
                     tuple(r["word"] for r in pick("clause_word")))


@dataclass(frozen=True)
class PlaceWord:
    word: str
    scope: str
    single: bool  # one character: a marker only where it opens a title
    not_before: str  # characters after it that make it part of a word (市场, 省级)


@cache
def place_words() -> list[PlaceWord]:
    """Markers of whose a title is, longest first."""
    rows = [PlaceWord(r["word"], r["scope"], bool(r["single"]), r["not_before"]) for r in load_rows("doc_places.csv")]
    return sorted(rows, key=lambda p: -len(p.word))


@cache
def laws() -> dict[str, dict]:
    """Full title and short title (without 中华人民共和国) -> national law row."""
    out: dict[str, dict] = {}
    for r in load_rows("national_laws.csv"):
        out.setdefault(r["title"], r)
        if r["short_title"]:
            out.setdefault(r["short_title"], r)
    return out


@cache
def agreements() -> dict[str, dict]:
    """Title and abbreviation -> international agreement row."""
    out: dict[str, dict] = {}
    for r in load_rows("international_agreements.csv"):
        out[r["title"]] = r
        if r["abbr"]:
            out[r["abbr"]] = r
    return out


@cache
def number_prefixes() -> list[dict]:
    """Rows of ``doc_number_prefixes.csv``, longest prefix first."""
    return sorted(load_rows("doc_number_prefixes.csv"), key=lambda r: -len(r["prefix"]))


@cache
def place_abbreviations() -> dict[str, str]:
    """Place -> its document-number abbreviation."""
    return {r["place"]: r["abbr"] for r in load_rows("place_abbreviations.csv")}


@cache
def issuer_rules() -> dict[tuple[str, str], str]:
    """(doc type, level of the title's place) -> issuer template with {place}."""
    return {(r["doc_type"], r["place_level"]): r["issuer"] for r in load_rows("doc_issuers.csv")}


@cache
def periods() -> dict[str, str]:
    """A five-year period's short name -> its long form (十五五 -> 第十五个五年)."""
    return {r["short"]: r["long"] for r in load_rows("doc_periods.csv")}
