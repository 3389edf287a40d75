"""What the Neo4j and FalkorDB stores share: push = project + push_projection, counts, context use.

Subclasses implement ``setup``, ``push_projection``, ``clear``, ``query`` and ``close`` for their
server; everything written here is in terms of those.
"""

from __future__ import annotations

from collections.abc import Callable

from .cypher import COUNT_LABELS, COUNT_RELATIONSHIPS
from .projection import project, triples_of


class GraphServer:
    """Base of :class:`~.falkordb.FalkorDBStore` and :class:`~.neo4j.Neo4jStore`."""

    def push(self, triples, batch_size: int = 2000, progress: Callable[[int, int], None] | None = None) -> dict:
        """Upsert the projection of ``triples`` (or of a pyoxigraph ``Store``) in batches.

        Returns ``{"nodes", "relationships", "batches", "seconds"}`` (counts of the projection).
        Loading the same data twice changes nothing. On failure, raises
        :class:`~policygraph.errors.ServerError` saying how many batches were written; each batch is
        atomic, so none is half written. ``progress(done, total)`` gets rows written after each batch.
        """
        nodes, relationships = project(triples_of(triples))
        return self.push_projection(nodes, relationships, batch_size, progress)

    def push_projection(self, nodes, relationships, batch_size: int = 2000, progress=None) -> dict:
        raise NotImplementedError

    def query(self, cypher: str, **params) -> list[dict]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

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
