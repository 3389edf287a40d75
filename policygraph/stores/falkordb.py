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
from collections.abc import Callable
from urllib.parse import urlsplit

from policygraph.errors import ServerError
from policygraph.stores.cypher import FALKORDB, Batch, plan, write_batches
from policygraph.stores.graphserver import GraphServer
from policygraph.stores.projection import RESOURCE

SCHEMES = ("redis", "rediss", "falkor", "falkors")


def _public_url(url: str) -> str:
    # drop user:password@ so that the URL can appear in messages and repr
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"


class FalkorDBStore(GraphServer):
    """A FalkorDB graph holding the projection of the RDF graph (see :mod:`.projection`)."""

    dialect = FALKORDB

    def __init__(
        self,
        url: str = "redis://127.0.0.1:6379",
        graph: str = "policygraph",
        password=None,
        *,
        connect_timeout: float = 10.0,
    ):
        scheme = urlsplit(url).scheme
        if scheme not in SCHEMES:
            raise ServerError(
                f"FalkorDB URL {url.split('@')[-1]!r} must start with redis:// or rediss:// "
                f"(for Neo4j use Neo4jStore with bolt:// or neo4j://)"
            )
        self.url = _public_url(url)
        self.graph_name = graph
        password = password if password is not None else os.environ.get("FALKORDB_PASSWORD")
        from falkordb import FalkorDB  # imported late: the package imports without the client

        options = {"socket_connect_timeout": connect_timeout}
        if password and not urlsplit(url).password:
            options["password"] = password
        try:
            # the client asks the server for INFO in its constructor, so errors start here
            self._db = FalkorDB.from_url(url, **options)
            self._graph = self._db.select_graph(graph)
            self._db.connection.execute_command("GRAPH.LIST")
        except Exception as exc:
            raise self._server_error(exc) from None

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


    def push_projection(
        self, nodes, relationships, batch_size: int = 2000, progress: Callable[[int, int], None] | None = None
    ) -> dict:
        """:meth:`push` for an already computed :func:`~.projection.project` result (project once,
        push to several servers)."""
        batches = plan(nodes, relationships, batch_size)
        self.setup()
        # nodes loaded earlier may lack a label they have now: only then is the relabel pass needed
        graph_had_data = bool(self._run(f"MATCH (n:{RESOURCE}) RETURN 1 LIMIT 1").result_set)

        def write(batch: Batch) -> None:
            params = {"rows": batch.rows}
            if graph_had_data and batch.relabel:
                self._graph.query(batch.relabel, params)
            self._graph.query(batch.statement, params)

        return write_batches(batches, write, server=f"FalkorDB at {self.url}", progress=progress)

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
