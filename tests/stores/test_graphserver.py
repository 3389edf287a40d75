"""What both graph servers share, tested on a fake server: the constructor's checks and error
lines, batched writes in transactions, relabelling only when the graph held data; and the
statements with provenance that server stores write."""

from contextlib import nullcontext

import pytest

from policygraph.errors import ServerError
from policygraph.stores import cypher
from policygraph.stores.graphserver import GraphServer, public_address
from policygraph.stores.projection import Node, Relationship


class FakeServer(GraphServer):
    product = "Fake"
    schemes = ("fake",)
    scheme_advice = "must start with fake://"
    dialect = cypher.FALKORDB

    def __init__(self, address="fake://u:secret@host:1", fail=None, data=False):
        self.fail, self.data, self.closed, self.sent = fail, data, False, []
        super().__init__(address, connect_timeout=1)

    def _connect(self, address, *, connect_timeout):
        if self.fail:
            raise self.fail

    def _server_error(self, exc):
        return ServerError(f"cannot connect to {self.label}: {exc}")

    def _transactions(self):
        return nullcontext(self.sent.append)

    def setup(self):
        pass

    def query(self, cypher_text, **params):
        return [{"one": 1}] if self.data and "LIMIT 1" in cypher_text else []

    def close(self):
        self.closed = True


def test_the_address_is_shown_without_credentials():
    assert public_address("bolt+s://neo4j:pw@db.example.org:7687/x") == "bolt+s://db.example.org:7687"
    server = FakeServer()
    assert server.label == "Fake at fake://host:1" and "secret" not in server.label


def test_a_wrong_scheme_says_what_to_write():
    with pytest.raises(ServerError, match=r"Fake address 'redis://host:6379' must start with fake://"):
        FakeServer("redis://host:6379")


def test_a_failed_connection_closes_and_is_one_server_error():
    with pytest.raises(ServerError, match="cannot connect to Fake at fake://host:1: refused") as err:
        FakeServer(fail=OSError("refused"))
    assert "secret" not in str(err.value)


def test_each_batch_is_one_transaction_and_relabels_only_existing_data():
    nodes = [Node("a", ("Unit",), {}), Node("b", ("Unit",), {})]
    fresh = FakeServer()
    fresh.push_projection(nodes, [Relationship("a", "X", "b")], batch_size=1)
    assert [len(t) for t in fresh.sent] == [1, 1, 1]  # nothing to relabel on an empty graph
    loaded = FakeServer(data=True)
    loaded.push_projection(nodes, [], batch_size=2)
    [transaction] = loaded.sent
    assert [s for s, _ in transaction] == [cypher.add_labels(("Unit",)), cypher.merge_nodes(("Unit",))]


def test_a_plan_with_provenance_carries_and_records_the_graphs():
    nodes = [Node("a", ("Unit",), {"label": "局"}), Node("b", (), {})]
    rels = [Relationship("a", "RESPONSIBLE_UNIT", "b")]
    graphs = ({"a": {"g1"}, "b": {"g2", "g1"}}, {("a", "RESPONSIBLE_UNIT", "b"): {"g1"}})
    batches = cypher.plan(nodes, rels, graphs=graphs)
    assert [b.rows for b in batches] == [[{"iri": "b", "props": {}, "graphs": ["g1", "g2"]}],
                                          [{"iri": "a", "props": {"label": "局"}, "graphs": ["g1"]}],
                                          [{"s": "a", "o": "b", "graphs": ["g1"]}]]
    assert all("row.graphs" in b.statement for b in batches)
    assert "graphs" not in cypher.plan(nodes, rels)[0].statement  # a plain push records none
