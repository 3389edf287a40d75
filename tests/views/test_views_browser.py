"""Views of synthetic graphs in a real browser (Debian's chromium through Playwright, see conftest).

Each test opens a rendered file over file:// at 1600x1000, fails on any console error, page error,
dialog or request leaving the file, and saves a screenshot under ``tmp_path``.
"""

from __future__ import annotations

import networkx as nx
import pytest

from policygraph.views import html as views
from views.pages import wait_drawn, wait_next_frame
from views.synthetic_views import BASE, synthetic_graph

pytestmark = pytest.mark.browser
NASTY = ['<script>alert(1)</script>', '<img src=x onerror="window.__pwned=1;alert(2)">',
         '"quoted" & \'single\' &amp; </script>']


@pytest.fixture(scope="module")
def G():
    return synthetic_graph()


def test_overview_draws_every_node(open_view, G, tmp_path):
    v = open_view(G)
    assert v.js("policygraphView.drawnNodeCount()") == G.number_of_nodes()
    assert v.js("policygraphView.edges.length") == G.number_of_edges()
    assert v.js("document.querySelectorAll('#pg-types input').length") == 7
    assert v.page.locator("#pg-notice").is_hidden()
    v.shot(tmp_path, "overview")


def test_search_focuses_a_node(open_view, G, tmp_path):
    v = open_view(G)
    v.page.fill("#pg-search", "第七条")
    assert "第七条" in v.page.locator("#pg-results li").first.inner_text()
    v.page.press("#pg-search", "Enter")
    art7 = v.node_id(BASE + "dalian/art7")
    assert v.js("policygraphView.focused") == art7
    assert v.js("policygraphView.network.getSelectedNodes()") == [art7]
    assert v.page.locator("#pg-panel h2").inner_text() == "第七条"
    v.page.wait_for_selector("body[data-pg-moves]", state="attached")  # the focus animation ended
    # centred in the part of the canvas the side panel leaves visible
    dx, dy = v.js("""id => { const v = policygraphView.network, d = v.canvasToDOM(v.getPositions([id])[id]);
                     const c = document.querySelector('#pg-graph canvas');
                     return [d.x - c.clientWidth / 2, d.y - c.clientHeight / 2]; }""", art7)
    assert abs(dx) < 5 and abs(dy) < 5
    assert v.js("document.querySelector('#pg-graph canvas').getBoundingClientRect().right") <= v.js(
        "document.getElementById('pg-panel').getBoundingClientRect().left") + 1
    v.shot(tmp_path, "search")


def test_clicking_a_node_shows_its_evidence(open_view, G, tmp_path):
    v = open_view(G)
    m = v.node_id(BASE + "measure/6")
    v.click_node(m)
    v.page.wait_for_selector("#pg-panel:not([hidden])")
    panel = v.page.locator("#pg-panel").inner_text()
    ev = G.nodes[BASE + "measure/6"]["evidence"][0]
    assert ev["quote"] in panel
    assert "dalian_2021-09-18_review-opinions-report.txt" in panel
    assert f"{ev['start']}–{ev['end']}" in panel
    assert "已完成" in panel and "2022-07-30" in panel and "9项" in panel
    # the panel's links click through to a neighbour
    v.page.get_by_role("button", name="第十九条").first.click()
    assert v.page.locator("#pg-panel h2").inner_text() == "第十九条"
    v.shot(tmp_path, "evidence")


def test_legend_filter_hides_a_type(open_view, G, tmp_path):
    v = open_view(G)
    measures = sum(1 for n in G if G.nodes[n]["type"] == "Measure")
    box = v.page.locator('#pg-types input[data-type="Measure"]')
    box.uncheck()
    assert v.js("policygraphView.drawnNodeCount()") == G.number_of_nodes() - measures
    v.shot(tmp_path, "filtered")
    box.check()
    assert v.js("policygraphView.drawnNodeCount()") == G.number_of_nodes()
    box.uncheck()  # searching for a hidden node brings its type back
    v.js("policygraphView.search('措施3：')")
    assert box.is_checked()


def test_hostile_text_is_shown_literally_and_never_runs(open_view, tmp_path):
    G = nx.MultiDiGraph()
    for i, text in enumerate(NASTY):
        G.add_node(f"n{i}", type=["Measure", "Unit", "Document"][i], label=text, description=text,
                   status=[text], figures=[text], evidence=[{"quote": text, "source": text, "start": 1, "end": 2}])
    G.add_edge("n0", "n1", type="<b>rel</b>")
    G.add_edge("n0", "n2", type="mentionsDocument")
    v = open_view(G, name="hostile", title=NASTY[1])
    assert v.page.title() == NASTY[1]
    for i, text in enumerate(NASTY):
        v.click_node(i)
        v.page.wait_for_selector("#pg-panel:not([hidden])")
        assert v.page.locator("#pg-panel h2").inner_text() == text
        assert v.page.locator("#pg-panel blockquote").inner_text() == text
        assert "&amp;amp;" not in v.page.locator("#pg-panel").inner_text()
    # hover tooltip: plain text, no double escaping
    v.js("policygraphView.network.unselectAll()")
    x, y = v.click_node(2)
    v.page.mouse.move(x + 1, y + 1)
    v.page.mouse.move(x, y)
    v.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    assert NASTY[2] in v.page.locator("div.vis-tooltip").inner_text()
    assert v.js("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert v.js("window.__pwned") is None
    v.shot(tmp_path, "hostile")  # problems (dialogs, errors) are asserted empty on close


@pytest.mark.parametrize("kind, center", [("focus", "第七条"), ("trace", BASE + "measure/2"),
                                          ("coverage", "大连市优化营商环境条例")])
def test_each_view_kind_draws(open_view, G, tmp_path, kind, center):
    v = open_view(G, name=kind, kind=kind, center=center)
    n = v.js("policygraphView.data.nodes.length")
    assert v.js("policygraphView.drawnNodeCount()") == n > 1
    assert v.js("policygraphView.data.info[policygraphView.data.center].label") in (
        "第七条", "措施3：优化机构设置", "大连市优化营商环境条例")
    if kind == "coverage":
        assert v.page.locator("#pg-coverage").is_visible()
        assert "30 gaps" in v.page.locator("#pg-notice").inner_text()
    v.shot(tmp_path, kind)


def test_limited_overview_says_what_it_shows(open_view, tmp_path):
    G = synthetic_graph(chapters=12, per_chapter=40, measures=200, units=30)
    v = open_view(G, name="limited", max_nodes=300)
    assert v.js("policygraphView.drawnNodeCount()") == 300
    assert f"showing 300 of {G.number_of_nodes():,} nodes" in v.page.locator("#pg-notice").inner_text()
    v.shot(tmp_path, "limited")


def test_physics_layout_stabilises_and_stops(open_view, G, tmp_path):
    v = open_view(G, name="physics", layout="physics")
    assert v.js("policygraphView.network.physics.options.enabled") is False
    assert v.js("policygraphView.drawnNodeCount()") == G.number_of_nodes()
    v.shot(tmp_path, "physics")


def test_notebook_iframe_is_not_blank(browser, G, tmp_path):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_content("<html><body><h1>notebook</h1>" + views.iframe(views.to_html(G, title="nb")) + "</body></html>")
    frame = page.frames[1]
    wait_drawn(frame)
    assert frame.evaluate("policygraphView.drawnNodeCount()") == G.number_of_nodes()
    page.screenshot(path=str(tmp_path / "notebook.png"))
    page.close()
    assert errors == []


# ------------------------------------------------------------------ issue 12, on synthetic graphs
def test_closing_the_panel_repaints_at_once_and_leaves_no_tooltip(open_view, G, tmp_path):
    v = open_view(G, name="close")
    art = v.node_id(BASE + "dalian/art7")
    x, y = v.click_node(art)
    v.page.wait_for_selector("#pg-panel:not([hidden])")
    v.page.mouse.move(x + 1, y + 1)
    v.page.mouse.move(x, y)  # hover: the tooltip shows
    v.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    frame = v.frame()
    v.page.locator("#pg-close").click()  # the pointer leaves the canvas for the button and stays there
    wait_next_frame(v.page, frame)
    assert v.ink() > 0.01  # painted, without the mouse moving over the canvas
    assert v.page.locator("div.vis-tooltip").is_hidden()
    assert v.label_px()["px"] >= 11
    v.shot(tmp_path, "closed")


def test_closing_the_panel_repaints_above_3000_nodes(open_view, tmp_path):
    G = synthetic_graph(chapters=40, per_chapter=24, measures=1900, units=120, documents=40, metrics=60)
    assert G.number_of_nodes() > 3000
    v = open_view(G, name="big-close", max_nodes=G.number_of_nodes())
    assert v.js("policygraphView.drawnNodeCount()") == G.number_of_nodes()
    v.js("policygraphView.showDetails(0)")
    v.page.wait_for_selector("#pg-panel:not([hidden])")
    frame = v.frame()
    v.page.locator("#pg-close").click()
    wait_next_frame(v.page, frame)
    assert v.ink() > 0.01
    v.shot(tmp_path, "big-closed")


def test_labels_are_readable_at_the_opening_zoom_and_thin_out_zoomed_out(open_view, tmp_path):
    G = synthetic_graph(chapters=12, per_chapter=30, measures=150, units=30)
    v = open_view(G, name="readable")
    first = v.label_px()
    assert first["px"] >= 11 and first["labels"] >= 20, first
    frame = v.frame()
    v.js("policygraphView.showDetails(0)")  # the panel narrows the canvas: the labels keep their size
    wait_next_frame(v.page, frame)
    assert v.js("policygraphView.network.getScale()") == pytest.approx(v.js("policygraphView.openScale"))
    assert v.label_px()["px"] >= 11
    v.js("policygraphView.closePanel()")
    frame = v.frame()
    v.js("policygraphView.network.moveTo({scale: 0.55, animation: false})")
    wait_next_frame(v.page, frame)
    far = v.label_px()  # level of detail: small labels are not drawn, regulations and chapters are
    assert far["px"] >= 9 and far["labels"] < first["labels"] + 400
    drawn = v.js("""() => { const v = policygraphView.network, s = v.getScale();
        return v.body.nodeIndices.filter(id => v.body.nodes[id].options.font.size * s >= 9)
          .map(id => policygraphView.data.nodes[id].type); }""")
    assert set(drawn) <= {"Regulation", "Chapter"} and "Chapter" in drawn
    v.shot(tmp_path, "readable")


def test_clicking_a_link_shows_its_evidence_and_score(open_view, G, tmp_path):
    v = open_view(G, name="edge")
    eid = v.js("""() => policygraphView.data.edges.findIndex(e => e[2] === 'implements')""")
    a, b = v.js("eid => policygraphView.data.edges[eid].slice(0, 2)", eid)
    # click the middle of the link with the mouse
    v.js(f"() => policygraphView.network.fit({{nodes: [{a}, {b}], animation: false}})")
    frame = v.frame()
    v.js("policygraphView.network.redraw()")
    wait_next_frame(v.page, frame)
    (x1, y1), (x2, y2) = v.dom_xy(a), v.dom_xy(b)
    v.page.mouse.click((x1 + x2) / 2, (y1 + y2) / 2)
    v.page.wait_for_selector("#pg-panel:not([hidden])")
    assert v.js("policygraphView.edgePanelFor") == eid
    panel = v.page.locator("#pg-panel").inner_text()
    assert "落实" in panel and "0.9" in panel and "bm25+thesaurus" in panel and "审批事项" in panel
    assert "dalian_2021-09-18_review-opinions-report.txt" in panel and "位置 " in panel
    # a unit's link rests on a short quote: shown inside its sentence, the quote marked
    unit = v.js("() => policygraphView.data.edges.findIndex(e => e[2] === 'responsibleUnit')")
    v.js("eid => policygraphView.showEdge(eid)", unit)
    assert v.page.locator("#pg-panel mark").first.inner_text().startswith("市第")
    assert "句子 sentence" in v.page.locator("#pg-panel").inner_text()
    v.shot(tmp_path, "edge")


def test_relations_filter_from_the_legend_and_the_legend_fits(open_view, G, tmp_path):
    v = open_view(G, name="relations")
    visible = "() => policygraphView.edges.get({filter: e => !e.hidden}).length"
    total = v.js(visible)
    box = v.page.locator('#pg-relations input[data-rel="responsibleUnit"]')
    box.uncheck()
    assert v.js(visible) == total - sum(1 for *_, t in G.edges(data="type") if t == "responsibleUnit")
    box.check()
    assert v.js(visible) == total
    legend = v.js("(() => { const l = document.getElementById('pg-legend'); return [l.scrollWidth, l.clientWidth]; })()")
    assert legend[0] <= legend[1]  # nothing sticks out sideways
    zh = v.js("Array.from(document.querySelectorAll('#pg-relations .pg-zh')).map(e => e.textContent)")
    assert zh and all(any("\u4e00" <= ch <= "\u9fff" for ch in z) for z in zh)


def test_coverage_folds_large_regulations_by_chapter(open_view, tmp_path):
    G = synthetic_graph(chapters=20, per_chapter=20, measures=60, units=10)
    v = open_view(G, name="folded", kind="coverage", center="大连市优化营商环境条例")
    data = v.data
    assert len(data["groups"]) == 20 and not any(g["open"] for g in data["groups"])
    shown = v.js("policygraphView.visibleNodeCount()")
    assert shown < 60  # the regulation and its 20 chapters (and no measure of a folded chapter)
    assert v.label_px()["px"] >= 11
    ch = data["groups"][0]["chapter"]
    v.click_node(ch, scale=1.0)
    assert v.js("id => policygraphView.isFolded(id)", ch) is False
    assert v.js("policygraphView.visibleNodeCount()") >= shown + 20
    # the chapter's articles in reading order: row by row, left to right
    items = data["groups"][0]["items"]
    pos = v.js("ids => policygraphView.network.getPositions(ids)", items)
    order = sorted(items, key=lambda i: (round(pos[str(i)]["y"]), pos[str(i)]["x"]))
    assert order == items
    v.shot(tmp_path, "unfolded")


def test_a_selected_coverage_node_keeps_its_colour(open_view, G, tmp_path):
    v = open_view(G, name="selected", kind="coverage", center="大连市优化营商环境条例")
    art = v.node_id(BASE + "dalian/art3")  # a gap: red
    red = v.js("id => policygraphView.data.nodes[id].color", art)
    v.click_node(art)
    assert v.js("policygraphView.network.getSelectedNodes()") == [art]
    x, y = v.dom_xy(art)
    rgb = v.js("""([x, y]) => { const c = document.querySelector('#pg-graph canvas'), r = c.getBoundingClientRect();
        const k = c.width / r.width, d = c.getContext('2d').getImageData((x - r.left) * k, (y - r.top) * k, 1, 1).data;
        return [d[0], d[1], d[2]]; }""", [x, y])
    want = [int(red[i:i + 2], 16) for i in (1, 3, 5)]
    assert all(abs(a - b) < 40 for a, b in zip(rgb, want, strict=True)), (rgb, red)


def test_search_knows_aliases_and_article_specs(open_view, tmp_path):
    G = synthetic_graph()
    G.nodes[BASE + "unit/0"]["aliases"] = ["市一局"]
    v = open_view(G, name="search")
    first = "q => policygraphView.data.info[policygraphView.matches(q)[0]].iri"
    assert v.js(first, "市一局") == BASE + "unit/0"
    assert v.js(first, "大连市优化营商环境条例 第七条") == BASE + "dalian/art7"
    assert v.js(first, "《大连市优化营商环境条例》第7条") == BASE + "dalian/art7"
    assert v.js(first, "大连市优化营商环境条例 12") == BASE + "dalian/art12"
    rows = v.js("q => policygraphView.resultText(q)", "第一条")
    assert rows and len(rows) == len(set(rows))
