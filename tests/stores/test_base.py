"""The Store and Backend protocols: every store declares what it can do, both backends answer every
fetch with the same signature, and nothing sniffs a store with hasattr."""

import ast
import inspect
from pathlib import Path

import pytest

from policygraph.stores.base import (
    Backend,
    Capabilities,
    HelperFetches,
    LoadFetches,
    LookupFetches,
    Store,
    ViewFetches,
    fetch_names,
)
from policygraph.stores.cypher_queries import CypherBackend
from policygraph.stores.oxigraph import OxigraphStore
from policygraph.stores.rdflib_store import RdflibStore
from policygraph.stores.server import ServerStore
from policygraph.stores.sparql_queries import SparqlBackend

PACKAGE = Path(__file__).resolve().parents[2] / "policygraph"


@pytest.mark.parametrize("backend", [SparqlBackend, CypherBackend])
def test_every_fetch_has_the_protocols_signature(backend):
    for name in fetch_names():
        want = inspect.signature(getattr(Backend, name))
        got = inspect.signature(getattr(backend, name))
        assert list(got.parameters) == list(want.parameters), f"{backend.__name__}.{name}{got} != {want}"


def test_the_backend_is_the_union_of_who_reads_it():
    parts = [set(fetch_names(p)) for p in (HelperFetches, LookupFetches, LoadFetches, ViewFetches)]
    assert set.union(*parts) == set(fetch_names()) and sum(map(len, parts)) == len(fetch_names())


def test_stores_declare_their_capabilities():
    embedded = OxigraphStore(None)
    assert isinstance(embedded, Store) and isinstance(embedded.backend(), Backend)
    assert embedded.capabilities == Capabilities(sparql=True, triples=True, text_index=True, sessions=True)
    rdflib = RdflibStore.from_oxigraph(embedded)
    assert isinstance(rdflib, Store) and rdflib.capabilities.sparql and not rdflib.capabilities.text_index
    assert isinstance(rdflib.backend(), Backend)
    assert ServerStore.capabilities == Capabilities(cypher=True)


def test_server_store_backend_is_cypher():
    class Fake:
        def query(self, cypher, **params):
            return []

    store = ServerStore(Fake())
    assert isinstance(store, Store) and isinstance(store.backend(), CypherBackend)
    assert store.backend().reports() == []


def test_no_store_is_sniffed_with_hasattr():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("hasattr", "getattr"):
                target = ast.unparse(node.args[0])
                if "store" in target or "backend" in target:
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {ast.unparse(node)}")
    assert not offenders, offenders
