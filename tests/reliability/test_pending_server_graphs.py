"""A server store whose load stopped half-way says so on every answer until a load completes it
(issue 17, item 7)."""

from __future__ import annotations

import warnings

import pytest
from conftest import DATA

from policygraph import PolicyGraph, ServerError
from policygraph.stores.server import PendingGraphsWarning

SOURCES = [DATA / "regulations" / "优化营商环境条例(2019-10-22).md", DATA / "reports"]


def answers_warned(pg) -> list[str]:
    """The pending warnings of two answers (stats and measures)."""
    with warnings.catch_warnings(record=True) as seen:
        pg.stats()
        pg.measures()
    return [str(w.message) for w in seen if issubclass(w.category, PendingGraphsWarning)]


def test_pending_graphs_are_said_on_every_answer_until_a_load_completes_them(falkordb_server, monkeypatch):
    srv = PolicyGraph.open(falkordb=falkordb_server, graph="pg_test_pending")
    server = srv.store.server
    real = server.query

    def dies_mid_load(cypher, **params):
        if "(a)-[r:`HAS_PART`]" in cypher:
            raise ServerError("FalkorDB at redis://x: the server went away")
        return real(cypher, **params)

    try:
        srv.store.clear()
        monkeypatch.setattr(server, "query", dies_mid_load)
        with pytest.raises(ServerError, match="marked pending"):
            srv.load(SOURCES)
        monkeypatch.setattr(server, "query", real)
        said = answers_warned(srv)
        assert len(said) == 2 and all("W-STORE-001" in m and "graphs are pending" in m for m in said)
        srv.load(SOURCES)  # completes them
        assert srv.store.pending() == [] and answers_warned(srv) == []
    finally:
        srv.store.clear()
        srv.close()
