"""Opening a view in Debian's chromium and reading what a reviewer sees.

The page's Content-Security-Policy forbids eval, which Playwright's ``wait_for_function`` needs, so
everything waits on the page's own signals with ``wait_for_selector``: ``<body data-pg-drawn>`` once
the first frame is drawn and the layout stable, ``data-pg-frame`` counting the frames drawn since.
No fixed sleeps.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM = os.environ.get("POLICYGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1600, "height": 1000}
LAWS = Path(__file__).resolve().parents[2].parent / "shared" / "laws"

# Share of the canvas's sampled pixels that carry ink (alpha > 0): a drawn graph, not a blank canvas.
INK = """() => { const c = document.querySelector('#pg-graph canvas'); const d = c.getContext('2d')
  .getImageData(0, 0, c.width, c.height).data; let ink = 0, n = 0;
  for (let i = 0; i < d.length; i += 4 * 53) { n++; if (d[i + 3] > 0) ink++; } return ink / n; }"""


def wait_drawn(page, timeout: float = 90_000) -> None:
    """Until the page says it has drawn its first frame and stopped moving."""
    page.wait_for_selector("body[data-pg-drawn]", state="attached", timeout=timeout)


def wait_next_frame(page, frame: int, timeout: float = 10_000) -> None:
    """Until the page has drawn a frame after frame number ``frame``."""
    page.wait_for_selector(f'body[data-pg-frame]:not([data-pg-frame="{frame}"])', state="attached",
                           timeout=timeout)


class Opened:
    """A page at 1600x1000 with everything that must not happen recorded (console errors, page
    errors, dialogs, requests leaving the file)."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport=VIEWPORT)
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.problems.append(m.text))
        self.page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        self.page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        self.page.on("request", lambda r: r.url.startswith(("file:", "data:", "about:"))
                     or self.problems.append(f"request: {r.url}"))
        self.page.goto(path.as_uri())
        wait_drawn(self.page)

    def js(self, expr, arg=None):
        return self.page.evaluate(expr, arg)

    @property
    def data(self) -> dict:
        return self.js("policygraphView.data")

    def node_id(self, iri):
        return self.js("iri => policygraphView.data.info.findIndex(i => i.iri === iri)", iri)

    def frame(self) -> int:
        return int(self.js("policygraphView.frames"))

    def ink(self) -> float:
        return self.js(INK)

    def label_px(self) -> dict:
        """{px: the smallest on-screen label size drawn in the canvas, labels: how many}."""
        return self.js("policygraphView.smallestLabelPx()")

    def dom_xy(self, nid):
        return self.js("""id => { const v = policygraphView.network, p = v.getPositions([id])[id];
                       const d = v.canvasToDOM(p), r = document.querySelector('#pg-graph canvas').getBoundingClientRect();
                       return [r.left + d.x, r.top + d.y]; }""", nid)

    def click_node(self, nid, scale: float = 1.5):
        """Centre the node, then click it with the mouse like a user."""
        self.js(f"id => policygraphView.network.focus(id, {{scale: {scale}, animation: false}})", nid)
        frame = self.frame()
        self.js("policygraphView.network.redraw()")
        wait_next_frame(self.page, frame)
        x, y = self.dom_xy(nid)
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
