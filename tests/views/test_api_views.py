"""PolicyGraph.view: the four views on the demo graph, and the same views read node by node as on a
large store (where the whole graph is never loaded into networkx)."""

import re

import pytest

from policygraph import tracing
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


@pytest.mark.parametrize("start", ["大连市社会信用条例", "优化机构设置", "强化组织领导"])
def test_the_trace_view_holds_the_paths_graphq_trace_prints(demo_graph, monkeypatch, start):
    cli = set(demo_graph.trace(start)["path"])
    for small in (True, False):  # the whole graph in networkx, or only the nodes drawn
        monkeypatch.setattr(PolicyGraph, "SMALL_GRAPH", 10**9 if small else 0)
        H, _, _ = demo_graph._view_graph(trace=start)
        paths, rels = H.graph["pg_view"]["paths"], H.graph["pg_view"]["relations"]
        label = {n: tracing.node_label(demo_graph.backend, n) for n in H}  # as graphq trace names them
        drawn = {label[p[0]] + "".join(f" -[{r}]-> {label[n]}" for r, n in zip(rs, p[1:], strict=True))
                 for p, rs in zip(paths, rels, strict=True)}
        assert drawn == cli
        assert set(H) == {n for p in paths for n in p}


def test_view_evidence_sits_on_the_edge_it_supports(demo_graph):
    G = demo_graph.to_networkx()
    ranked = [d for u, v, d in G.edges(data=True)
              if d["type"] == "ensures_implementation_of" and G.nodes[u]["type"] == "Measure"]
    assert ranked and all({"score", "rank", "method", "probability", "matched", "evidence"} <= set(d) for d in ranked)
    stored = {(r["m"], r["a"]): (r["ss"], r["se"], r["sq"]) for r in demo_graph.backend.view_candidates(None)}
    for u, v, d in G.edges(data=True):  # the sentence the linker stored, its span inside the measure's text
        if d["type"] != "ensures_implementation_of" or G.nodes[u]["type"] != "Measure":
            continue
        ev = d["evidence"][0]
        assert ev["within"]["start"] <= ev["start"] < ev["end"] <= ev["within"]["end"]
        assert (ev["start"], ev["end"], ev["quote"]) == stored[(u, v)]
    units = [d for _, _, d in G.edges(data=True) if d["type"] == "responsibleUnit"]
    assert units and all(d.get("evidence") for d in units)
    report = next(n for n, t in G.nodes(data="type") if t == "Report")
    text = demo_graph.store.select("SELECT ?t WHERE { ?r pg:text ?t }", {"r": report})[0]["t"]
    for d in units:
        for ev in d["evidence"]:
            assert text[ev["start"]:ev["end"]] == ev["quote"]  # the span's text is the quote
            if len(ev["quote"]) < 6:
                c = ev["context"]
                assert text[c["start"]:c["end"]] == c["text"] and c["start"] <= ev["start"] < ev["end"] <= c["end"]
    gaps = {a: d.get("operative") for a, d in G.nodes(data=True) if d["type"] == "Article"}
    assert False in gaps.values() and True in gaps.values()  # 本条例自…施行 and the rest
