"""Shared fixtures: the ../shared folder, a demo graph, the FalkorDB server (tests/falkordb_server.py) and
the Virtuoso server (tests/virtuoso_server.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from falkordb_server import falkordb_bolt_server, falkordb_server  # noqa: E402,F401  (fixtures)
from oxigraph_server import oxigraph_server  # noqa: E402,F401  (fixture)
from virtuoso_server import virtuoso_server  # noqa: E402,F401  (fixture)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = ROOT / "policygraph" / "data"
REPORT = DATA / "reports" / "dalian_2021-09-18_review-opinions-report.txt"
SOURCES = [DATA / "catalogue.csv", DATA / "reports"]  # what the demo loads
STATE_COUNCIL = DATA / "regulations" / "优化营商环境条例(2019-10-22).md"


def shared(*parts: str) -> Path:
    """A path under ../shared, or skip the test when it is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} is absent (the shared folder is not beside this checkout)")
    return p


@pytest.fixture(scope="session")
def seed():
    """(text, gold) of the Dalian report and its hand annotation in ../shared, or skip."""
    report = SHARED / "reports/dalian_2021-09-18_review-opinions-report.txt"
    gold = SHARED / "gold/seed_report.gold.json"
    if not report.exists() or not gold.exists():
        pytest.skip("../shared seed report or gold not available")
    return report.read_text(encoding="utf-8"), json.loads(gold.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def demo_graph(tmp_path_factory):
    """The demo graph (what `graphq demo` builds), in a store folder, shared by read-only tests."""
    from policygraph import PolicyGraph

    path = tmp_path_factory.mktemp("demo") / "store"
    pg = PolicyGraph.open(path)
    pg.load([DATA / "catalogue.csv", DATA / "reports"])
    yield pg
    pg.close()


@pytest.fixture(scope="module")
def embedded():
    """The demo's sources in an in-memory store, per module (the reference the server tests compare to)."""
    from policygraph import PolicyGraph

    pg = PolicyGraph.open(memory=True)
    pg.load(SOURCES)
    yield pg
    pg.close()


@pytest.fixture
def memory_graph():
    from policygraph import PolicyGraph

    pg = PolicyGraph.open(memory=True)
    yield pg
    pg.close()
