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

BASE = "https://w3id.org/policygraph/id/"
DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """1..999 in Chinese numerals as articles are numbered: 7 七, 12 十二, 40 四十, 105 一百零五."""
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = DIGITS[hundreds] + "百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (DIGITS[ones] if ones else "")


def synthetic_graph(chapters: int = 7, per_chapter: int = 10, measures: int = 20, units: int = 15,
                    documents: int = 6, metrics: int = 8) -> nx.MultiDiGraph:
    """A Dalian-like regulation with its measures, units, documents, figures and evidence.

    Deterministic: measure ``i`` implements articles ``3i+1`` and ``3i+2`` (so low-numbered articles
    are covered and the rest are gaps), is run by unit ``i % units`` and reports metric ``i % metrics``.
    The regulation is based on a provincial one, which is based on a State Council regulation.
    """
    G = nx.MultiDiGraph()
    report = "dalian_2021-09-18_review-opinions-report.txt"
    regs = [("state", "优化营商环境条例（国务院）"), ("liaoning", "辽宁省优化营商环境条例"),
            ("dalian", "大连市优化营商环境条例")]
    for key, label in regs:
        G.add_node(BASE + f"reg/{key}", type="Regulation", label=label, description=f"{label}，全文。")
    G.add_edge(BASE + "reg/dalian", BASE + "reg/liaoning", type="based_on")
    G.add_edge(BASE + "reg/liaoning", BASE + "reg/state", type="based_on")
    reg = BASE + "reg/dalian"
    articles = []
    for c in range(1, chapters + 1):
        ch = BASE + f"dalian/ch{c}"
        G.add_node(ch, type="Chapter", label=f"第{zh_number(c)}章", ordinal=c)
        G.add_edge(reg, ch, type="has_part")
        for k in range(per_chapter):
            n = (c - 1) * per_chapter + k + 1
            art = BASE + f"dalian/art{n}"
            G.add_node(art, type="Article", label=f"第{zh_number(n)}条", ordinal=n,
                       description=f"第{zh_number(n)}条 规定了营商环境建设的第{n}项要求。")
            G.add_edge(ch, art, type="has_part")
            articles.append(art)
    for u in range(units):
        G.add_node(BASE + f"unit/{u}", type="Unit", label=f"市第{u + 1}局", unitKind="department")
    for d in range(documents):
        doc = BASE + f"doc/{d}"
        G.add_node(doc, type="Document", label=f"大政发〔2021〕{d + 1}号", docNumber=f"大政发〔2021〕{d + 1}号")
        G.add_edge(doc, reg, type="based_on")
    for m in range(metrics):
        G.add_node(BASE + f"metric/{m}", type="Metric", label=f"指标{m + 1}", figures=[f"{(m + 1) * 12}项"])
    statuses = (["done"], ["ongoing"], ["planned"], ["done", "planned"])
    for i in range(measures):
        me = BASE + f"measure/{i}"
        start = 1000 + 120 * i
        quote = f"市第{i % units + 1}局牵头推进第{i + 1}项措施，已完成审批事项精简{i + 3}项。"
        G.add_node(me, type="Measure", label=f"措施{i + 1}：优化机构设置", status=statuses[i % 4],
                   deadline=f"2022-{i % 12 + 1:02d}-30", figures=[f"{i + 3}项", f"{(i + 1) * 5}%"],
                   description=f"第{i + 1}项措施的摘要。", score=round(0.5 + i / 50, 2),
                   evidence=[{"quote": quote, "source": report, "start": start, "end": start + len(quote)}])
        for a in (3 * i, 3 * i + 1):
            if a < len(articles):
                G.add_edge(me, articles[a], type="implements", score=0.9)
        G.add_edge(me, BASE + f"unit/{i % units}", type="responsibleUnit")
        G.add_edge(me, BASE + f"metric/{i % metrics}", type="reportsMetric")
        if i < documents:
            G.add_edge(me, BASE + f"doc/{i}", type="mentionsDocument")
    return G


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
                                   "reg/dalian", "reg/liaoning", "reg/state")}
    assert set(H) == expected  # no units, metrics or unrelated articles
    assert H.has_edge(BASE + "reg/liaoning", BASE + "reg/state")


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
    assert data["info"][0]["label"] == nasty and data["info"][0]["evidence"][0]["quote"] == nasty
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
    assert info["status"] == ["done"] and info["evidence"][0]["quote"] == "一句证据"
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
    assert len(data["nodes"]) == 7
    data = data_of(views.to_html(select.focus(G, "第七条"), title="t", kind="focus"))
    assert data["info"][data["center"]]["label"] == "第七条"


def test_a_cut_view_keeps_its_center(G):
    data = data_of(views.to_html(G, title="t", kind="focus", center="第七十条", depth=3, max_nodes=10))
    assert len(data["nodes"]) == 10 and data["info"][data["center"]]["label"] == "第七十条"
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
