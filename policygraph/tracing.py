"""The paths from a measure or document up to the regulations it rests on — computed once.

``graphq trace``, :meth:`PolicyGraph.trace` and the trace view all draw what :func:`trace` returns
(read from a store by :func:`store_paths`), so the page and the command line cannot disagree. The
function is pure: it walks a graph it only sees through callables, so any store (SPARQL, Cypher) or
a ``networkx`` graph can feed it.

The rules:

1. Walk upward along :data:`UP` (implements, based on, concerns, part of, realizes, mentions
   document, elaborates), depth first, never revisiting a node of the current path; a path ends
   where nothing leads further up, or after ``max_hops``.
2. A start that reaches no regulation that way (a document that links to nothing itself) is carried
   out by the measures that name it: its chain runs through each of them ("mentioned by"), keeping
   only their paths that end at a regulation.
3. When nothing at all leads up, walk again along :data:`FALLBACK_UP`, which adds the report a node
   belongs to and the documents a text merely cites.
4. Paths ending at a regulation or a document are preferred: when there are any, the others (dead
   ends at an article, a measure …) are dropped.

A hop is ``(relation, target, label, type)``: the relation's and the type's local names, the target's
IRI and label.

>>> edges = {"m": [("ensures_implementation_of", "a7", "第七条", "Article")],
...          "a7": [("is_part_of", "v", "条例(2019)", "RegulationVersion")],
...          "v": [("realizes", "w", "条例", "Regulation")]}
>>> [p.text("措施") for p in trace("m", lambda n: edges.get(n, []), label=str)]
['措施 -[ensures_implementation_of]-> 第七条 -[is_part_of]-> 条例(2019) -[realizes]-> 条例']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .ontology.terms import local_name

# Edges followed upwards (prefixed names, as the stores' up_rows take them). A measure's report and
# the documents a text merely cites are not part of its implementation chain: FALLBACK_UP adds them
# only when nothing else leads up.
UP = ("eli:ensures_implementation_of", "eli:based_on", "pg:concerns", "eli:is_part_of", "eli:realizes",
      "pg:mentionsDocument", "pg:elaborates")
FALLBACK_UP = UP + ("pg:inReport", "eli:cites")
# The hop from a document to a measure that names it (the reverse of pg:mentionsDocument).
MENTIONED_BY = "mentioned by"
# Paths that end here are the answer; others are dead ends, kept only when there is nothing else.
ENDS = ("Regulation", "Document")
# A node typed several ways is reached as its most telling type (a regulation named in a report is
# also a pg:Document).
TYPE_PRIORITY = ("Regulation", "Article", "Measure", "Report", "Document")

Hop = tuple[str, str, str, str]  # (relation, target IRI, target label, target type)
Up = Callable[[str], Iterable[Hop]]


@dataclass(frozen=True)
class Path:
    """One path: ``start`` then ``hops``; ``end``/``end_type`` are the last hop's target and type."""

    start: str
    hops: tuple[Hop, ...]

    @property
    def end(self) -> str:
        return self.hops[-1][1]

    @property
    def end_type(self) -> str:
        return self.hops[-1][3]

    def nodes(self) -> list[str]:
        return [self.start] + [h[1] for h in self.hops]

    def text(self, start_label: str) -> str:
        """``label -[relation]-> label …`` as ``graphq trace`` prints it."""
        return start_label + "".join(f" -[{rel}]-> {label}" for rel, _, label, _ in self.hops)


def hops_from_rows(rows: Iterable[dict]) -> list[Hop]:
    """Rows ``{p, o, label, type}`` (full IRIs, one row per label and type) -> one hop per (p, o).

    Rows are put in one fixed order first, so the label and type chosen do not depend on the order
    a store sent them in; of several types the first of :data:`TYPE_PRIORITY` wins.

    >>> hops_from_rows([{"p": "x#cites", "o": "d", "label": "《法》", "type": "x#Document"},
    ...                 {"p": "x#cites", "o": "d", "label": "《法》", "type": "x#Regulation"}])
    [('cites', 'd', '《法》', 'Regulation')]
    """
    ordered = sorted(rows, key=lambda r: (r["p"], r["o"], r.get("type") or "", r.get("label") or ""))
    best: dict[tuple, Hop] = {}
    for r in ordered:
        key = (r["p"], r["o"])
        typ = local_name(r["type"]) if r.get("type") else ""
        old = best.get(key)
        if old and old[3] in TYPE_PRIORITY and (
                typ not in TYPE_PRIORITY or TYPE_PRIORITY.index(old[3]) <= TYPE_PRIORITY.index(typ)):
            continue
        best[key] = (local_name(r["p"]), r["o"], r.get("label") or local_name(r["o"]), typ)
    return list(best.values())


def walk(start: str, up: Up, max_hops: int = 8) -> list[tuple[Hop, ...]]:
    """Every path upward from ``start`` (rule 1), depth first, in the order ``up`` gives the hops.

    >>> walk("a", lambda n: {"a": [("r", "b", "B", "T"), ("r", "c", "C", "T")]}.get(n, []))
    [(('r', 'b', 'B', 'T'),), (('r', 'c', 'C', 'T'),)]
    """
    cache: dict[str, list[Hop]] = {}
    out: list[tuple[Hop, ...]] = []

    def nexts(n):
        if n not in cache:
            cache[n] = list(up(n))
        return cache[n]

    def step(n, path, seen):
        ahead = [h for h in nexts(n) if h[1] not in seen]
        if path and (not ahead or len(path) >= max_hops):
            out.append(path)
            return
        for h in ahead:
            step(h[1], path + (h,), seen | {h[1]})

    step(start, (), frozenset({start}))
    return out


def trace(start: str, up: Up, *, label: Callable[[str], str], fallback_up: Up | None = None,
          mentioned_by: Callable[[str], Iterable[str]] | None = None, max_hops: int = 8) -> list[Path]:
    """The paths of ``start`` under rules 1-4, sorted by length then text (as ``graphq trace`` lists them).

    ``up(node)`` gives the hops along :data:`UP`, ``fallback_up(node)`` along :data:`FALLBACK_UP`,
    ``mentioned_by(document)`` the measures naming a document and ``label(node)`` a node's label.
    """
    paths = [Path(start, hops) for hops in walk(start, up, max_hops)]
    if mentioned_by is not None and not any(p.end_type == "Regulation" for p in paths):
        for m in sorted(mentioned_by(start)):
            first: Hop = (MENTIONED_BY, m, label(m), "Measure")
            for hops in walk(m, up, max_hops - 1):
                if hops[-1][3] == "Regulation":  # the measure's other documents are not this chain
                    paths.append(Path(start, (first,) + hops))
    if not paths and fallback_up is not None:
        paths = [Path(start, hops) for hops in walk(start, fallback_up, max_hops)]
    ends = [p for p in paths if p.end_type in ENDS]
    paths = ends or paths
    first_label = label(start)
    paths.sort(key=lambda p: (len(p.hops), p.text(first_label)))
    return paths


def rows(paths: list[Path], start_label: str) -> list[dict]:
    """The rows ``graphq trace`` shows: start, path, hops, end, end_type."""
    return [{"start": p.start, "path": p.text(start_label), "hops": len(p.hops), "end": p.end,
             "end_type": p.end_type} for p in paths]


_ARTICLE_LABEL = re.compile(r"^第[一二三四五六七八九十百零〇\d]+条")


def node_label(backend, node: str) -> str:
    """The name a trace gives a node: its smallest label (the IRI's local name when it has none); an
    article is named with its regulation's title (第四条 alone could be an article of any of them)."""
    label = (sorted(backend.labels(node)) or [local_name(node)])[0]
    if not _ARTICLE_LABEL.match(label):
        return label
    reg = backend.regulations_of([node]).get(node)
    return f"{reg} {label}" if reg and not label.startswith(reg) else label


def _named_hops(backend, hops: list[Hop]) -> list[Hop]:
    """Hops with each article target named with its regulation, as :func:`node_label` names it."""
    regs = backend.regulations_of([h[1] for h in hops if h[3] == "Article"])
    return [(rel, o, f"{regs[o]} {label}" if o in regs and not label.startswith(regs[o]) else label, typ)
            for rel, o, label, typ in hops]


def store_paths(backend, start: str, max_hops: int = 8) -> list[Path]:
    """:func:`trace` of ``start`` read from a store's backend (``up_rows``, ``labels`` and
    ``measures_mentioning`` of :class:`~policygraph.stores.base.HelperFetches`): the paths
    ``graphq trace`` prints and the trace view draws.

    >>> from policygraph.stores.oxigraph import OxigraphStore
    >>> store_paths(OxigraphStore(None).backend(), "https://w3id.org/policygraph/id/nothing")
    []
    """
    def up(props):
        return lambda n: _named_hops(backend, hops_from_rows(backend.up_rows(n, list(props))))

    return trace(start, up(UP), label=lambda n: node_label(backend, n), fallback_up=up(FALLBACK_UP),
                 mentioned_by=backend.measures_mentioning, max_hops=max_hops)
