"""Glue between the API and the graph-database stores (Neo4j, FalkorDB).

``push`` copies the embedded graph's property-graph projection into a server; ``open_server``
returns a :class:`ServerStore`, which makes the server *the* store: ``PolicyGraph.load`` writes to
it and every query helper reads from it (Cypher fetches in :mod:`.cypher_queries`). Credentials are
passed through, never printed.

How a server store keeps loads idempotent and replaceable
---------------------------------------------------------
Every source is one named graph (see :mod:`policygraph.build`). On the server, every node and every
relationship carries ``graphs``: the named graphs (IRIs) whose triples produced it, and one
bookkeeping node per named graph, ``(:PolicyGraphSource {iri, digest})`` (not a ``:Resource``, so
it is no part of the projection), holds the digest of the graph's triples. ``replace_graphs``:

1. skips graphs whose digest is unchanged (loading the same file twice writes nothing);
2. marks the others ``pending``, so that a load that fails half-way is redone on the next load;
3. removes the old facts of replaced graphs: their relationships, then nodes left with no graph;
4. pushes the projection of the new triples in batches (``UNWIND … MERGE``, parameters only),
   adding the graph to each node's and relationship's ``graphs``; then records the digests.

Limit, said plainly: properties and labels are per node, not per graph. A node shared by two
sources (a unit named by two reports) keeps the properties and labels the replaced graph gave it,
and a property set by two sources holds the value of the last one written (the embedded store
keeps both). Loading a batch of sources together merges their values as the embedded store does.
The descriptions of shared nodes (units, documents) a source states carry that source's graph, so
a node no source describes any more leaves with its last source, as it leaves the embedded store's
entities graph.

>>> import pyoxigraph as ox
>>> m, u = ox.NamedNode("urn:m"), ox.NamedNode("urn:u")
>>> nodes, rels = provenance({"urn:g1": [ox.Quad(m, ox.NamedNode("urn:p#responsibleUnit"), u)]})
>>> dict(nodes), dict(rels)
({'urn:m': {'urn:g1'}, 'urn:u': {'urn:g1'}}, {('urn:m', 'RESPONSIBLE_UNIT', 'urn:u'): {'urn:g1'}})
"""

from __future__ import annotations

import sys
import warnings
from collections import defaultdict

from ..errors import ServerError
from .base import Capabilities, LoadResult

SOURCE = "PolicyGraphSource"  # label of the bookkeeping node of each named graph
PENDING = "pending"  # digest of a graph whose write has not finished


class PendingGraphsWarning(UserWarning):
    """W-STORE-001: a server store answers while graphs a stopped load left half-written are pending."""


def connect(*, neo4j=None, falkordb=None, database=None, graph="policygraph", user=None, password=None):
    if neo4j:
        from .neo4j import Neo4jStore

        return Neo4jStore(neo4j, user=user, password=password, database=database)
    if falkordb:
        from .falkordb import FalkorDBStore

        return FalkorDBStore(falkordb, graph=graph or "policygraph", password=password)
    raise ServerError("give a server: --neo4j URI or --falkordb URL")


def push(store, *, batch_size=2000, progress=None, **server) -> dict:
    """Copy every triple of the embedded ``store`` into the server (batched, idempotent)."""
    target = connect(**server)
    try:
        return target.push(store.triples(), batch_size=batch_size, progress=progress)
    finally:
        target.close()


# ------------------------------------------------------------------ writing with provenance
def remove_graphs_statements() -> list[str]:
    """Remove the facts of the named graphs ``$gs``: relationships only they gave, then nodes only
    they gave (with any relationship left on them); the others just forget those graphs."""
    from .projection import RESOURCE as R

    mine = "any(g IN {v}.graphs WHERE g IN $gs)"
    only = "all(g IN {v}.graphs WHERE g IN $gs)"
    rest = "[g IN {v}.graphs WHERE NOT g IN $gs]"
    return [
        f"MATCH (:{R})-[r]->(:{R}) WHERE {mine.format(v='r')} AND {only.format(v='r')} DELETE r",
        f"MATCH (:{R})-[r]->(:{R}) WHERE {mine.format(v='r')} SET r.graphs = {rest.format(v='r')}",
        f"MATCH (n:{R}) WHERE {mine.format(v='n')} AND {only.format(v='n')} DETACH DELETE n",
        f"MATCH (n:{R}) WHERE {mine.format(v='n')} SET n.graphs = {rest.format(v='n')}",
    ]


def provenance(graphs: dict) -> tuple[dict, dict]:
    """Which named graphs produced each node (IRI) and each relationship ((s, TYPE, o))."""
    import pyoxigraph as ox

    from ..ontology.terms import RDF
    from .projection import relationship_type

    def key(term):
        if isinstance(term, ox.NamedNode):
            return term.value
        if isinstance(term, ox.BlankNode):
            return "_:" + term.value
        return None

    nodes: dict[str, set] = defaultdict(set)
    rels: dict[tuple, set] = defaultdict(set)
    for g, quads in graphs.items():
        for q in quads:
            s = key(q.subject)
            if s is None:
                continue
            nodes[s].add(g)
            o = key(q.object)
            if o is None or q.predicate.value == RDF.type:
                continue
            nodes[o].add(g)
            rels[(s, relationship_type(q.predicate.value), o)].add(g)
    return nodes, rels


class ServerStore:
    """A server used as *the* store: ``replace_graphs`` writes the projection with provenance (see
    the module docstring); ``backend()`` gives the Cypher fetches (:mod:`.cypher_queries`) that
    loading, linking and the query helpers read; ``cypher`` runs a user's Cypher. It holds no RDF
    triples and answers no SPARQL (see :attr:`capabilities`)."""

    path = None
    capabilities = Capabilities(cypher=True)

    def __init__(self, server, batch_size: int = 2000):
        self.server = server
        self.kind = repr(server)  # host and graph/database only, never the password
        self.batch_size = batch_size

    def __repr__(self) -> str:
        return f"ServerStore({self.kind})"

    def backend(self):
        """The Cypher fetches; warns (:class:`PendingGraphsWarning`) while graphs are pending."""
        from .cypher_queries import CypherBackend

        pending = self.pending()
        if pending:
            caller = sys._getframe(1)
            # warn_explicit without a registry: said on every answer, never de-duplicated
            warnings.warn_explicit(PendingGraphsWarning(
                f"W-STORE-001 {self.kind}: {len(pending)} graphs are pending (a load stopped half-way, e.g. "
                f"{pending[0]}): answers may lack their facts until loading the same sources completes them"),
                PendingGraphsWarning, caller.f_code.co_filename, caller.f_lineno)
        return CypherBackend(self.server)

    def pending(self) -> list[str]:
        """The named graphs a stopped load left half-written."""
        return sorted(r["iri"] for r in self.server.query(
            f"MATCH (g:{SOURCE}) WHERE g.digest = $p RETURN g.iri AS iri", p=PENDING))

    # ------------------------------------------------------------------ writing
    def digests(self) -> dict[str, str]:
        """Named graph IRI -> digest of its triples (``pending`` while a write is unfinished)."""
        return {r["iri"]: r["digest"] for r in self.server.query(
            f"MATCH (g:{SOURCE}) RETURN g.iri AS iri, g.digest AS digest")}

    def _set_digests(self, digests: dict[str, str]) -> None:
        rows = [{"iri": g, "digest": d} for g, d in digests.items()]
        self.server.query(f"UNWIND $rows AS row MERGE (g:{SOURCE} {{iri: row.iri}}) SET g.digest = row.digest",
                          rows=rows)

    def replace_graphs(self, graphs, *, shared=(), progress=None, **_):
        """Make each named graph's facts on the server those of the given quads (see module doc),
        and add the ``shared`` quads (descriptions of units and documents many sources name) under
        the entities graph, which is only ever added to.

        Returns a :class:`~policygraph.stores.base.LoadResult`. On failure raises a
        :class:`ServerError` saying what was written; loading the same sources again completes it.
        """
        from .oxigraph import graph_digest

        res = LoadResult()
        stored = self.digests()
        todo: dict[str, list] = {}
        digests: dict[str, str] = {}
        for g, quads in graphs.items():
            name = getattr(g, "value", g)
            # the entity descriptions a source states are its own facts here: provenance counts
            # the sources of each node, so replacing the last one removes the node
            quads = list(quads) + _shared_quads(quads)
            digest = graph_digest(quads)
            if stored.get(name) == digest:
                res.unchanged.append(name)
                continue
            (res.replaced if name in stored else res.added).append(name)
            todo[name], digests[name] = quads, digest
        shared = list(dict.fromkeys(shared))
        if shared and todo:  # MERGE is idempotent: shared facts already there change nothing
            from ..build import ENTITIES

            try:
                self._write({ENTITIES: shared}, progress)
            except ServerError as exc:
                raise ServerError(f"{self.kind}: writing the shared entity descriptions failed, no source "
                                  f"graph was changed: {exc}") from None
        if not todo:
            return res
        step = "marking the graphs pending"
        try:
            self._set_digests(dict.fromkeys(todo, PENDING))
            old = [g for g in todo if g in stored]
            if old:
                step = f"removing the old facts of {len(old)} replaced graphs"
                for statement in remove_graphs_statements():
                    self.server.query(statement, gs=old)
            step = "writing the new facts"
            self._write(todo, progress)
            step = "recording the graphs' digests"
            self._set_digests(digests)
        except ServerError as exc:
            raise ServerError(
                f"{self.kind}: loading {len(todo)} graphs ({len(res.added)} new, {len(res.replaced)} replaced) "
                f"stopped while {step}: {exc} — those graphs are marked pending on the server; loading "
                f"the same sources again replaces them") from None
        res.quads = sum(len(q) for q in todo.values())
        return res

    def _write(self, todo: dict[str, list], progress=None) -> dict:
        from .cypher import plan
        from .projection import project

        nodes, rels = project(q for quads in todo.values() for q in quads)
        batches = plan(nodes, rels, self.batch_size, graphs=provenance(todo))
        return self.server.send(batches, progress)

    def clear(self) -> None:
        """Remove everything the store holds on the server (projection and bookkeeping)."""
        self.server.clear()
        self.server.query(f"MATCH (g:{SOURCE}) DELETE g")

    # ------------------------------------------------------------------ reading
    def cypher(self, cypher: str, **params) -> list[dict]:
        """Run Cypher on the server, values as parameters (``$name``)."""
        return self.server.query(cypher, **params)

    def select(self, sparql: str, bindings=None) -> list[dict]:
        raise ServerError("SPARQL needs the embedded store; on a server use graphq cypher")

    def flush(self):
        pass

    def close(self):
        self.server.close()


def _shared_quads(quads) -> list:
    from ..graphtext import shared_quads

    return shared_quads(quads)


def open_server(*, neo4j=None, falkordb=None, database=None, graph="policygraph", user=None, password=None,
                batch_size: int = 2000):
    return ServerStore(connect(neo4j=neo4j, falkordb=falkordb, database=database, graph=graph, user=user,
                               password=password), batch_size=batch_size)
