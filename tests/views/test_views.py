"""Views without a browser: selection, layout, the HTML document and its escaping."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from html.parser import HTMLParser

import networkx as nx
import pytest

from policygraph.errors import NotFoundError, PolicyGraphError
from policygraph.views import html as views
from policygraph.views import select
from views.synthetic_views import BASE, synthetic_graph, zh_number


@pytest.fixture(scope="module")
def G():
    return synthetic_graph()


def data_of(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="pg-data">(.*?)</script>', page, re.S)
    assert m, "no data block"
    return json.loads(m.group(1))


# ------------------------------------------------------------------ selection
def test_overview_keeps_small_graphs_whole(G):
    H = select.overview(G, max_nodes=3000)
    assert set(H) == set(G) and H.number_of_edges() == G.number_of_edges()
    assert H.graph["pg_view"]["notice"] is None


def test_overview_limits_and_prefers_implemented_articles(G):
    H = select.overview(G, max_nodes=40)
    assert H.number_of_nodes() == 40
    assert "showing 40 of" in H.graph["pg_view"]["notice"]
    # structure first, then the most implemented articles with their measures
    assert BASE + "reg/dalian" in H and BASE + "dalian/ch7" in H
    assert BASE + "dalian/art1" in H and BASE + "measure/0" in H
    assert BASE + "dalian/art70" not in H  # a gap article is left out before covered ones
    assert G.number_of_nodes() > 40  # the input is untouched


def test_focus_by_label_and_depth(G):
    H = select.focus(G, "第七条", depth=1)
    art7 = BASE + "dalian/art7"
    assert H.graph["pg_view"]["center"] == art7
    assert set(H) == {art7, *G.predecessors(art7), *G.successors(art7)}
    assert select.focus(G, art7, depth=2).number_of_nodes() > H.number_of_nodes()


def test_unknown_or_ambiguous_names_raise_with_suggestions(G):
    with pytest.raises(NotFoundError) as err:
        select.focus(G, "第七十一条")
    assert "第七十条" in str(err.value) or "第七条" in str(err.value)
    with pytest.raises(NotFoundError, match="closest known"):
        select.focus(G, "优化机构设置")  # every measure's label contains it


def test_trace_climbs_from_measure_to_state_council(G):
    H = select.trace(G, BASE + "measure/2")  # implements articles 7 and 8 in chapter 1
    expected = {BASE + p for p in ("measure/2", "dalian/art7", "dalian/art8", "dalian/ch1",
                                   "reg/dalian", "reg/liaoning", "reg/state",
                                   "doc/2")}  # it names 大政发〔2021〕3号, which rests on the regulation
    assert set(H) == expected  # no units, metrics or unrelated articles
    assert H.has_edge(BASE + "reg/liaoning", BASE + "reg/state")
    # exactly the hops of the paths: no edge the trace did not walk (reg -> chapter has_part is drawn
    # as the hop chapter -[is_part_of]-> reg)
    hops = {(u, v, d["type"]) for u, v, d in H.edges(data=True)}
    assert (BASE + "dalian/ch1", BASE + "reg/dalian", "is_part_of") in hops
    assert not any(t == "has_part" for _, _, t in hops)
    assert len(H.graph["pg_view"]["paths"]) == 3 and "3 path(s)" in H.graph["pg_view"]["notice"]


def test_trace_draws_exactly_the_paths_it_is_given(G):
    from policygraph import tracing

    hops = ((("ensures_implementation_of", BASE + "dalian/art7", "第七条", "Article"),
             ("is_part_of", BASE + "dalian/ch1", "第一章", "Chapter")))
    H = select.trace(G, BASE + "measure/2", paths=[tracing.Path(BASE + "measure/2", hops)])
    assert set(H) == {BASE + "measure/2", BASE + "dalian/art7", BASE + "dalian/ch1"}
    assert H.number_of_edges() == 2
    assert H.edges[BASE + "measure/2", BASE + "dalian/art7", 0]["score"] == 0.9  # the drawn edge's data


def test_trace_of_a_document_runs_through_the_measures_that_name_it():
    G = nx.MultiDiGraph()
    for n, t in [("doc", "Document"), ("m", "Measure"), ("a", "Article"), ("v", "RegulationVersion"),
                 ("w", "Regulation")]:
        G.add_node(n, type=t, label=n)
    G.add_edge("m", "doc", type="mentionsDocument")
    G.add_edge("m", "a", type="ensures_implementation_of")
    G.add_edge("v", "a", type="has_part")
    G.add_edge("v", "w", type="realizes")
    H = select.trace(G, "doc")
    assert [p for p in H.graph["pg_view"]["paths"]] == [["doc", "m", "a", "v", "w"]]
    assert H.graph["pg_view"]["relations"] == [["mentioned by", "ensures_implementation_of", "is_part_of",
                                               "realizes"]]
    assert H.has_edge("m", "doc")  # drawn the way it is stated: the measure mentions the document


def test_trace_from_document_and_from_a_dead_end(G):
    assert set(select.trace(G, BASE + "doc/0")) == {BASE + p for p in ("doc/0", "reg/dalian", "reg/liaoning",
                                                                      "reg/state")}
    dead = select.trace(G, BASE + "unit/0")
    assert set(dead) == {BASE + "unit/0"} and "no regulation" in dead.graph["pg_view"]["notice"]


def test_coverage_counts_measures_and_marks_gaps(G):
    H = select.coverage(G, "大连市优化营商环境条例")
    assert H.nodes[BASE + "dalian/art1"]["coverage"] == 1
    assert H.nodes[BASE + "dalian/art59"]["coverage"] == 1  # measure 19 -> articles 58 and 59
    assert H.nodes[BASE + "dalian/art3"]["gap"] is True and H.nodes[BASE + "dalian/art60"]["gap"] is True
    covered = sum(not H.nodes[a]["gap"] for a in H if H.nodes[a]["type"] == "Article")
    assert covered == 40
    assert "30 gaps" in H.graph["pg_view"]["notice"]
    assert BASE + "reg/liaoning" not in H and BASE + "unit/0" not in H
    assert BASE + "measure/0" in H
    # chapters in order, each with its articles in order, and its covered count
    groups = H.graph["pg_view"]["groups"]
    assert [g["chapter"] for g in groups] == [BASE + f"dalian/ch{c}" for c in range(1, 8)]
    assert groups[0]["items"] == [BASE + f"dalian/art{n}" for n in range(1, 11)]
    assert (H.nodes[BASE + "dalian/ch1"]["covered"], H.nodes[BASE + "dalian/ch1"]["operative"]) == (7, 10)


def test_coverage_does_not_count_articles_the_linker_skips(G):
    G = G.copy()
    G.nodes[BASE + "dalian/art3"]["operative"] = False  # say, 本条例自2022年1月1日起施行
    H = select.coverage(G, "大连市优化营商环境条例")
    assert H.nodes[BASE + "dalian/art3"]["gap"] is False
    assert "29 gaps" in H.graph["pg_view"]["notice"] and "69 articles" in H.graph["pg_view"]["notice"]
    assert "1 purpose, scope and commencement articles are not counted" in H.graph["pg_view"]["notice"]
    assert H.nodes[BASE + "dalian/ch1"]["operative"] == 9


def test_focus_follows_what_a_node_does_not_the_report_it_is_in():
    G = nx.MultiDiGraph()
    for n, t in [("bureau", "Unit"), ("m1", "Measure"), ("m2", "Measure"), ("report", "Report"),
                 ("a7", "Article"), ("ch", "Chapter"), ("a8", "Article"), ("gov", "Unit")]:
        G.add_node(n, type=t, label=n)
    for u, v, t in [("m1", "bureau", "responsibleUnit"), ("bureau", "report", "inReport"),
                    ("m1", "report", "inReport"), ("m2", "report", "inReport"),
                    ("m1", "a7", "ensures_implementation_of"), ("ch", "a7", "has_part"), ("ch", "a8", "has_part"),
                    ("bureau", "gov", "subOrganizationOf"), ("report", "gov", "creator")]:
        G.add_edge(u, v, type=t)
    near = set(select.focus(G, "bureau", depth=3))
    # its measure, what the measure implements and the chapter above it; its parent unit; the
    # report it appears in (not expanded: m2 is only in the same report); no sibling article
    assert near == {"bureau", "m1", "a7", "ch", "gov", "report"}
    assert set(select.focus(G, "report", depth=1)) >= {"m1", "m2", "bureau"}  # a report's own members


def test_coverage_counts_measures_on_paragraphs_for_their_article():
    G = nx.MultiDiGraph()
    G.add_node("r", type="Regulation", label="条例")
    G.add_node("a", type="Article", label="第一条")
    G.add_node("p", type="Paragraph", label="第一条第二款")
    G.add_node("m1", type="Measure", label="甲")
    G.add_node("m2", type="Measure", label="乙")
    G.add_edge("r", "a", type="has_part")
    G.add_edge("p", "a", type="is_part_of")
    G.add_edge("m1", "p", type="implements")
    G.add_edge("m2", "a", type="ensures_implementation_of")
    G.add_edge("m1", "a", type="implements")
    H = select.coverage(G, "r")
    assert H.nodes["a"]["coverage"] == 2 and H.nodes["p"]["coverage"] == 1
    with pytest.raises(NotFoundError):
        select.coverage(G, "第一条")  # not a regulation


# ------------------------------------------------------------------ layout
def test_layered_layout_goes_left_to_right_and_keeps_chapters_in_order(G):
    pos = views.layered_positions(G)
    x = {t: [pos[n][0] for n in G if G.nodes[n]["type"] == t] for t in ("Regulation", "Chapter", "Article",
                                                                          "Measure", "Unit", "Metric")}
    order = ["Regulation", "Chapter", "Article", "Measure", "Unit", "Metric"]
    for left, right in zip(order, order[1:], strict=False):
        assert max(x[left]) < min(x[right]), (left, right)
    ys = [pos[BASE + f"dalian/ch{c}"][1] for c in range(1, 8)]
    assert ys == sorted(ys)  # chapters top to bottom in their order
    # no two nodes on the same spot
    assert len({(round(a), round(b)) for a, b in pos.values()}) == len(pos)


def test_tall_columns_wrap_so_the_picture_is_not_a_thin_strip():
    G = synthetic_graph(chapters=20, per_chapter=45, measures=400, units=40)
    pos = views.layered_positions(G)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    assert 0.3 < width / height < 4


# ------------------------------------------------------------------ the page
class Resources(HTMLParser):
    """Collects everything a browser would load: src/href attributes, CSS url() and @import."""

    def __init__(self):
        super().__init__()
        self.loads, self.scripts, self._tag = [], [], None

    def handle_starttag(self, tag, attrs):
        self._tag = tag
        a = dict(attrs)
        for key in ("src", "href", "data", "poster", "action", "srcset", "background"):
            if a.get(key):
                self.loads.append(a[key])
        if tag == "script":
            self.scripts.append(a)
        if a.get("style"):
            self.loads += re.findall(r"url\(\s*['\"]?([^'\")]+)", a["style"])

    def handle_data(self, data):
        if self._tag == "style":
            self.loads += re.findall(r"url\(\s*['\"]?([^'\")]+)", data)
            self.loads += re.findall(r"@import\s+['\"]?([^'\";]+)", data)


def test_page_loads_nothing_from_outside(G):
    page = views.to_html(G, title="大连")
    parser = Resources()
    parser.feed(page)
    external = [u for u in parser.loads if re.match(r"\s*(https?:)?//", u, re.I)]
    assert external == []
    assert all("src" not in s for s in parser.scripts)  # every script is inline
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "@license" in page and "Apache" in page and "vis-network" in page  # licence kept
    assert "bootstrap" not in page.lower()


def test_data_block_is_escaped_and_round_trips():
    nasty = '</script><script>alert(1)</script> & "q" \'s <img src=x onerror=alert(1)>'
    G = nx.MultiDiGraph()
    G.add_node("n1", type="Measure", label=nasty, description=nasty,
               evidence=[{"quote": nasty, "source": nasty, "start": 0, "end": 5}])
    page = views.to_html(G, title=nasty)
    block = re.search(r'id="pg-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    first = data["info"][0]["evidence"][0]["items"][0]
    assert data["info"][0]["label"] == nasty and data["evidence"][first]["quote"] == nasty
    assert data["nodes"][0]["tip"].startswith(nasty)  # tooltips are plain text, not pre-escaped
    assert f"<title>{html.escape(nasty)}</title>" in page
    # the only </script> tags are the three we wrote
    assert page.lower().count("</script") == 3


def test_tooltip_and_details_are_plain_text(G):
    H = nx.MultiDiGraph()
    H.add_node("x", type="Unit", label="市营商局 & 发改委", description="A & B",
               status="done", deadline=dt.date(2022, 6, 30), evidence="一句证据", weird=dt.date(2021, 1, 1))
    data = views.payload(H, title="t", kind="overview", notice="", center=None, layout="layered")
    tip = data["nodes"][0]["tip"]
    assert "市营商局 & 发改委" in tip and "&amp;" not in tip and "状态: 已完成" in tip and "2022-06-30" in tip
    info = data["info"][0]
    assert info["status"] == ["done"] and data["evidence"][info["evidence"][0]["items"][0]]["quote"] == "一句证据"
    assert info["deadline"] == "2022-06-30"


def test_max_nodes_cuts_the_drawing_and_says_so(G):
    data = data_of(views.to_html(G, title="t", max_nodes=50))
    assert len(data["nodes"]) == 50
    assert f"showing 50 of {G.number_of_nodes()}" in data["notice"]


def test_views_by_center_and_coverage_colours(G):
    data = data_of(views.to_html(G, title="t", kind="coverage", center="大连市优化营商环境条例"))
    colours = {n["color"] for n in data["nodes"] if n["type"] == "Article"}
    assert views.COVERAGE_SCALE[0][2] in colours and len(colours) >= 2
    assert data["coverage"] and data["nodes"][data["center"]]["type"] == "Regulation"
    data = data_of(views.to_html(G, title="t", kind="trace", center=BASE + "measure/2"))
    assert len(data["nodes"]) == 8  # the measure, its two articles, chapter, a document, three regulations
    data = data_of(views.to_html(select.focus(G, "第七条"), title="t", kind="focus"))
    assert data["info"][data["center"]]["label"] == "第七条"


def test_a_cut_view_keeps_its_center(G):
    data = data_of(views.to_html(G, title="t", kind="focus", center="第七十条", depth=3, max_nodes=4))
    assert len(data["nodes"]) == 4 and data["info"][data["center"]]["label"] == "第七十条"
    assert "showing" in data["notice"]


def test_bad_arguments_are_policygraph_errors(G):
    for kwargs in ({"kind": "pie"}, {"layout": "circle"}, {"max_nodes": 0}, {"kind": "overview", "center": "x"}):
        with pytest.raises(PolicyGraphError):
            views.to_html(G, title="t", **kwargs)
    with pytest.raises(PolicyGraphError):
        views.to_html({"not": "a graph"}, title="t")


def test_render_writes_utf8_file(G, tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "C")
    monkeypatch.setenv("PYTHONIOENCODING", "ascii")
    out = views.render(G, tmp_path / "sub" / "view.html", title="大连 overview")
    raw = out.read_bytes()
    assert raw.startswith(b"<!DOCTYPE html>") and "大连市优化营商环境条例".encode() in raw
    raw.decode("utf-8")
    assert out.stat().st_mode & 0o044  # readable by others, not mkstemp's 0600
    assert [p.name for p in out.parent.iterdir()] == ["view.html"]  # no temp file left
    monkeypatch.chdir(tmp_path)
    assert views.render(G, title="第七条 focus", kind="focus", center="第七条").name == "第七条_focus-focus.html"
    assert views.render(G, tmp_path, title="<a/b>").name == "a_b-overview.html"


def test_spring_and_physics_layouts(G):
    spring = data_of(views.to_html(G, title="t", layout="spring"))
    assert all("x" in n for n in spring["nodes"])
    physics = data_of(views.to_html(G, title="t", layout="physics"))
    assert physics["layout"] == "physics" and all("x" not in n for n in physics["nodes"])


def test_display_wraps_page_in_escaped_iframe(G):
    pytest.importorskip("IPython")
    shown = views.display(G, title="A & <B>")
    markup = shown.data if hasattr(shown, "data") else shown._repr_html_()
    assert '<iframe srcdoc="' in markup and 'sandbox="allow-scripts"' in markup
    srcdoc = re.search(r'<iframe srcdoc="([^"]*)"', markup).group(1)
    assert html.unescape(srcdoc) == views.to_html(G, title="A & <B>")


def test_zh_number():
    assert [zh_number(n) for n in (7, 10, 12, 40, 100, 105, 110, 999)] == [
        "七", "十", "十二", "四十", "一百", "一百零五", "一百一十", "九百九十九"]


def test_empty_graph_renders():
    data = data_of(views.to_html(nx.MultiDiGraph(), title="空"))
    assert data["nodes"] == [] and data["edges"] == []


# ------------------------------------------------------------------ tracing, labels, evidence, legend
def test_tracing_walks_with_the_rules_of_graphq_trace():
    from policygraph import tracing

    up = {"doc": [], "m": [("ensures_implementation_of", "a", "第七条", "Article"),
                           ("mentionsDocument", "other", "另一文件", "Document")],
          "a": [("is_part_of", "w", "条例", "Regulation")]}
    paths = tracing.trace("doc", lambda n: up.get(n, []), label=str, mentioned_by=lambda d: ["m"],
                          fallback_up=lambda n: [("inReport", "r", "报告", "Report")])
    # the document reaches the regulation through the measure naming it; the measure's other
    # document is not part of this document's chain
    assert [p.text("doc") for p in paths] == ["doc -[mentioned by]-> m -[ensures_implementation_of]-> 第七条 "
                                              "-[is_part_of]-> 条例"]
    # nothing leads up: the fallback (report) is walked
    lone = tracing.trace("x", lambda n: [], label=str, fallback_up=lambda n: [("inReport", "r", "报告", "Report")])
    assert [p.end for p in lone] == ["r"]
    # a dead end at an article is dropped when a path reaches a regulation
    fork = {"m": [("ensures_implementation_of", "a1", "一", "Article"), ("ensures_implementation_of", "a2", "二", "Article")],
            "a2": [("is_part_of", "w", "条例", "Regulation")]}
    assert [p.end for p in tracing.trace("m", lambda n: fork.get(n, []), label=str)] == ["w"]
    assert tracing.rows(paths, "doc")[0]["hops"] == 3


def test_labels_wrap_instead_of_cutting_and_name_their_regulation():
    from policygraph.views import labels

    long = "全面贯彻落实全国深化“放管服”改革着力培育和激发市场主体活力电视电话会议精神"
    wrapped = labels.wrap(long)
    assert wrapped.replace("\n", "") == long and "…" not in wrapped
    assert max(len(x) for x in wrapped.split("\n")) <= labels.WIDEST
    G = nx.MultiDiGraph()
    for v, label in [("v1", "辽宁省条例(2016-12-07)"), ("v2", "辽宁省条例(2019-07-30)"), ("v3", "国务院条例(2019-10-22)")]:
        G.add_node(v, type="RegulationVersion", label=label)
        G.add_node(v + "/a1", type="Article", label="第一条")
        G.add_edge(v, v + "/a1", type="has_part")
    G.add_node("lone", type="Article", label="第九条", _version=("v9", "某条例(2020-01-01)"))
    ctx = labels.contexts(G)
    assert ctx == {"v1/a1": "辽宁省条例(2016)", "v2/a1": "辽宁省条例(2019)", "v3/a1": "国务院条例",
                   "lone": "某条例"}  # drawn without its regulation: named all the same
    names, regs = labels.regulation_names(G), labels.part_regulations(G)
    keys = labels.search_keys(G, "v3/a1", ctx["v3/a1"], names, regs)
    assert labels.normalize("《国务院条例》 第一条") in keys


def test_short_quotes_get_their_sentence_and_links_their_best_sentence():
    from policygraph.views import evidence

    text = "（一）强化组织领导。市营商局牵头，持续推进机构改革；各区配合。"
    s, e = evidence.sentence_span(text, text.index("持续"), text.index("持续") + 2)
    assert text[s:e] == "市营商局牵头，持续推进机构改革；"
    passage = {"quote": text, "source": "r", "start": 100, "end": 100 + len(text)}
    best = evidence.best_sentence(passage, ["机构改革", "体制~机构"])
    assert best["quote"] == "市营商局牵头，持续推进机构改革；"
    assert text[best["start"] - 100:best["end"] - 100] == best["quote"]  # its own exact span
    assert best["within"] == {"start": 100, "end": 100 + len(text)}


def test_every_relation_has_a_chinese_name_and_facts_have_distinct_colours():
    from policygraph.views.styles import RELATIONS

    for name, style in RELATIONS.items():
        assert re.search(r"[\u4e00-\u9fff]", style.zh), name
    facts = {n: s.colour for n, s in RELATIONS.items() if s.group == "link" and n != "implements"}
    drawn = [c for n, c in facts.items() if c.upper() != "#9A9A9A"]
    assert len(set(drawn)) == len(drawn) >= 15


def test_layered_labels_sit_clear_of_the_next_node(G):
    from policygraph.views.layout import label_box
    from policygraph.views.payload import drawn_label

    labels = {n: drawn_label(G, n, "overview", None) for n in G}
    pos = views.layered_positions(G, labels)
    by_x: dict = {}
    for n, (x, y) in pos.items():
        by_x.setdefault(round(x), []).append((y, n))
    for column in by_x.values():
        column.sort()
        for (y1, n1), (y2, _) in zip(column, column[1:], strict=False):
            size = views.TYPE_STYLE[G.nodes[n1]["type"]].size
            assert y2 - y1 >= label_box(labels[n1])[1] + 2 * size, n1


def test_payload_puts_evidence_and_scores_on_edges(G):
    data = views.payload(G, title="t", kind="overview", notice="", center=None, layout="layered")
    ranked = [e for e in data["edges"] if e[2] == "implements"]
    assert ranked and all(e[3]["score"] == 0.9 and e[3]["rank"] in (1, 2) and e[3]["matched"] for e in ranked)
    unit_edges = [e for e in data["edges"] if e[2] == "responsibleUnit"]
    ev = data["evidence"][unit_edges[0][3]["ev"][0]]
    assert len(ev["quote"]) < 6 and ev["quote"] in ev["context"]["text"]
    # a measure's panel groups its spans by fact: its own text, then each link with its spans
    m = next(i for i, n in enumerate(data["nodes"]) if n["type"] == "Measure")
    groups = data["info"][m]["evidence"]
    assert groups[0]["rel"] is None and {g["rel"] for g in groups[1:]} == {"implements", "responsibleUnit"}
    assert all(data["nodes"][g["other"]]["type"] in ("Article", "Unit") for g in groups[1:])


def test_overview_hides_membership_and_coverage_structure_by_default(G):
    H = G.copy()
    H.add_node("r", type="Report", label="报告")
    H.add_edge(BASE + "measure/0", "r", type="inReport")
    rels = {r["name"]: r for r in views.payload(H, title="t", kind="overview", notice="", center=None,
                                                  layout="layered")["relations"]}
    assert rels["inReport"]["hidden"] and not rels["implements"]["hidden"] and not rels["has_part"]["hidden"]
    cov = data_of(views.to_html(G, title="t", kind="coverage", center="大连市优化营商环境条例"))
    assert {r["name"]: r["hidden"] for r in cov["relations"]}["has_part"] is True
    # a regulation's structure is one edge per link: no is_part_of beside has_part
    pairs = {(e[0], e[1]) for e in cov["edges"]}
    assert not any((b, a) in pairs for a, b in pairs)


def test_one_span_met_twice_keeps_what_each_use_adds():
    from policygraph.views.payload import Evidence

    table = Evidence()
    span = {"quote": "优化机构设置。", "source": "r", "start": 5, "end": 12}
    a = table.add(span)
    b = table.add({**span, "within": {"start": 5, "end": 12}})  # the same text as a link's sentence
    assert a == b and table.rows[a]["within"] == {"start": 5, "end": 12}
