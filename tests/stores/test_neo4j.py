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
from policygraph.stores.projection import EXAMPLE_QUERIES

try:
    from test_projection import sample_triples
except ImportError:  # tests/ imported as a package
    from tests.test_projection import sample_triples

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


@pytest.mark.falkordb
def test_neo4j_store_code_paths_over_falkordb_bolt(falkordb_bolt_server, monkeypatch):
    """Neo4jStore's push/query/counts through a real Bolt server, with FalkorDB standing in for
    Neo4j (server check and index statement swapped; batch_size=1 keeps every parameter tiny).
    Both stores must return the same rows for the same Cypher."""
    from policygraph.stores import cypher
    from policygraph.stores.falkordb import FalkorDBStore

    monkeypatch.setattr(Neo4jStore, "_check_server", lambda self: None)
    monkeypatch.setattr(Neo4jStore, "dialect", cypher.FALKORDB)
    assert falkordb_bolt_server.settle_bolt()
    bolt = Neo4jStore(falkordb_bolt_server.bolt_url, user="falkordb", password="")
    redis = FalkorDBStore(falkordb_bolt_server.url, graph="bolt_check")
    bolt_graph = FalkorDBStore(falkordb_bolt_server.url, graph="falkordb")  # the graph Bolt works on
    try:
        redis.clear()
        bolt_graph.clear()
        assert bolt.push(sample_triples(), batch_size=1)["batches"] == 21
        redis.push(sample_triples())
        assert bolt.counts() == redis.counts() and bolt.counts()["Resource"] == 11
        for query, params in [
            ("MATCH p = (m:Measure)-[:RESPONSIBLE_UNIT]->(u:Unit) RETURN p, m, u.label AS unit", {}),
            (EXAMPLE_QUERIES["articles_without_measure"], {"title": "优化营商环境条例"}),
        ]:
            assert bolt.query(query, **params) == redis.query(query, **params)
        [row] = bolt.query("MATCH p = (m:Measure)-[r:RESPONSIBLE_UNIT]->(u:Unit) RETURN p")
        assert [x.get("_type") or x["_labels"] for x in row["p"]] == [
            ["Measure", "Resource"],
            "RESPONSIBLE_UNIT",
            ["Resource", "Unit"],
        ]
    finally:
        bolt.close()
        for store in (redis, bolt_graph):
            store.clear()
            store.close()
        falkordb_bolt_server.settle_bolt()


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
    assert (result["nodes"], result["relationships"]) == (11, 10)
    first = (neo4j_store.counts(), neo4j_store.relationship_counts())
    assert first[0]["Resource"] == 11 and first[1]["HAS_PART"] == 2
    neo4j_store.push(oxi)
    assert (neo4j_store.counts(), neo4j_store.relationship_counts()) == first
    rows = neo4j_store.query(EXAMPLE_QUERIES["articles_without_measure"], title="优化营商环境条例")
    assert rows == [{"article": 2, "label": "第二条"}]
    rows = neo4j_store.query(EXAMPLE_QUERIES["implementation_chain"], province="辽宁")
    assert [r["national"] for r in rows] == ["优化营商环境条例"]
    assert "NEO4J_PASSWORD" not in repr(neo4j_store)
