"""Views in a real browser: Debian's chromium driven by Playwright (never a downloaded browser).

Each test opens a rendered file over file://, fails on any console error, page error, dialog or
request leaving the file, and saves a screenshot under ``tmp_path``.
"""

from __future__ import annotations

import os
import shutil
import time

import networkx as nx
import pytest
from synthetic_views import BASE, synthetic_graph

from policygraph.views import html as views

CHROMIUM = os.environ.get("POLICYGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
if not os.path.exists(CHROMIUM):
    pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (python package) not installed")

pytestmark = pytest.mark.browser
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
NASTY = ['<script>alert(1)</script>', '<img src=x onerror="window.__pwned=1;alert(2)">',
         '"quoted" & \'single\' &amp; </script>']


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def wait_until(target, expr: str, timeout: float = 60.0):
    """Poll ``expr`` with evaluate(): the page's CSP forbids eval, which wait_for_function needs."""
    deadline = time.monotonic() + timeout
    while not target.evaluate(expr):
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout}s: {expr}")
        time.sleep(0.05)


class Opened:
    """A page with everything that must not happen recorded."""

    def __init__(self, browser, path):
        self.page = browser.new_page(viewport={"width": 1400, "height": 860})
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.problems.append(m.text))
        self.page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        self.page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        self.page.on("request", lambda r: r.url.startswith(("file:", "data:", "about:"))
                     or self.problems.append(f"request: {r.url}"))
        self.page.goto(path.as_uri())
        wait_until(self.page, "!!(window.policygraphView && policygraphView.stable)")

    def js(self, expr, arg=None):
        return self.page.evaluate(expr, arg)

    def node_id(self, iri):
        return self.js("iri => policygraphView.data.info.findIndex(i => i.iri === iri)", iri)

    def click_node(self, nid):
        """Centre the node, then click it with the mouse like a user."""
        self.js("id => policygraphView.network.focus(id, {scale: 1.5, animation: false})", nid)
        self.page.wait_for_timeout(100)
        x, y = self.js("""id => { const v = policygraphView.network, p = v.getPositions([id])[id];
                       const d = v.canvasToDOM(p), r = document.querySelector('#pg-graph canvas').getBoundingClientRect();
                       return [r.left + d.x, r.top + d.y]; }""", nid)
        self.page.mouse.click(x, y)
        return x, y

    def shot(self, tmp_path, name):
        out = tmp_path / f"{name}.png"
        self.page.screenshot(path=str(out))
        assert out.stat().st_size > 10_000
        return out

    def close(self):
        self.page.close()
        assert self.problems == []


@pytest.fixture()
def open_view(browser, tmp_path):
    pages = []

    def opener(G, name="view", **kwargs):
        kwargs.setdefault("title", "大连市优化营商环境条例 落实情况")
        path = views.render(G, tmp_path / f"{name}.html", **kwargs)
        pages.append(Opened(browser, path))
        return pages[-1]

    yield opener
    for p in pages:
        p.close()


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
    v.page.wait_for_timeout(600)  # focus animation
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
    v.page.get_by_role("button", name="第十九条").click()
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
    wait_until(frame, "!!(window.policygraphView && policygraphView.stable)")
    assert frame.evaluate("policygraphView.drawnNodeCount()") == G.number_of_nodes()
    page.screenshot(path=str(tmp_path / "notebook.png"))
    page.close()
    assert errors == []
