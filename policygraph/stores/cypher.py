"""The Cypher both graph servers run, written once, and the batched writer that sends it.

Only what differs between Neo4j 5 and FalkorDB lives in a :class:`Dialect` (index statements,
how to clear). FalkorDB has no ``CREATE CONSTRAINT``, no ``IF NOT EXISTS``, no named indexes, no
``elementId()``, no ``shortestPath`` and no APOC, so the shared statements use none of them.

Values always travel as parameters (``$rows``); only labels and relationship types, which Cypher
cannot parameterise, are written into the text, and those come from
:mod:`policygraph.stores.projection` reduced to ``[0-9A-Za-z_]`` and backtick-quoted here.

>>> merge_nodes(("Article",))
'UNWIND $rows AS row MERGE (n:`Article`:`Resource` {iri: row.iri}) SET n += row.props'
>>> merge_relationships("HAS_PART")
'UNWIND $rows AS row MATCH (a:`Resource` {iri: row.s}) MATCH (b:`Resource` {iri: row.o}) MERGE (a)-[:`HAS_PART`]->(b)'
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby

from policygraph.errors import ServerError
from policygraph.stores.projection import RESOURCE, Node, Relationship


@dataclass(frozen=True)
class Dialect:
    """What one server needs said differently.

    ``setup`` runs before every load (the index must exist before the first MERGE, or each MERGE
    scans all nodes); errors containing one of ``setup_ok_errors`` mean "already there".
    """

    name: str
    setup: tuple[str, ...]
    setup_ok_errors: tuple[str, ...] = ()
    clear: tuple[str, ...] = ()


NEO4J = Dialect(
    name="Neo4j 5",
    setup=(f"CREATE CONSTRAINT resource_iri IF NOT EXISTS FOR (n:{RESOURCE}) REQUIRE n.iri IS UNIQUE",),
    # deletes in chunks inside an auto-commit transaction, so a big graph does not need one huge
    # transaction; only projected nodes (:Resource) go, other data in the database stays
    clear=(f"MATCH (n:{RESOURCE}) CALL {{ WITH n DETACH DELETE n }} IN TRANSACTIONS OF 10000 ROWS",),
)
FALKORDB = Dialect(
    name="FalkorDB",
    setup=(f"CREATE INDEX FOR (n:{RESOURCE}) ON (n.iri)",),
    setup_ok_errors=("already indexed",),
    clear=(),  # the store deletes the whole graph key (GRAPH.DELETE), which is instant
)

COUNT_LABELS = (
    f"MATCH (n:{RESOURCE}) UNWIND labels(n) AS label RETURN label, count(*) AS count ORDER BY label"
)
COUNT_RELATIONSHIPS = (
    f"MATCH (:{RESOURCE})-[r]->(:{RESOURCE}) RETURN type(r) AS type, count(*) AS count ORDER BY type"
)


def quote(name: str) -> str:
    """Backtick-quote a label or relationship type (a backtick inside is doubled, per Cypher)."""
    return "`" + name.replace("`", "``") + "`"


def _record_graphs(var: str) -> str:
    # add the row's named graphs to the element's list, once each (server stores' provenance)
    return f" SET {var}.graphs = coalesce([x IN {var}.graphs WHERE NOT x IN row.graphs], []) + row.graphs"


def merge_nodes(labels: tuple[str, ...], *, graphs: bool = False) -> str:
    """Upsert a batch of nodes that share one label set; with ``graphs``, also add each row's
    ``graphs`` (the named graphs it came from) to the node's.

    Every label sits inside the MERGE pattern: measured about 7x faster on FalkorDB than
    ``MERGE (n:Resource {iri}) SET n:Label``. ``SET n += row.props`` adds or replaces the given
    properties and keeps others, so a second load of the same data changes nothing.
    """
    # Resource goes LAST: FalkorDB 4.16 plans `(n:Resource:Article {iri})` on a graph where
    # Article does not exist yet as a label scan of Resource plus a filter, caches that plan, and
    # the load turns quadratic; with Resource last it always uses the iri index.
    pattern = "".join(":" + quote(x) for x in (*labels, RESOURCE))
    statement = f"UNWIND $rows AS row MERGE (n{pattern} {{iri: row.iri}}) SET n += row.props"
    return statement + (_record_graphs("n") if graphs else "")


def create_nodes(labels: tuple[str, ...], *, graphs: bool = False) -> str:
    """:func:`merge_nodes` for a graph known to hold none of the rows (a first load): CREATE needs no
    look-up of the node first, the cost that bounds MERGE (see benchmarks/falkordb_shapes.py).

    >>> create_nodes(("Unit",))
    'UNWIND $rows AS row CREATE (n:`Unit`:`Resource` {iri: row.iri}) SET n += row.props'
    """
    pattern = "".join(":" + quote(x) for x in (*labels, RESOURCE))
    statement = f"UNWIND $rows AS row CREATE (n{pattern} {{iri: row.iri}}) SET n += row.props"
    return statement + (" SET n.graphs = row.graphs" if graphs else "")


def create_relationships(rel_type: str, *, graphs: bool = False) -> str:
    """:func:`merge_relationships` for relationships known to be new (a first load)."""
    r = quote(RESOURCE)
    head = f"UNWIND $rows AS row MATCH (a:{r} {{iri: row.s}}) MATCH (b:{r} {{iri: row.o}}) "
    return head + f"CREATE (a)-[r:{quote(rel_type)}]->(b)" + (" SET r.graphs = row.graphs" if graphs else "")


def add_labels(labels: tuple[str, ...]) -> str:
    """Give existing nodes of a batch the labels they lack, so that :func:`merge_nodes` matches them.

    Without it, a node loaded earlier with fewer types would not match the MERGE pattern: FalkorDB
    would create a duplicate, Neo4j would reject the batch on the unique constraint.
    """
    missing = " OR ".join(f"NOT n:{quote(x)}" for x in labels)
    set_labels = "".join(":" + quote(x) for x in labels)
    return (
        f"UNWIND $rows AS row MATCH (n:{quote(RESOURCE)} {{iri: row.iri}}) WHERE {missing} SET n{set_labels}"
    )


def merge_relationships(rel_type: str, *, graphs: bool = False) -> str:
    """Upsert a batch of relationships of one type between nodes already written; with ``graphs``,
    also record each row's named graphs on the relationship.

    >>> merge_relationships("HAS_PART", graphs=True).split("MERGE ")[1]
    '(a)-[r:`HAS_PART`]->(b) SET r.graphs = coalesce([x IN r.graphs WHERE NOT x IN row.graphs], []) + row.graphs'
    """
    r = quote(RESOURCE)
    head = f"UNWIND $rows AS row MATCH (a:{r} {{iri: row.s}}) MATCH (b:{r} {{iri: row.o}}) "
    if graphs:
        return head + f"MERGE (a)-[r:{quote(rel_type)}]->(b)" + _record_graphs("r")
    return head + f"MERGE (a)-[:{quote(rel_type)}]->(b)"


@dataclass(frozen=True)
class Batch:
    """One write: a statement and its ``$rows``. ``kind`` is ``"nodes"`` or ``"relationships"``."""

    kind: str
    statement: str
    rows: list
    relabel: str | None = None  # run first when the graph already held data
    create: str | None = None  # the statement when the graph held nothing (CREATE, no look-up)


def plan(nodes: Iterable[Node], relationships: Iterable[Relationship], batch_size: int = 2000, *,
         graphs: tuple[dict, dict] | None = None) -> list[Batch]:
    """Cut a projection into batches: all nodes first (grouped by label set), then relationships
    (grouped by type), so every relationship finds both endpoints.

    ``graphs``: ``(node IRI -> named graphs, (s, TYPE, o) -> named graphs)`` (see
    :func:`policygraph.stores.server.provenance`); the rows then carry them and the statements
    record them.

    >>> from policygraph.stores.projection import Node, Relationship
    >>> [b.kind for b in plan([Node("a", ("Unit",), {}), Node("b", (), {})], [Relationship("a", "X", "b")])]
    ['nodes', 'nodes', 'relationships']
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    node_graphs, rel_graphs = graphs or (None, None)
    batches: list[Batch] = []
    for labels, group in groupby(sorted(nodes, key=lambda n: n.labels), key=lambda n: n.labels):
        rows = [{"iri": n.iri, "props": n.props} for n in group]
        if node_graphs is not None:
            rows = [{**row, "graphs": sorted(node_graphs[row["iri"]])} for row in rows]
        statement = merge_nodes(labels, graphs=node_graphs is not None)
        create = create_nodes(labels, graphs=node_graphs is not None)
        relabel = add_labels(labels) if labels else None
        for i in range(0, len(rows), batch_size):
            batches.append(Batch("nodes", statement, rows[i : i + batch_size], relabel, create))
    for rel_type, group in groupby(sorted(relationships, key=lambda r: r.type), key=lambda r: r.type):
        rows = [{"s": r.start, "o": r.end} for r in group]
        if rel_graphs is not None:
            rows = [{**row, "graphs": sorted(rel_graphs[(row["s"], rel_type, row["o"])])} for row in rows]
        statement = merge_relationships(rel_type, graphs=rel_graphs is not None)
        create = create_relationships(rel_type, graphs=rel_graphs is not None)
        for i in range(0, len(rows), batch_size):
            batches.append(Batch("relationships", statement, rows[i : i + batch_size], create=create))
    return batches


def write_batches(
    batches: list[Batch],
    write: Callable[[Batch], None],
    *,
    server: str,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Send ``batches`` one by one through ``write`` (which runs one batch atomically).

    ``progress(done, total)`` is called after each batch with rows written so far. On failure the
    batches already written stay (each is idempotent, so pushing again completes the load) and the
    ServerError says how many there were.
    """
    start = time.perf_counter()
    total = sum(len(b.rows) for b in batches)
    done_rows = 0
    for number, batch in enumerate(batches):
        try:
            write(batch)
        except Exception as exc:  # driver errors differ per server; the message is what matters
            raise ServerError(_failed(server, number, len(batches), exc)) from exc
        done_rows += len(batch.rows)
        if progress is not None:
            progress(done_rows, total)
    counts = {"nodes": 0, "relationships": 0}
    for batch in batches:
        counts[batch.kind] += len(batch.rows)
    return {**counts, "batches": len(batches), "seconds": round(time.perf_counter() - start, 3)}


def _failed(server: str, number: int, total: int, exc: Exception) -> str:
    reason = " ".join(str(exc).split()) or type(exc).__name__
    reason = reason.removeprefix(f"{server}: ")  # a ServerError from the server's query() names it already
    return (
        f"{server}: push stopped at batch {number + 1} of {total}: {reason}; "
        f"{number} batches were written and no half-written batch remains (each runs in one "
        f"transaction); pushing again is safe and completes the load"
    )
