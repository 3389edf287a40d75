"""Fixtures of the view tests: Debian's chromium driven by Playwright (never a downloaded browser),
pages opened at 1600x1000 as a reviewer would (see pages.py), and a store with the laws corpus loaded."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policygraph.views import html as views
from views.pages import ARGS, CHROMIUM, LAWS, Opened


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (python package) not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def open_view(browser, tmp_path):
    """``open_view(G, name, **to_html keywords)``: the graph rendered and opened."""
    pages = []

    def opener(G, name="view", **kwargs):
        kwargs.setdefault("title", "大连市优化营商环境条例 落实情况")
        path = views.render(G, tmp_path / f"{name}.html", **kwargs)
        pages.append(Opened(browser, path))
        return pages[-1]

    yield opener
    for p in pages:
        p.close()


@pytest.fixture()
def open_store_view(browser, tmp_path):
    """``open_store_view(pg, name, **PolicyGraph.view keywords)``: a store's view written and opened."""
    pages = []

    def opener(pg, name="view", **kwargs):
        path = pg.view(path=tmp_path / f"{name}.html", **kwargs)
        pages.append(Opened(browser, Path(path)))
        return pages[-1]

    yield opener
    for p in pages:
        p.close()


@pytest.fixture(scope="session")
def laws_graph(tmp_path_factory):
    """The demo graph with the whole laws corpus (../shared/laws) loaded, or skip.

    Loading takes one to two minutes; ``POLICYGRAPH_LAWS_STORE`` names a store folder built once
    (``graphq --store DIR demo && graphq --store DIR load --keep-going ../shared/laws``) to reuse.
    """
    from policygraph import PolicyGraph

    if not LAWS.is_dir():
        pytest.skip(f"the laws collection is not at {LAWS}")
    reuse = os.environ.get("POLICYGRAPH_LAWS_STORE")
    if reuse and Path(reuse).is_dir():
        pg = PolicyGraph.open(reuse)
    else:
        from policygraph.api import DATA_DIR

        pg = PolicyGraph.open(tmp_path_factory.mktemp("laws") / "store")
        pg.load([DATA_DIR / "catalogue.csv", DATA_DIR / "reports"])  # what graphq demo loads
        pg.load(LAWS, keep_going=True)
    yield pg
    pg.close()
