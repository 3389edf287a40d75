"""rdflib's in-memory ``Dataset`` behind the store interface the query helpers use.

A baseline for ``benchmarks/queries.py``, not a store for users: the same SPARQL the helpers send to
Oxigraph runs here on rdflib's pure-Python engine, so the two can be timed side by side. It is filled
by copying the quads of a built :class:`~policygraph.stores.oxigraph.OxigraphStore` (``from_oxigraph``)
rather than by re-reading files, so both hold exactly the same graph.

>>> from policygraph.stores.oxigraph import OxigraphStore
>>> RdflibStore.from_oxigraph(OxigraphStore(None)).count()
0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat
from rdflib.query import Result

from ..errors import PolicyGraphError
from ..ontology.terms import NAMESPACES
from .base import Capabilities, LoadResult
from .oxigraph import _FLOAT, _INT, inject_values

_INIT_NS = {p: rdflib.Namespace(str(ns)) for p, ns in NAMESPACES.items()}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_FORMATS = {RdfFormat.N_TRIPLES: "nt", RdfFormat.TURTLE: "turtle", RdfFormat.N_QUADS: "nquads"}


def to_rdflib(term):
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == _XSD_STRING:  # rdflib tells "x" from "x"^^xsd:string; SPARQL text writes the former
            return rdflib.Literal(term.value)
        # lexical form as is; rdflib parses it for its own comparisons
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(dt))
    return None  # the default graph


def to_python(term):
    """An rdflib term as the plain Python value :func:`policygraph.stores.oxigraph.to_python` gives."""
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return str(term)
    if isinstance(term, rdflib.BNode):
        return "_:" + str(term)
    if isinstance(term, rdflib.Literal):
        dt = str(term.datatype) if term.datatype is not None else ""
        text = str(term)
        if dt in _INT:
            return int(text)
        if dt in _FLOAT:
            f = float(text)
            return int(f) if f.is_integer() and dt.endswith("integer") else f
        if dt.endswith("#boolean"):
            return text in ("true", "1")
        return text
    return str(term)


class RdflibStore:
    """An rdflib ``Dataset`` whose default graph is the union of the named graphs."""

    kind = "rdflib"
    path = None
    capabilities = Capabilities(sparql=True, triples=True)

    def __init__(self):
        self._ds = rdflib.Dataset(default_union=True)

    @classmethod
    def from_oxigraph(cls, store) -> RdflibStore:
        """A copy of every quad of an :class:`OxigraphStore`, graph by graph."""
        out = cls()
        out._add(store.triples())
        return out

    def _add(self, quads: Iterable[Quad]) -> int:
        n = 0
        contexts: dict = {}
        for q in quads:
            g = q.graph_name
            key = g.value if isinstance(g, NamedNode) else None
            ctx = contexts.get(key)
            if ctx is None:
                ctx = contexts[key] = (self._ds.graph(rdflib.URIRef(key)) if key is not None
                                       else self._ds.default_context)
            ctx.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
            n += 1
        return n

    # ------------------------------------------------------------------ writing
    def replace_graphs(self, graphs: Mapping[NamedNode, list[Quad]], **_) -> LoadResult:
        """Make each named graph hold exactly the given quads (not atomic: a baseline only)."""
        res = LoadResult()
        for g, quads in graphs.items():
            ident = rdflib.URIRef(g.value)
            existed = ident in {c.identifier for c in self._ds.contexts()}
            if existed:
                self._ds.remove_graph(ident)
            res.quads += self._add(Quad(q.subject, q.predicate, q.object, g) for q in quads)
            (res.replaced if existed else res.added).append(g.value)
        return res

    # ------------------------------------------------------------------ reading
    def backend(self):
        """The SPARQL fetches (search and timeline scan the literals: there is no derived index)."""
        from .sparql_queries import SparqlBackend

        return SparqlBackend(self)

    def query(self, sparql: str, bindings: Mapping[str, object] | None = None) -> Result:
        """SPARQL over the union of all graphs; ``bindings`` as in ``OxigraphStore.query``."""
        if bindings:
            sparql = inject_values(sparql, bindings)
        try:
            return self._ds.query(sparql, initNs=_INIT_NS)
        except Exception as exc:  # pyparsing's ParseException and friends
            if type(exc).__name__ == "ParseException":
                raise PolicyGraphError(f"invalid SPARQL: {exc}") from exc
            raise

    def select(self, sparql: str, bindings: Mapping[str, object] | None = None) -> list[dict]:
        """A SELECT as a list of dicts of Python values (str, int, float, bool; None if unbound)."""
        res = self.query(sparql, bindings)
        if res.type != "SELECT":
            raise TypeError("select() needs a SELECT query")
        names = [str(v) for v in res.vars]
        return [{n: to_python(row[i]) for i, n in enumerate(names)} for row in res]

    def triples(self) -> Iterable[tuple]:
        """Every quad as an rdflib ``(s, p, o, graph)`` tuple."""
        return self._ds.quads((None, None, None, None))

    def count(self) -> int:
        return sum(1 for _ in self._ds.quads((None, None, None, None)))

    def dump(self, fmt: RdfFormat | str = RdfFormat.N_TRIPLES, path: str | Path | None = None):
        """Serialise the union of all graphs; returns bytes when ``path`` is None."""
        name = _FORMATS.get(fmt, fmt) if isinstance(fmt, RdfFormat) else fmt
        union = rdflib.Graph()
        for s, p, o, _ in self._ds.quads((None, None, None, None)):
            union.add((s, p, o))
        data = union.serialize(format=name, encoding="utf-8")
        if path is None:
            return data
        Path(path).write_bytes(data)
        return None

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self._ds = None  # type: ignore[assignment]


__all__ = ["RdflibStore", "to_rdflib", "to_python"]
