"""Writing a store's graph out as RDF, streamed (no second copy of the graph in memory).

``ttl`` and ``nt`` are one graph: the union of every source's graph, each triple once (a
regulation's type stands in each of its versions' graphs). ``nq`` and ``trig`` keep the named
graphs, one per source document, which is what a reload of one file replaces. The store's own
bookkeeping (the per-graph digests) is left out of every format.

>>> from policygraph.stores.oxigraph import OxigraphStore
>>> from pyoxigraph import RdfFormat
>>> write(OxigraphStore(None), RdfFormat.N_QUADS, None)
b''
"""

from __future__ import annotations

from collections.abc import Callable

from pyoxigraph import RdfFormat, serialize

from ..ontology.terms import NAMESPACES, PG

# the union as distinct triples, evaluated by the store (a hash set in Rust, not in Python)
UNION = (f"SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
         f"FILTER(?p != <{PG.graphDigest}> && ?p != <{PG.sharedFacts}>) }}")  # bookkeeping left out
WITH_GRAPHS = (RdfFormat.N_QUADS, RdfFormat.TRIG)
STEP = 10_000  # quads between progress updates


def _counted(items, advance: Callable[[int], None] | None):
    n = 0
    for item in items:
        yield item
        n += 1
        if advance is not None and n == STEP:
            advance(n)
            n = 0
    if advance is not None and n:
        advance(n)


def write(store, fmt: RdfFormat, path=None, advance: Callable[[int], None] | None = None):
    """Serialise ``store`` (an :class:`~.oxigraph.OxigraphStore`) in ``fmt`` to ``path``, or
    return the bytes when ``path`` is None. ``advance(n)`` is told of every ``n`` quads written."""
    if fmt in WITH_GRAPHS:
        items = store.triples()
    else:
        items = store.union_triples()
    prefixes = {p: str(ns) for p, ns in NAMESPACES.items()} if fmt in (RdfFormat.TURTLE, RdfFormat.TRIG) else None
    out = str(path) if path is not None else None
    return serialize(_counted(items, advance), out, fmt, prefixes=prefixes)
