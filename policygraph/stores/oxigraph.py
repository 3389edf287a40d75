"""The embedded default store: Oxigraph (pyoxigraph) on disk, no server.

Each source document lives in its own named graph, so loading is a *replacement* of that graph:
loading the same file twice changes nothing, and a changed file replaces exactly its old triples.
Writes are atomic: all quads are built before anything is written, small and replacing writes go
through one SPARQL update (a single transaction), and a large bulk write of new graphs is rolled back
(the new graphs dropped) if it fails. A second process opening the same store gets a
:class:`~policygraph.errors.StoreError` (Oxigraph holds a lock file), not corruption.

>>> store = OxigraphStore(None)            # in memory
>>> store.count()
0
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
)

from ..errors import StoreError
from ..ontology.terms import NAMESPACES, PG
from .base import Capabilities, LoadResult

ENV_VAR = "POLICYGRAPH_STORE"
BULK_THRESHOLD = 200_000  # quads; above this new graphs go through bulk_extend


def default_path() -> Path:
    """``$POLICYGRAPH_STORE`` if set, else ``~/.policygraph/store``."""
    env = os.environ.get(ENV_VAR)
    return Path(env).expanduser() if env else Path.home() / ".policygraph" / "store"


class OxigraphStore:
    """An RDF store in a folder (or in memory with ``path=None``)."""

    kind = "oxigraph"
    capabilities = Capabilities(sparql=True, triples=True, text_index=True)

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else None
        # Writes by this process bump it; no other process can write while we hold the store's lock,
        # so derived data synced at this generation is still current.
        self.generation = 0
        self._text_index = None
        try:
            if self.path is None:
                self._store = Store()
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = Store(str(self.path))
        except OSError as exc:
            msg = str(exc)
            if "lock" in msg.lower() or "resource temporarily unavailable" in msg.lower():
                raise StoreError(
                    f"the store {self.path} is in use by another process; wait for it to finish "
                    f"or use another store with --store PATH"
                ) from exc
            raise StoreError(f"cannot open the store {self.path}: {msg}") from exc

    # ------------------------------------------------------------------ writing
    def replace_graphs(self, graphs: Mapping[NamedNode, list[Quad]], *, shared: Iterable[Quad] = (),
                       bulk: bool | None = None) -> LoadResult:
        """Make each named graph hold exactly the given quads, and add the ``shared`` quads.

        ``shared`` are descriptions of nodes that many sources name (units, documents): they live
        once in their own graph and are only ever added to, so queries over the union of all graphs
        see each such fact once.

        Graphs that already hold the same triples are left alone. Everything else is written in one
        SPARQL update (a single transaction); when more than ``BULK_THRESHOLD`` quads are new they
        are bulk-loaded instead, and on failure the new graphs and shared quads are removed again.
        """
        res = LoadResult()
        new, changed, res.unchanged = self._split(graphs)
        extra = [q for q in dict.fromkeys(shared) if q not in self._store]
        total_new = sum(len(q) for q in new.values()) + len(extra)
        use_bulk = bulk if bulk is not None else total_new > BULK_THRESHOLD
        try:
            (self._bulk_write if use_bulk else self._update)(new, changed, extra)
        except OSError as exc:
            raise StoreError(f"writing to the store failed, nothing was changed: {exc}") from exc
        for g in new:
            if not self._store.contains_named_graph(g):
                self._store.add_graph(g)
        if new or changed or extra:
            self.generation += 1
        res.added = [g.value for g in new]
        res.replaced = [g.value for g in changed]
        res.quads = total_new + sum(len(q) for q in changed.values())
        return res

    def _split(self, graphs: Mapping[NamedNode, list[Quad]]):
        """(new graphs, changed graphs, names of unchanged graphs), each with its digest quad added."""
        new: dict[NamedNode, list[Quad]] = {}
        changed: dict[NamedNode, list[Quad]] = {}
        unchanged: list[str] = []
        stored = self.digests()
        for g, quads in graphs.items():
            # A digest of the graph's content, stored in the graph itself, tells "unchanged" without
            # reading the old triples back (which costs as much as writing them).
            digest = graph_digest(quads)
            quads = [*quads, Quad(g, _DIGEST, Literal(digest), g)]
            if g.value in stored or self._store.contains_named_graph(g):
                if stored.get(g.value) == digest:
                    unchanged.append(g.value)
                    continue
                changed[g] = quads
            else:
                new[g] = quads
        return new, changed, unchanged

    def _update(self, new, changed, extra) -> None:
        """Everything in one SPARQL update: a single transaction."""
        if changed or new or extra:
            self._store.update(self._replace_update(changed, new, extra))

    def _bulk_write(self, new, changed, extra) -> None:
        """Replaced graphs in one update, new ones bulk-loaded; on failure the new graphs and
        shared quads are removed again (they were not there before)."""
        if changed:
            self._store.update(self._replace_update(changed, {}))
        if not (new or extra):
            return
        try:
            self._store.bulk_extend([q for quads in new.values() for q in quads] + extra)
        except BaseException:
            for g in new:
                self._store.remove_graph(g)
            for q in extra:
                self._store.remove(q)
            raise

    def digests(self) -> dict[str, str]:
        """Named graph IRI -> digest of its triples (the entities graph, only added to, has none)."""
        rows = self._store.query(f"SELECT ?g ?d WHERE {{ GRAPH ?g {{ ?g {_DIGEST} ?d }} }}")
        return {r["g"].value: r["d"].value for r in rows}

    @staticmethod
    def _replace_update(changed: Mapping[NamedNode, list[Quad]], new: Mapping[NamedNode, list[Quad]],
                        extra: list[Quad] = ()) -> str:
        parts = [f"DROP SILENT GRAPH {g}" for g in changed]
        blocks = []
        by_graph: dict[NamedNode, list[Quad]] = {}
        for q in extra:
            by_graph.setdefault(q.graph_name, []).append(q)
        for g, quads in list(changed.items()) + list(new.items()) + list(by_graph.items()):
            body = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in quads)
            blocks.append(f"GRAPH {g} {{\n{body} .\n}}" if quads else "")
        insert = "\n".join(b for b in blocks if b)
        if insert:
            parts.append(f"INSERT DATA {{\n{insert}\n}}")
        return " ;\n".join(parts)

    def drop_graphs(self, graphs: Iterable[NamedNode]) -> None:
        """Remove named graphs in one transaction."""
        gs = [g for g in graphs if self._store.contains_named_graph(g)]
        if gs:
            self._store.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in gs))
            self.generation += 1

    # ------------------------------------------------------------------ reading
    def query(self, sparql: str, bindings: Mapping[str, object] | None = None):
        """Run SPARQL over the union of all graphs. ``bindings`` substitute variables safely
        (never by string formatting): ``{"unit": NamedNode(...)}`` or plain values — a string that
        starts with http(s):// binds as an IRI, other str/int/float/bool values as literals."""
        if bindings:
            sparql = inject_values(sparql, bindings)
        try:
            return self._store.query(sparql, use_default_graph_as_union=True, prefixes=_PREFIXES)
        except SyntaxError as exc:
            from ..errors import PolicyGraphError

            raise PolicyGraphError(f"invalid SPARQL: {exc}") from exc

    def select(self, sparql: str, bindings: Mapping[str, object] | None = None) -> list[dict]:
        """A SELECT as a list of dicts of Python values (str, int, float, bool; None if unbound)."""
        res = self.query(sparql, bindings)
        if not isinstance(res, QuerySolutions):
            raise TypeError("select() needs a SELECT query")
        names = [v.value for v in res.variables]
        return [{n: to_python(sol[n]) for n in names} for sol in res]

    def triples(self) -> Iterable[Quad]:
        """Every quad of the graph's content (the per-graph digests left out)."""
        return (q for q in self._store.quads_for_pattern(None, None, None, None) if q.predicate != _DIGEST)

    def graph_quads(self, graph: NamedNode) -> list[Quad]:
        return list(self._store.quads_for_pattern(None, None, None, graph))

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, NamedNode))

    def count(self) -> int:
        """Number of triples (the per-graph digests left out)."""
        return len(self._store) - sum(1 for _ in self._store.quads_for_pattern(None, _DIGEST, None, None))

    def dump(self, fmt: RdfFormat, path=None):
        """Serialise the union of all graphs (triples) in ``fmt``; returns bytes when path is None."""
        triples = (Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in self.triples())
        return _dump_triples(triples, fmt, path)

    @staticmethod
    def node(iri: str) -> NamedNode:
        return NamedNode(iri)

    def backend(self):
        """The SPARQL fetches, with search and timeline read from the derived index."""
        from .sparql_queries import SparqlBackend

        return SparqlBackend(self, index=self.text_index)

    def text_index(self):
        """The derived tables of ``search`` and ``timeline`` (created and kept in step on demand)."""
        if self._text_index is None:
            from .sparql_queries import timeline_sparql
            from .textindex import TextIndex

            side = None if self.path is None else self.path.with_name(self.path.name + ".search.sqlite")
            self._text_index = TextIndex(self, side, timeline_query=timeline_sparql(per_graph=True))
        return self._text_index

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    def close(self) -> None:
        self.flush()
        if self._text_index is not None:
            self._text_index.close()
            self._text_index = None
        self._store = None  # type: ignore[assignment]

    def union_triples(self):
        """The union of the graphs' content, each triple once (what ``export`` writes as ttl/nt)."""
        from pyoxigraph import Triple

        from .export import UNION

        return (Triple(r[0], r[1], r[2]) for r in self.raw.query(UNION))

    @property
    def raw(self) -> Store:
        """The underlying ``pyoxigraph.Store`` (for benchmarks and power users)."""
        return self._store


_DIGEST = NamedNode(PG.graphDigest)


def graph_digest(quads: Iterable[Quad]) -> str:
    """An order-independent SHA-1 of a graph's triples (graph names left out)."""
    lines = sorted(f"{q.subject} {q.predicate} {q.object}" for q in quads)
    return hashlib.sha1("\n".join(lines).encode("utf-8")).hexdigest()


def _dump_triples(quads, fmt, path):
    mem = Store()
    mem.bulk_extend(quads)
    if path is None:
        return mem.dump(format=fmt, from_graph=DefaultGraph())
    mem.dump(str(path), format=fmt, from_graph=DefaultGraph())
    return None


_PREFIXES = {p: str(ns) for p, ns in NAMESPACES.items()}


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def inject_values(sparql: str, bindings: Mapping[str, object]) -> str:
    """Bind variables by a ``VALUES`` block at the start of the WHERE group.

    Each value is serialised by pyoxigraph as an RDF term (escaped), never pasted as text, so a
    binding cannot change the query. Oxigraph's own ``substitutions`` need the variable in the
    projection; VALUES works for any variable and is joined first. Mind SPARQL's scoping: a FILTER
    inside a nested group (``{ … FILTER(?x) }`` in a UNION branch) does not see the bound variable;
    put such filters at the level of the WHERE group.

    >>> inject_values("SELECT ?m WHERE { ?m ?p ?u }", {"u": "市营商局"})
    'SELECT ?m WHERE { VALUES (?u) { ("市营商局") } ?m ?p ?u }'
    """
    names = list(bindings)
    for n in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n):
            raise ValueError(f"not a SPARQL variable name: {n!r}")
    row = " ".join(str(_as_term(bindings[n])) for n in names)
    block = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }} "
    m = _WHERE.search(sparql) or re.search(r"\{", sparql)
    if m is None:
        raise ValueError("cannot bind variables: the query has no WHERE group")
    return sparql[: m.end()] + " " + block + sparql[m.end():].lstrip()


def _as_term(v):
    """A binding as an RDF term: an ``http(s)://`` string is an IRI (nodes come back from queries
    as such strings), any other value a typed literal; pass ``pyoxigraph.Literal`` to force one."""
    if isinstance(v, (NamedNode, Literal, BlankNode)):
        return v
    if isinstance(v, str) and v.startswith(("http://", "https://")) and " " not in v:
        return NamedNode(v)
    from ..build import literal

    return literal(v)


_INT = {"http://www.w3.org/2001/XMLSchema#integer", "http://www.w3.org/2001/XMLSchema#int",
        "http://www.w3.org/2001/XMLSchema#long"}
_FLOAT = {"http://www.w3.org/2001/XMLSchema#decimal", "http://www.w3.org/2001/XMLSchema#double",
          "http://www.w3.org/2001/XMLSchema#float"}


def to_python(term):
    """A pyoxigraph term as a plain Python value: IRIs and strings as ``str``, numbers as numbers."""
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, Literal):
        dt = term.datatype.value
        if dt in _INT:
            return int(term.value)
        if dt in _FLOAT:
            f = float(term.value)
            return int(f) if f.is_integer() and dt.endswith("integer") else f
        if dt.endswith("#boolean"):
            return term.value == "true"
        return term.value
    if isinstance(term, BlankNode):
        return "_:" + term.value
    return str(term)


__all__ = ["OxigraphStore", "default_path", "to_python", "inject_values", "QueryTriples"]
