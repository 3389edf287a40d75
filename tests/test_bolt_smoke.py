"""Bolt smoke tests: the official neo4j driver against FalkorDB's Bolt port, and against a real
Neo4j 5 when ``NEO4J_URI`` (with NEO4J_USER / NEO4J_PASSWORD) is set.

Parameters stay tiny on FalkorDB's Bolt layer: it crashed on a single parameter over ~4 KB.
"""

import os
import socket

import pyoxigraph as ox
import pytest

from policygraph.errors import ServerError
from policygraph.stores.neo4j import Neo4jStore

try:
    from test_projection import ART2, REG, sample_triples
except ImportError:  # tests/ imported as a package
    from tests.test_projection import ART2, REG, sample_triples

neo4j = pytest.importorskip("neo4j")


@pytest.mark.falkordb
def test_official_driver_reads_and_writes_falkordb_over_bolt(falkordb_bolt_server):
    driver = neo4j.GraphDatabase.driver(falkordb_bolt_server.bolt_url, auth=("falkordb", ""))
    try:
        driver.verify_connectivity()
        with driver.session() as session:
            rows = [{"iri": f"urn:x:{i}", "name": f"单位{i}"} for i in range(3)]
            session.execute_write(
                lambda tx: tx.run(
                    "UNWIND $rows AS row MERGE (n:Resource:Unit {iri: row.iri}) SET n.name = row.name",
                    rows=rows,
                ).consume()
            )
            got = session.run("MATCH (n:Unit) RETURN n.iri AS iri, n.name AS name ORDER BY iri").data()
            assert got == rows
            node = session.run("MATCH (n:Unit {iri: $iri}) RETURN n", iri="urn:x:1").single()["n"]
            assert dict(node) == {"iri": "urn:x:1", "name": "单位1"} and set(node.labels) == {
                "Resource",
                "Unit",
            }
    finally:
        driver.close()
        # FalkorDB 4.16 leaves the next Bolt connection after a GOODBYE hanging; see settle_bolt()
        assert falkordb_bolt_server.settle_bolt()


@pytest.mark.falkordb
def test_neo4j_store_refuses_falkordb_bolt_with_advice(falkordb_bolt_server):
    # FalkorDB announces itself as Neo4j/5.13 on Bolt; the store must still tell them apart
    assert falkordb_bolt_server.settle_bolt()
    with pytest.raises(ServerError, match="not Neo4j.*FalkorDBStore"):
        Neo4jStore(falkordb_bolt_server.bolt_url, user="falkordb", password="")
    assert falkordb_bolt_server.settle_bolt()


def _closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_neo4j_connection_refused_and_bad_scheme(monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "pw-not-shown")
    with pytest.raises(
        ServerError, match=r"cannot connect to Neo4j at bolt://127.0.0.1:\d+.*start it"
    ) as err:
        Neo4jStore(f"bolt://127.0.0.1:{_closed_port()}", connect_timeout=2)
    assert "pw-not-shown" not in str(err.value)
    with pytest.raises(ServerError, match="bolt://"):
        Neo4jStore("redis://127.0.0.1:6379")


@pytest.fixture()
def neo4j_store():
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        pytest.skip("NEO4J_URI not set: no Neo4j server to test against")
    store = Neo4jStore(uri, database=os.environ.get("NEO4J_DATABASE"))
    store.clear()
    yield store
    store.clear()
    store.close()


def test_neo4j_push_query_and_idempotence(neo4j_store):
    oxi = ox.Store()
    oxi.extend(ox.Quad(s, p, o) for s, p, o in sample_triples())
    result = neo4j_store.push(oxi, batch_size=2)
    assert (result["nodes"], result["relationships"]) == (7, 6)
    first = (neo4j_store.counts(), neo4j_store.relationship_counts())
    assert first[0]["Resource"] == 7 and first[1]["HAS_PART"] == 2
    neo4j_store.push(oxi)
    assert (neo4j_store.counts(), neo4j_store.relationship_counts()) == first
    rows = neo4j_store.query(
        "MATCH (r:Regulation {iri: $reg})-[:HAS_PART*1..4]->(a:Article) "
        "WHERE NOT (a)<-[:ENSURES_IMPLEMENTATION_OF]-(:Measure) RETURN a.iri AS article",
        reg=REG,
    )
    assert rows == [{"article": ART2}]
    assert "NEO4J_PASSWORD" not in repr(neo4j_store)
