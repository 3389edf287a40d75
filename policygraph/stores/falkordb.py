"""Push the property-graph projection to a FalkorDB server and query it with Cypher.

FalkorDB speaks the Redis protocol; one graph is one Redis key (``graph=``). Every ``GRAPH.QUERY``
runs atomically (a failing query is rolled back), so one batch = one query = one transaction.

>>> store = FalkorDBStore("redis://127.0.0.1:6379", graph="policygraph")   # doctest: +SKIP
>>> store.push(oxigraph_store.quads_for_pattern(None, None, None, None))   # doctest: +SKIP
{'nodes': 1234, 'relationships': 2345, 'batches': 14, 'seconds': 0.8}
>>> store.query("MATCH (u:Unit) RETURN u.label AS unit LIMIT $n", n=3)      # doctest: +SKIP
[{'unit': '大连市营商环境建设局'}, ...]

The password comes from ``password=``, the URL (``redis://:secret@host:6379``) or the
``FALKORDB_PASSWORD`` environment variable; it is never printed (``repr`` shows host and graph only).
"""

from __future__ import annotations

import os
from contextlib import nullcontext
from urllib.parse import urlsplit

from ..errors import ServerError
from .cypher import FALKORDB
from .graphserver import GraphServer

SCHEMES = ("redis", "rediss", "falkor", "falkors")


class FalkorDBStore(GraphServer):
    """A FalkorDB graph holding the projection of the RDF graph (see :mod:`.projection`)."""

    product = "FalkorDB"
    schemes = SCHEMES
    scheme_advice = "must start with redis:// or rediss:// (for Neo4j use Neo4jStore with bolt:// or neo4j://)"
    dialect = FALKORDB

    def __init__(self, url: str = "redis://127.0.0.1:6379", graph: str = "policygraph", password=None, *,
                 connect_timeout: float = 10.0):
        self.graph_name = graph
        super().__init__(url, connect_timeout=connect_timeout, password=password)

    @property
    def url(self) -> str:
        return self.address

    def _connect(self, address: str, *, connect_timeout: float, password=None) -> None:
        password = password if password is not None else os.environ.get("FALKORDB_PASSWORD")
        from falkordb import FalkorDB  # imported late: the package imports without the client

        options = {"socket_connect_timeout": connect_timeout}
        if password and not urlsplit(address).password:
            options["password"] = password
        # the client asks the server for INFO in its constructor, so errors start here
        self._db = FalkorDB.from_url(address, **options)
        self._graph = self._db.select_graph(self.graph_name)
        self._db.connection.execute_command("GRAPH.LIST")

    def __repr__(self) -> str:
        return f"FalkorDBStore(url={self.url!r}, graph={self.graph_name!r})"

    # ------------------------------------------------------------------ errors
    def _server_error(self, exc: Exception) -> ServerError:
        """One line that says what happened and what to do; never contains the password."""
        import redis.exceptions as rx

        text = " ".join(str(exc).split())
        low = text.lower()
        if (
            isinstance(exc, rx.AuthenticationError)
            or "noauth" in low
            or "wrongpass" in low
            or "invalid password" in low
        ):
            return ServerError(
                f"FalkorDB at {self.url} refused the credentials: set FALKORDB_PASSWORD "
                f"(or password=) to the server's requirepass"
            )
        if isinstance(exc, rx.ConnectionError | rx.TimeoutError | OSError):
            return ServerError(
                f"cannot connect to FalkorDB at {self.url} ({text}): start it "
                f"(docker run -p 6379:6379 falkordb/falkordb) or pass the right url"
            )
        if "unknown command" in low and "graph." in low:
            return ServerError(
                f"the server at {self.url} is Redis without the FalkorDB module: "
                f"start it with --loadmodule falkordb.so or use the falkordb/falkordb image"
            )
        return ServerError(f"FalkorDB at {self.url}: {text}")

    def _run(self, cypher: str, params: dict | None = None):
        try:
            return self._graph.query(cypher, params or None)
        except Exception as exc:
            raise self._server_error(exc) from None

    # ------------------------------------------------------------------ writing
    def setup(self) -> None:
        """Create the ``Resource.iri`` index if missing (before a load, so MERGE finds nodes by it)."""
        for statement in self.dialect.setup:
            try:
                self._graph.query(statement)
            except Exception as exc:
                if not any(ok in str(exc) for ok in self.dialect.setup_ok_errors):
                    raise self._server_error(exc) from None

    def _transactions(self):
        # every GRAPH.QUERY runs atomically: one statement is one transaction
        def atomic(statements):
            for statement, rows in statements:
                self.query(statement, rows=rows)

        return nullcontext(atomic)

    def clear(self) -> None:
        """Delete the whole graph (its key), index included; ``push`` creates the index again."""
        try:
            self._graph.delete()
        except Exception as exc:
            if "empty key" not in str(exc):  # nothing to delete is fine
                raise self._server_error(exc) from None

    # ------------------------------------------------------------------ reading
    def query(self, cypher: str, **params) -> list[dict]:
        """Run Cypher with parameters; one dict per row, keyed by the RETURN column names.

        Nodes come back as their property dict plus ``_labels``, relationships plus ``_type``,
        paths as a list of those — the same shapes :class:`~.neo4j.Neo4jStore` returns.
        """
        result = self._run(cypher, params)
        columns = [name for _type, name in result.header] if result.header else []
        return [dict(zip(columns, (_plain(v) for v in row), strict=False)) for row in result.result_set]

    def close(self) -> None:
        """Close the connection pool (idempotent)."""
        db = getattr(self, "_db", None)
        if db is not None:
            try:
                db.connection.close()
            except Exception:
                pass  # closing a broken connection has nothing left to report


def _plain(value):
    """FalkorDB client objects -> plain Python values."""
    from falkordb import Edge, Node, Path

    if isinstance(value, Node):
        return {**value.properties, "_labels": sorted(value.labels or [])}
    if isinstance(value, Edge):
        return {**value.properties, "_type": value.relation}
    if isinstance(value, Path):
        return [
            _plain(x)
            for pair in zip(value.nodes(), value.edges() + [None], strict=False)
            for x in pair
            if x is not None
        ]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
