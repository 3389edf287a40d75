"""PolicyGraph.view: the four views on the demo graph, and the same views read node by node as on a
large store (where the whole graph is never loaded into networkx)."""

import re

import pytest

from policygraph.api import PolicyGraph

VIEWS = [
    {},
    {"focus": "市营商局", "depth": 1},
    {"trace": "强化组织领导"},
    {"coverage": "优化营商环境条例"},
    {"coverage": "辽宁省优化营商环境条例"},
]


def _nodes(html: str) -> int:
    return len(re.findall(r'"id":\s*\d+', html))


@pytest.mark.parametrize("kwargs", VIEWS, ids=lambda k: next(iter(k), "overview"))
def test_views_write_self_contained_html(demo_graph, tmp_path, kwargs):
    path = demo_graph.view(path=tmp_path / "v.html", **kwargs)
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', html)
    assert _nodes(html) > 1
    assert "<iframe" in path._repr_html_()


@pytest.mark.parametrize("kwargs", VIEWS[1:], ids=lambda k: next(iter(k)))
def test_large_store_views_draw_the_same_nodes(demo_graph, monkeypatch, kwargs):
    small, kind, _ = demo_graph._view_graph(**kwargs)
    monkeypatch.setattr(PolicyGraph, "SMALL_GRAPH", 0)
    large, kind2, _ = demo_graph._view_graph(**kwargs)
    assert kind == kind2
    assert set(large.nodes) == set(small.nodes)


def test_partial_text_coverage_view_says_so(demo_graph):
    H, _, _ = demo_graph._view_graph(coverage="辽宁省优化营商环境条例")
    assert "incomplete" in H.graph["pg_view"]["notice"]
