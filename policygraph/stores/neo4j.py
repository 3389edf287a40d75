"""Push the property-graph projection to Neo4j 5 and query it with Cypher.

Each batch is one explicit write transaction (``session.execute_write``, which also retries
transient errors; the MERGE statements make a retry harmless), so a failed push leaves whole
batches only. A unique constraint on ``(:Resource {iri})`` is created before the first load.

>>> store = Neo4jStore("neo4j://localhost:7687", database="neo4j")           # doctest: +SKIP
>>> store.push(oxigraph_store)                                                # doctest: +SKIP
{'nodes': 1234, 'relationships': 2345, 'batches': 14, 'seconds': 2.1}
>>> store.query("MATCH (m:Measure)-[:RESPONSIBLE_UNIT]->(u:Unit) RETURN u.label AS unit, count(m) AS n")
...                                                                           # doctest: +SKIP

Credentials come from ``user=``/``password=`` or ``NEO4J_USER``/``NEO4J_PASSWORD``; they are never
printed (``repr`` shows the address and database only). FalkorDB also answers on Bolt (and calls
itself Neo4j 5.13 there), but its Bolt layer lacks constraints and breaks on large parameters, so
it is refused here: use :class:`~policygraph.stores.falkordb.FalkorDBStore` for FalkorDB.
"""

from __future__ import annotations

import os
from contextlib import contextmanager

from ..errors import ServerError
from .cypher import NEO4J
from .graphserver import GraphServer

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class Neo4jStore(GraphServer):
    """A Neo4j 5 database holding the projection of the RDF graph (see :mod:`.projection`)."""

    product = "Neo4j"
    schemes = SCHEMES
    scheme_advice = ("must start with bolt://, neo4j://, bolt+s:// or neo4j+s:// "
                     "(for FalkorDB use FalkorDBStore with redis://)")
    dialect = NEO4J

    def __init__(self, uri: str = "neo4j://localhost:7687", user=None, password=None, database=None, *,
                 connect_timeout: float = 10.0):
        self.database = database
        super().__init__(uri, connect_timeout=connect_timeout, user=user, password=password)

    @property
    def uri(self) -> str:
        return self.address

    def _connect(self, address: str, *, connect_timeout: float, user=None, password=None) -> None:
        user = user if user is not None else os.environ.get("NEO4J_USER", "neo4j")
        password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
        import neo4j  # imported late: the package imports without the driver

        auth = (user, password) if password is not None else None
        self._driver = neo4j.GraphDatabase.driver(
            address, auth=auth, connection_timeout=connect_timeout, max_transaction_retry_time=15.0
        )
        self._driver.verify_connectivity()
        self._check_server()

    def __repr__(self) -> str:
        return f"Neo4jStore(uri={self.uri!r}, database={self.database!r})"

    # ------------------------------------------------------------------ errors
    def _check_server(self) -> None:
        """Neo4j 5 or later, and really Neo4j: FalkorDB's Bolt port claims to be Neo4j/5.13."""
        try:
            records, _, _ = self._driver.execute_query(
                "CALL dbms.components() YIELD name, versions RETURN name, versions", database_=self.database
            )
        except Exception as exc:
            if "neo4j.exceptions" in type(exc).__module__ and "auth" in type(exc).__name__.lower():
                raise
            raise ServerError(
                f"the Bolt server at {self.uri} is not Neo4j (no dbms.components(); FalkorDB?): "
                f"for FalkorDB use FalkorDBStore('redis://host:6379')"
            ) from None
        versions = [v for r in records if r["name"].startswith("Neo4j") for v in r["versions"]]
        if not versions:
            raise ServerError(f"the Bolt server at {self.uri} is not Neo4j: use Neo4j 5 or FalkorDBStore")
        major = int(versions[0].split(".")[0]) if versions[0].split(".")[0].isdigit() else 0
        if major < 5:
            raise ServerError(
                f"Neo4j {versions[0]} at {self.uri} is too old: policygraph needs Neo4j 5 or later"
            )

    def _server_error(self, exc: Exception) -> ServerError:
        """One line that says what happened and what to do; never contains the password."""
        from neo4j import exceptions as nx

        text = " ".join(str(exc).split())
        if isinstance(exc, nx.AuthError):
            return ServerError(
                f"Neo4j at {self.uri} refused the credentials: set NEO4J_USER and NEO4J_PASSWORD "
                f"(or user=/password=)"
            )
        if isinstance(exc, nx.ServiceUnavailable | nx.SessionExpired | OSError):
            return ServerError(
                f"cannot connect to Neo4j at {self.uri} ({text}): start it "
                f"(docker run -p 7687:7687 neo4j:5) or pass the right uri"
            )
        if "DatabaseNotFound" in text or "database does not exist" in text.lower():
            return ServerError(
                f"Neo4j at {self.uri} has no database {self.database!r}: create it or pass database="
            )
        if isinstance(exc, nx.ConfigurationError | ValueError):
            return ServerError(f"Neo4j at {self.uri}: {text}")
        return ServerError(f"Neo4j at {self.uri}: {text}")

    def _session(self):
        return self._driver.session(database=self.database)

    # ------------------------------------------------------------------ writing
    def setup(self) -> None:
        """Create the unique constraint on ``Resource.iri`` (idempotent: IF NOT EXISTS)."""
        for statement in self.dialect.setup:
            self._auto(statement)

    def _auto(self, statement: str, **params) -> None:
        # auto-commit: schema changes and CALL {} IN TRANSACTIONS cannot run in explicit transactions
        try:
            with self._session() as session:
                session.run(statement, params).consume()
        except Exception as exc:
            raise self._server_error(exc) from None

    @contextmanager
    def _transactions(self):
        # each batch is one explicit write transaction, retried on transient errors (MERGE makes a
        # retry harmless)
        def run(tx, statements):
            for statement, rows in statements:
                tx.run(statement, rows=rows).consume()

        with self._session() as session:
            yield lambda statements: session.execute_write(run, statements)

    def clear(self) -> None:
        """Delete every projected node (``:Resource``) and its relationships; other data stays."""
        for statement in self.dialect.clear:
            self._auto(statement)

    # ------------------------------------------------------------------ reading
    def query(self, cypher: str, **params) -> list[dict]:
        """Run Cypher with parameters; one dict per row, keyed by the RETURN column names.

        Nodes come back as their property dict plus ``_labels``, relationships plus ``_type``,
        paths as a list of those — the same shapes FalkorDBStore returns.
        """
        try:
            records, _, keys = self._driver.execute_query(cypher, parameters_=params, database_=self.database)
        except Exception as exc:
            raise self._server_error(exc) from None
        return [{k: _plain(record[k]) for k in keys} for record in records]

    def close(self) -> None:
        """Close the driver (idempotent)."""
        driver = getattr(self, "_driver", None)
        if driver is not None:
            try:
                driver.close()
            except Exception:
                pass  # closing a broken connection has nothing left to report


def _plain(value):
    """Driver objects -> plain Python values (same shapes as FalkorDBStore.query)."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {**dict(value), "_labels": sorted(value.labels)}
    if isinstance(value, Relationship):
        return {**dict(value), "_type": value.type}
    if isinstance(value, Path):
        items = [value.nodes[0]]
        for rel, node in zip(value.relationships, value.nodes[1:], strict=True):
            items += [rel, node]
        return [_plain(x) for x in items]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j.time values, should a user query return one
        return value.iso_format()
    return value
