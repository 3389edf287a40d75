"""Glue between the API and the graph-database stores (Neo4j, FalkorDB).

``push`` copies the embedded graph's property-graph projection into a server; ``open_server``
returns a store whose writes go to the server. Credentials are passed through, never printed.
"""

from __future__ import annotations

from ..errors import ServerError


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


class ServerStore:
    """A server used as *the* store: writes push the projection of the new named graphs; query
    helpers run their Cypher implementations (``helper``)."""

    kind = "server"
    path = None

    def __init__(self, server):
        self.server = server

    def replace_graphs(self, graphs, **_):
        from .oxigraph import LoadResult

        quads = [q for qs in graphs.values() for q in qs]
        self.server.push(quads)
        return LoadResult(added=[g.value for g in graphs], quads=len(quads))

    def query_cypher(self, cypher, **params):
        return self.server.query(cypher, **params)

    def helper(self, name, pg, *args, **kwargs):
        try:
            from .cypher_queries import HELPERS
        except ImportError as exc:
            raise ServerError("query helpers on a server store need policygraph.stores.cypher_queries") from exc
        if name not in HELPERS:
            raise ServerError(f"{name} has no Cypher implementation yet")
        return HELPERS[name](self.server, *args, **kwargs)

    def select(self, *a, **k):
        raise ServerError("SPARQL needs the embedded store; on a server use graphq cypher")

    def flush(self):
        pass

    def close(self):
        self.server.close()


def open_server(*, neo4j=None, falkordb=None, database=None, graph="policygraph", user=None, password=None):
    return ServerStore(connect(neo4j=neo4j, falkordb=falkordb, database=database, graph=graph, user=user,
                               password=password))
