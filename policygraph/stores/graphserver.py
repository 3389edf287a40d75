"""What the Neo4j and FalkorDB connections share: the constructor, push, batched writes, counts.

A subclass says what differs for its server and nothing else: its URL ``schemes``, how to
``_connect``, how to turn a driver error into a one-line :class:`~policygraph.errors.ServerError`
(``_server_error``), how to run statements atomically (``_transactions``), ``setup``/``clear``
(from its :class:`~.cypher.Dialect`), ``query`` and ``close``.

>>> public_address("redis://:secret@127.0.0.1:6379")
'redis://127.0.0.1:6379'
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from urllib.parse import urlsplit

from ..errors import ServerError
from .cypher import COUNT_LABELS, COUNT_RELATIONSHIPS, Batch, Dialect, plan, write_batches
from .projection import RESOURCE, project, triples_of

# runs a list of (statement, rows) in one transaction
Atomic = Callable[[list[tuple[str, list]]], None]


def public_address(address: str) -> str:
    """``scheme://host:port`` of a server address: no user, password or path, so it can be shown."""
    parts = urlsplit(address)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname or 'localhost'}{port}"


class GraphServer:
    """Base of :class:`~.falkordb.FalkorDBStore` and :class:`~.neo4j.Neo4jStore`."""

    product: str = "server"  # Neo4j, FalkorDB: the name in messages
    schemes: tuple[str, ...] = ()
    scheme_advice: str = ""  # what to write instead, for a wrong scheme
    dialect: Dialect

    def __init__(self, address: str, *, connect_timeout: float = 10.0, **options):
        """Check the address, connect, and turn any failure into one :class:`ServerError` line that
        names the server (never the password) and says what to do."""
        if urlsplit(address).scheme not in self.schemes:
            raise ServerError(f"{self.product} address {public_address(address)!r} {self.scheme_advice}")
        self.address = public_address(address)
        try:
            self._connect(address, connect_timeout=connect_timeout, **options)
        except ServerError:
            self.close()
            raise
        except Exception as exc:
            self.close()
            raise self._server_error(exc) from None

    @property
    def label(self) -> str:
        """``Neo4j at bolt://host:7687``: how messages name this server."""
        return f"{self.product} at {self.address}"

    # ------------------------------------------------------------------ what a subclass provides
    def _connect(self, address: str, *, connect_timeout: float, **options) -> None:
        raise NotImplementedError

    def _server_error(self, exc: Exception) -> ServerError:
        return ServerError(f"{self.label}: {' '.join(str(exc).split())}")

    def _transactions(self) -> AbstractContextManager[Atomic]:
        raise NotImplementedError

    def setup(self) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def query(self, cypher: str, **params) -> list[dict]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # ------------------------------------------------------------------ written once
    def push(self, triples, batch_size: int = 2000, progress: Callable[[int, int], None] | None = None) -> dict:
        """Upsert the projection of ``triples`` (or of a pyoxigraph ``Store``) in batches.

        Returns ``{"nodes", "relationships", "batches", "seconds"}`` (counts of the projection).
        Loading the same data twice changes nothing. On failure, raises
        :class:`~policygraph.errors.ServerError` saying how many batches were written; each batch is
        atomic, so none is half written. ``progress(done, total)`` gets rows written after each batch.
        """
        nodes, relationships = project(triples_of(triples))
        return self.push_projection(nodes, relationships, batch_size, progress)

    def push_projection(self, nodes, relationships, batch_size: int = 2000,
                        progress: Callable[[int, int], None] | None = None) -> dict:
        """:meth:`push` for an already computed :func:`~.projection.project` result (project once,
        push to several servers)."""
        return self.send(plan(nodes, relationships, batch_size), progress)

    def send(self, batches: list[Batch], progress: Callable[[int, int], None] | None = None) -> dict:
        """Write planned batches (:func:`~.cypher.plan`), each in one transaction. Into a graph
        that holds nothing yet the batches CREATE instead of MERGE (the projection has each node
        and relationship once)."""
        self.setup()
        # nodes loaded earlier may lack a label they have now: only then is the relabel pass needed
        had_data = self.has_data()
        with self._transactions() as atomic:
            def write(batch: Batch) -> None:
                if not had_data and batch.create:  # an empty graph: every node and edge is new
                    atomic([(batch.create, batch.rows)])
                    return
                first = [(batch.relabel, batch.rows)] if had_data and batch.relabel else []
                atomic([*first, (batch.statement, batch.rows)])

            return write_batches(batches, write, server=self.label, progress=progress)

    def has_data(self) -> bool:
        """Whether any projected node is on the server."""
        return bool(self.query(f"MATCH (n:{RESOURCE}) RETURN 1 AS one LIMIT 1"))

    def counts(self) -> dict[str, int]:
        """Number of projected nodes per label (``Resource`` = all of them)."""
        return {row["label"]: row["count"] for row in self.query(COUNT_LABELS)}

    def relationship_counts(self) -> dict[str, int]:
        """Number of relationships per type."""
        return {row["type"]: row["count"] for row in self.query(COUNT_RELATIONSHIPS)}

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

