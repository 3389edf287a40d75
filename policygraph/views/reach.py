"""The nodes each view reads from a large store, found through the store's backend.

A view of a small graph reads the whole graph; on a large one it reads only the nodes it may draw
(:func:`policygraph.graphview.to_networkx` with ``nodes``), found here by the fetches of
:class:`~policygraph.stores.base.ViewFetches`, so the cost follows the view, not the store, and
every store (embedded, Neo4j, FalkorDB) finds the same nodes.

>>> from policygraph.stores.oxigraph import OxigraphStore
>>> sorted(focus_nodes(OxigraphStore(None).backend(), "https://w3id.org/policygraph/id/x", 2))
['https://w3id.org/policygraph/id/x']
"""

from __future__ import annotations

from policygraph.ontology.terms import local_name
from policygraph.views import select


def path_nodes(paths, start: str) -> set[str]:
    """Every node on ``paths`` (:class:`policygraph.tracing.Path`), and ``start``."""
    return {start}.union(*(p.nodes() for p in paths))


def coverage_nodes(backend, version: str) -> set[str]:
    """A regulation version, its parts down to the articles, and what implements any part.

    The parts are read a level at a time (bound first: 0.2 s for the 3,481 parts of 民法典, where
    one query with ``eli:has_part+`` takes 7 s). What lies below an article (its paragraphs and
    items) is walked for what implements it but not drawn.
    """
    keep, seen, below, frontier = {version}, {version}, set(), [version]
    while frontier:
        articles = set(backend.view_articles(frontier)) | below
        found = []
        for r in sorted(backend.view_parts(frontier), key=lambda r: (r["p"], r["n"])):
            if r["n"] not in seen:
                seen.add(r["n"])
                found.append(r["n"])
                (below if r["p"] in articles else keep).add(r["n"])
        frontier = sorted(found)
    return keep | set(backend.view_implementers(sorted(seen)))


def focus_nodes(backend, start: str, depth: int, limit: int = 5000) -> set[str]:
    """The nodes :func:`policygraph.views.select.focus` keeps around ``start``, read step by step."""

    def step(frontier):
        for r in backend.view_focus_step(frontier):
            if r["o"].startswith("http"):
                yield r["n"], local_name(r["p"]), r["o"], bool(r["out"]), bool(r["hub"])

    return set(select.focus_walk(start, depth, step, limit=limit))


def report_nodes(backend) -> set[str]:
    """Everything reports say, and the regulations (with their structure) they concern or implement.

    The structure is read a level at a time from the versions found (bound first, which a single
    query with a property path over the corpus does not get: seconds instead of milliseconds).
    """
    found = set(backend.view_report_nodes())
    versions = set()
    for r in backend.view_report_regulations():
        found |= {r["w"], r["v"]}
        versions.add(r["v"])
    parts = {r["n"] for r in backend.view_parts(sorted(versions))}
    below = {r["n"] for r in backend.view_parts(sorted(parts))}
    return found | parts | set(backend.view_articles(sorted(below)))
