"""Screenshots of the four views of the demo store at 1600x1000, as the README shows them.

    python scripts/screenshots.py                 # builds the demo store in a temporary folder
    python scripts/screenshots.py --store DIR     # or uses a store built with `graphq --store DIR demo`

Writes docs/img/view-overview.png, view-focus.png, view-trace.png and view-coverage.png. Drives
Debian's chromium (/usr/bin/chromium, or $POLICYGRAPH_CHROMIUM) through Playwright's Python package;
it never downloads a browser. Each shot is taken once the page says it has drawn (<body
data-pg-drawn>), at the zoom the page opens with.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policygraph import PolicyGraph  # noqa: E402
from policygraph.api import DATA_DIR  # noqa: E402

CHROMIUM = os.environ.get("POLICYGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWS = {
    "overview": {},
    "focus": {"focus": "市营商局", "depth": 2},
    "trace": {"trace": "大连市社会信用条例"},
    "coverage": {"coverage": "优化营商环境条例"},
}


def write_views(store: Path, out: Path) -> dict[str, Path]:
    pg = PolicyGraph.open(store)
    try:
        if not pg.store.count():
            pg.load([DATA_DIR / "catalogue.csv", DATA_DIR / "reports"])  # what `graphq demo` loads
        return {name: Path(pg.view(path=out / f"view-{name}.html", **kw)) for name, kw in VIEWS.items()}
    finally:
        pg.close()


def shoot(pages: dict[str, Path], img: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        raise SystemExit(f"no chromium at {CHROMIUM}: apt-get install chromium (set POLICYGRAPH_CHROMIUM)")
    img.mkdir(parents=True, exist_ok=True)
    shots = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for name, page_path in pages.items():
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(page_path.as_uri())
            page.wait_for_selector("body[data-pg-drawn]", state="attached", timeout=120_000)
            target = img / f"view-{name}.png"
            page.screenshot(path=str(target))
            shots.append(target)
            page.close()
        browser.close()
    return shots


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, help="store folder (default: a fresh demo store)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "img", help="where the PNGs go")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pg-shots-") as tmp:
        store = args.store or Path(tmp) / "store"
        for shot in shoot(write_views(store, Path(tmp)), args.out):
            print(shot)


if __name__ == "__main__":
    main()
