"""An RDF server as the store (stores/sparql_endpoint.py), on a real Virtuoso and on a synthetic endpoint.

The parity of every helper with the embedded store is in test_server_parity.py; here: what loading
writes (nothing for an unchanged file, whole graphs otherwise), that a failed or killed load leaves
the server's graphs as they were and a committed one is completed, export / validate / views /
``sparql`` on the server, the text index following other writers, and the errors (one line, naming
the URL, never the password). The synthetic endpoint (a local ``http.server``) plays the answers
a real server gives when it refuses.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner
from conftest import DATA, REPORT, ROOT, SOURCES

from policygraph import PolicyGraph
from policygraph.cli import main
from policygraph.errors import PolicyGraphError, ServerError
from policygraph.ontology.terms import PG
from policygraph.stores.sparql_endpoint import STAGING, SparqlEndpointStore
from policygraph.stores.sparql_http import Endpoint, ResultCut, query_form

OURS = "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/policygraph/') || STRSTARTS(STR(?g), 'urn:policygraph:'))"


def snapshot(store, staging: bool = True) -> set:
    """Every quad of the graphs policygraph writes (with or without the staging graphs)."""
    rows = store.select(f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {OURS} }}")
    return {tuple(r.values()) for r in rows if staging or not r["g"].startswith(STAGING)}


def classes(pg) -> dict[str, int]:
    """Nodes per class of the ontology, as the graph's stats count them (Virtuoso has classes of its own)."""
    return {c: n for c, n in pg.backend.class_counts().items() if c.startswith(str(PG))}


def staged(store) -> set:
    return {g for g, *_ in snapshot(store) if g.startswith(STAGING)}


@pytest.fixture
def server(virtuoso_server):
    """A PolicyGraph on the Virtuoso server, emptied before and after the test."""
    pg = PolicyGraph.open(sparql=virtuoso_server.sparql_url)
    pg.store.clear()
    yield pg
    pg.store.clear()
    pg.close()


@pytest.fixture
def half_report(tmp_path):
    """The Dalian report cut in half: same title, fewer measures (a changed file)."""
    text = REPORT.read_text(encoding="utf-8")
    short = tmp_path / REPORT.name
    short.write_text(text[: len(text) // 2], encoding="utf-8")
    return short


def test_the_store_declares_what_it_does(server):
    from policygraph.stores.base import Backend, Capabilities, Store

    assert isinstance(server.store, Store) and isinstance(server.backend, Backend)
    assert server.store.capabilities == Capabilities(sparql=True, triples=True, text_index=True)
    with pytest.raises(PolicyGraphError, match="cypher needs a server store"):
        server.cypher("MATCH (n) RETURN n")


# ------------------------------------------------------------------ loading
def test_reloading_unchanged_files_writes_nothing(server):
    first = server.load(SOURCES)
    assert first.result.added and first.result.quads > 0
    requests = dict(server.store.endpoint.requests)
    before = snapshot(server.store)
    again = server.load(SOURCES)
    assert again.result.added == again.result.replaced == [] and again.result.quads == 0
    after = server.store.endpoint.requests
    assert after["update"] == requests["update"] and after["graph_store"] == requests["graph_store"]
    assert snapshot(server.store) == before and not staged(server.store)


def test_a_changed_file_replaces_exactly_its_graphs(server, half_report):
    emb = PolicyGraph.open(memory=True)
    for pg in (emb, server):
        pg.load(SOURCES)
        assert pg.load([half_report]).result.replaced
    assert server.store.digests() == emb.store.digests()
    assert classes(server) == classes(emb)
    assert server.store.count() == emb.store.count()
    assert {(q.subject, q.predicate, q.object) for q in server.store.triples()} == \
        {(q.subject, q.predicate, q.object) for q in emb.store.triples()}


def test_writing_through_the_graph_store_protocol(virtuoso_server, embedded):
    pg = PolicyGraph.open(sparql=virtuoso_server.sparql_url, graph_store=virtuoso_server.graph_store_url)
    try:
        pg.store.clear()
        pg.load(SOURCES)
        assert pg.store.endpoint.requests["graph_store"] > 0
        assert classes(pg) == classes(embedded)
        assert pg.store.digests() == embedded.store.digests()
    finally:
        pg.store.clear()
        pg.close()


def test_small_batches_give_the_same_graph(virtuoso_server, embedded):
    store = SparqlEndpointStore(virtuoso_server.sparql_url, batch_triples=97, batch_bytes=20_000, switch_batch=3)
    pg = PolicyGraph(store)
    try:
        store.clear()
        pg.load(SOURCES)
        assert store.endpoint.requests["update"] > 8193 // 97
        assert classes(pg) == classes(embedded) and store.digests() == embedded.store.digests()
    finally:
        store.clear()


def test_a_failed_load_leaves_the_graphs_as_they_were(server, half_report, monkeypatch):
    server.load(SOURCES)
    before = snapshot(server.store)
    real = server.store.endpoint.update
    calls = []

    def failing(text):
        calls.append(text)
        if len(calls) == 2:
            raise ServerError("injected: the server went away")
        return real(text)

    monkeypatch.setattr(server.store.endpoint, "update", failing)
    with pytest.raises(ServerError, match="injected"):
        server.load([half_report])
    monkeypatch.undo()
    assert snapshot(server.store) == before  # staging graphs dropped again, nothing else touched
    assert server.load([half_report]).result.replaced


KILLED_LOAD = r"""
import sys, time
from policygraph import PolicyGraph
from policygraph.stores import sparql_http

real, staged = sparql_http.Endpoint.update, []
def update(self, text):
    real(self, text)
    if text.startswith("INSERT DATA") and "urn:policygraph:staging:" in text:
        staged.append(text)
        if len(staged) == 3:
            print("staging", flush=True)
            time.sleep(120)
sparql_http.Endpoint.update = update
pg = PolicyGraph.open(sparql=sys.argv[1], batch_triples=200)
pg.load(sys.argv[2:])
print("finished", flush=True)
"""


def test_a_load_killed_midway_leaves_the_graphs_as_they_were(server, virtuoso_server, half_report):
    server.load(SOURCES)
    before = snapshot(server.store)
    proc = subprocess.Popen([sys.executable, "-c", KILLED_LOAD, virtuoso_server.sparql_url, str(half_report)],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert proc.stdout.readline().strip() == "staging"
    finally:
        proc.kill()  # SIGKILL: no clean-up runs in the loader
        proc.wait(30)
    assert snapshot(server.store, staging=False) == before  # every real graph as it was
    assert staged(server.store)  # the killed load's staging graphs are left behind ...
    assert server.store.recover() == 0  # ... younger than stale_after: perhaps a load still running
    assert server.store.recover(stale_after=0) == 1
    assert snapshot(server.store) == before
    assert server.load([half_report]).result.replaced


def test_a_load_that_fails_after_its_commit_is_completed_by_recover(virtuoso_server, half_report, monkeypatch):
    emb = PolicyGraph.open(memory=True)
    store = SparqlEndpointStore(virtuoso_server.sparql_url, switch_batch=1)
    pg = PolicyGraph(store)
    try:
        store.clear()
        for g in (emb, pg):
            g.load(SOURCES)
        emb.load([half_report])
        real, moves = store.endpoint.update, []

        def failing(text):
            if text.startswith("MOVE"):
                moves.append(text)
                if len(moves) == 2:
                    raise ServerError("injected: the server went away")
            return real(text)

        monkeypatch.setattr(store.endpoint, "update", failing)
        with pytest.raises(ServerError, match="committed.*completes it"):
            pg.load([half_report])
        monkeypatch.undo()
        assert store.digests() != emb.store.digests() and staged(store)  # half switched
        assert store.recover(stale_after=0) == 1
        assert not staged(store)
        assert store.digests() == emb.store.digests() and classes(pg) == classes(emb)
    finally:
        store.clear()


# ------------------------------------------------------------------ reading
def test_sparql_export_validate_and_views_on_the_server(server, embedded, tmp_path):
    server.load(SOURCES)
    query = "SELECT ?m ?h WHERE { ?m pg:responsibleUnit ?u ; pg:heading ?h . ?u skos:prefLabel ?name }"
    got, want = server.sparql(query, name="大连市营商环境建设局"), embedded.sparql(query, name="大连市营商环境建设局")
    assert len(got) and sorted(got.itertuples(index=False)) == sorted(want.itertuples(index=False))
    assert server.sparql("ASK { ?m a pg:Measure }") is True
    assert len(server.sparql("CONSTRUCT { ?m a pg:Measure } WHERE { ?m a pg:Measure }")) == 19
    with pytest.raises(PolicyGraphError, match="invalid SPARQL"):
        server.sparql("SELECT ?s WHERE { ?s ?p }")
    import rdflib

    exported = rdflib.Graph().parse(data=server.export("nt").decode("utf-8"), format="nt")
    # triples, not quads: a catalogued version's type and title are stated by its text and its row
    triples = set(embedded.export("nt").decode("utf-8").splitlines())
    assert len(exported) == len(triples) == len(set(server.store.union_triples()))
    assert server.validate()[0] == embedded.validate()[0]
    G, H = server.to_networkx(), embedded.to_networkx()
    assert sorted(G.nodes) == sorted(H.nodes) and G.number_of_edges() == H.number_of_edges()
    page = server.view(coverage="优化营商环境条例", path=tmp_path / "cov.html")
    assert page.exists() and "优化营商环境条例" in page.read_text(encoding="utf-8")


def test_search_follows_other_writers(server, virtuoso_server, half_report):
    reader = PolicyGraph.open(sparql=virtuoso_server.sparql_url)
    try:
        assert reader.search("信用").empty
        server.load(SOURCES)
        found = reader.search("信用")  # written by another store object: the index syncs on digests
        assert len(found)
        server.load([half_report])
        assert len(reader.search("信用")) < len(found)
    finally:
        reader.close()


def test_cli_on_the_server(server, embedded, virtuoso_server):
    server.load(SOURCES)
    res = CliRunner().invoke(main, ["--sparql", virtuoso_server.sparql_url, "measures", "--unit", "市营商局",
                                    "--format", "json"])
    assert res.exit_code == 0, res.output
    want = json.loads(embedded.measures(unit="市营商局").to_json(orient="records", force_ascii=False))
    assert json.loads(res.stdout) == want and len(want) == 1
    res = CliRunner().invoke(main, ["--sparql-update", virtuoso_server.sparql_url, "units"])
    assert res.exit_code == 2 and "need --sparql URL" in res.output


# ------------------------------------------------------------------ a synthetic endpoint that refuses
class Synthetic(BaseHTTPRequestHandler):
    """Answers every request with the class's ``status``/``headers``/``body``; records what came."""

    status, body, delay, seen = 200, b"", 0.0, []

    def do_POST(self):  # noqa: N802 - http.server's name
        data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        type(self).seen.append((dict(self.headers), data))
        time.sleep(self.delay)
        body = self.body(data) if callable(self.body) else self.body
        self.send_response(self.status)
        for k, v in {"Content-Type": "application/sparql-results+xml", **self.headers_out}.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    headers_out: dict = {}

    def log_message(self, *args):
        pass


@pytest.fixture
def synthetic():
    Synthetic.status, Synthetic.headers_out, Synthetic.body, Synthetic.delay, Synthetic.seen = 200, {}, b"", 0.0, []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Synthetic)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/sparql"
    httpd.shutdown()
    httpd.server_close()


def boolean(value: bool) -> bytes:
    return (f'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            f"<boolean>{'true' if value else 'false'}</boolean></sparql>").encode()


@pytest.mark.parametrize("status,body,message", [
    (401, b"", "refused the credentials given"),
    (403, b"forbidden", "refused the query: the account may not do this"),
    (404, b"", "no SPARQL endpoint at"),
    (500, b"Virtuoso 42000 Error SR186:SECURITY: No permission to execute\n\nSPARQL query:\nASK {}",
     "may not do this"),
    (503, b"<html><body>down for maintenance</body></html>", "failed on the query .HTTP 503.: down for maintenance"),
])
def test_refusals_are_one_line_naming_the_url_not_the_password(synthetic, status, body, message):
    Synthetic.status, Synthetic.body = status, body
    url = synthetic.replace("http://", "http://analyst:pw-secret@")
    with pytest.raises(ServerError, match=message) as err:
        Endpoint(url).query("ASK {}")
    text = str(err.value)
    assert synthetic in text and "pw-secret" not in text and "\n" not in text


def test_credentials_answer_the_challenge(synthetic):
    Synthetic.status = 401
    Synthetic.headers_out = {"WWW-Authenticate": 'Basic realm="sparql"'}
    with pytest.raises(ServerError, match="refused the credentials"):
        Endpoint(synthetic, user="analyst", password="pw-secret").query("ASK {}")
    sent = [h.get("Authorization") for h, _ in Synthetic.seen]
    assert sent[0] is None and sent[1].startswith("Basic ")  # sent once asked, as HTTP auth does


def test_a_slow_endpoint_times_out(synthetic):
    Synthetic.delay, Synthetic.body = 1.0, boolean(True)
    with pytest.raises(ServerError, match=r"did not answer within 0.2 s"):
        Endpoint(synthetic, timeout=0.2).query("ASK {}")


def test_a_down_endpoint_is_one_line():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free_url = f"http://127.0.0.1:{s.getsockname()[1]}/sparql"  # closed again: nothing listens
    res = CliRunner().invoke(main, ["--sparql", free_url.replace("//", "//u:pw-secret@"), "measures"])
    assert res.exit_code == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: cannot reach the SPARQL endpoint {free_url}")
    assert "pw-secret" not in res.output


def test_a_cut_result_is_an_error_not_fewer_rows(synthetic):
    Synthetic.body = boolean(True)
    Synthetic.headers_out = {"X-SPARQL-MaxRows": "10000"}
    with pytest.raises(ResultCut, match="cut the result at 10000 rows"):
        Endpoint(synthetic).query("SELECT ?s WHERE { ?s ?p ?o }")


def test_an_endpoint_that_takes_no_updates_at_its_query_url_says_where(synthetic):
    Synthetic.status, Synthetic.body = 400, b"Not a query"
    with pytest.raises(ServerError, match="does not take updates at its query URL.*--sparql-update"):
        Endpoint(synthetic).update("INSERT DATA { <urn:s> <urn:p> <urn:o> }")
    assert Synthetic.seen[0][0]["Content-Type"].startswith("application/sparql-update")


def test_a_server_without_a_union_default_graph_is_refused(synthetic):
    Synthetic.body = staticmethod(lambda data: boolean(b"GRAPH" in data))  # named graphs hold data, the default graph none
    with pytest.raises(ServerError, match="union of its named graphs.*unionDefaultGraph"):
        SparqlEndpointStore(synthetic)


def test_query_forms_after_the_prologue():
    assert query_form("BASE <http://x/>\nPREFIX a: <http://x#> # select\nconstruct { } WHERE { }") == "CONSTRUCT"
    assert query_form("  DESCRIBE <urn:x>") == "DESCRIBE"
    with pytest.raises(PolicyGraphError, match="expected SELECT"):
        query_form("INSERT DATA { }")



def test_requests_are_cut_by_triples_and_by_bytes():
    from pyoxigraph import Literal, NamedNode, Quad

    from policygraph.stores.sparql_endpoint import chunks, insert_data

    long = Quad(NamedNode("urn:s"), NamedNode("urn:p"), Literal("条" * 300), NamedNode("urn:g"))  # ~920 bytes
    parts = [("urn:a", [long] * 5), ("urn:b", [long] * 2)]
    by_bytes = list(chunks(parts, None, 2000))
    assert [sum(len(lines) for _, lines in c) for c in by_bytes] == [2, 2, 2, 1]
    assert all(len(insert_data(c).encode()) < 2000 + 100 for c in by_bytes)
    assert [g for c in by_bytes for g, _ in c] == ["urn:a", "urn:a", "urn:a", "urn:b", "urn:b"]
    assert [sum(len(lines) for _, lines in c) for c in chunks(parts, 3, 10**6)] == [3, 3, 1]


def test_only_iri_bindings_are_written_into_the_patterns():
    from policygraph.stores.sparql_endpoint import inline_iris

    q = 'SELECT ?u WHERE { ?u skos:prefLabel ?n . ?u ?p ?o FILTER(?o != "?u") } ORDER BY ?u'
    out = inline_iris(q, {"u": "https://w3id.org/policygraph/id/unit/x", "n": "大连"})
    assert out.startswith("SELECT ?u WHERE { <https://w3id.org/policygraph/id/unit/x> skos:prefLabel ?n")
    assert out.endswith('FILTER(?o != "?u") } ORDER BY ?u')  # strings, the head and the modifiers untouched
    nested = "SELECT ?u WHERE { { SELECT ?u WHERE { ?u ?p ?o } } }"
    assert inline_iris(nested, {"u": "http://x/u"}) == nested


def test_digest_credentials_from_the_environment_on_virtuoso(server, virtuoso_server, embedded):
    server.load([DATA / "catalogue.csv"])
    url = virtuoso_server.base + "/sparql-auth"  # Virtuoso's endpoint behind HTTP Digest authentication
    env = {"POLICYGRAPH_SPARQL_USER": "dba", "POLICYGRAPH_SPARQL_PASSWORD": "dba"}
    res = CliRunner().invoke(main, ["--sparql", url, "sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?w a pg:Regulation }",
                                    "--format", "json"], env=env)
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == [{"n": classes(embedded)[PG.Regulation]}]
    res = CliRunner().invoke(main, ["--sparql", url, "units"], env={**env, "POLICYGRAPH_SPARQL_PASSWORD": "pw-wrong"})
    assert res.exit_code == 1 and "refused the credentials given" in res.stderr and "pw-wrong" not in res.output
