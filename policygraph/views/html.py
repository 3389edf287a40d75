"""Self-contained, offline HTML views of a policy graph.

One HTML file holds everything: the vis-network library (read from the installed ``pyvis`` package,
licence comment kept), our stylesheet and script, and the graph as JSON. Nothing is fetched from the
network, so the file opens on an intranet PC without internet; a Content-Security-Policy in the page
enforces that.

Input: a ``networkx`` graph whose nodes are IRIs with ``type``, ``label`` and optional
``description``, ``status``, ``deadline``, ``figures``, ``evidence`` (``{"quote", "source",
"start", "end"}`` dicts, grouped on the page by their ``fact``) and ``score``; edges with a ``type``
(``has_part``, ``implements`` …) and optional ``evidence``, ``score``, ``rank``, ``method``,
``matched`` (see :mod:`policygraph.graphview`, which reads this shape from a store).

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("id/reg", type="Regulation", label="优化营商环境条例")
>>> G.add_node("id/a7", type="Article", label="第七条", description="A & B <b>")
>>> _ = G.add_edge("id/reg", "id/a7", type="has_part")
>>> page = to_html(G, title="条例 & 措施")
>>> "<title>条例 &amp; 措施</title>" in page, "\\\\u003cb\\\\u003e" in page
(True, True)

Why not ``pyvis.Network.write_html``: with ``cdn_resources="local"`` it expects ``./lib`` next to the
file (and removes it on rewrite), it writes in the locale encoding (GBK on Chinese Windows), and its
template loads Bootstrap and vis from CDNs. We only borrow pyvis's copy of vis-network.
"""

from __future__ import annotations

import html as _html
import importlib.util
import json
import os
import re
import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx

from policygraph.errors import PolicyGraphError
from policygraph.views import select
from policygraph.views.layout import layered_positions  # noqa: F401  (part of the public API)
from policygraph.views.payload import COVERAGE_SCALE, FONT_STACK, STATUS_ZH, payload  # noqa: F401
from policygraph.views.styles import OTHER_STYLE, RELATIONS, TYPE_STYLE  # noqa: F401

VIS_VERSION = "9.1.2"
KINDS = ("overview", "focus", "trace", "coverage")
LAYOUTS = ("layered", "spring", "physics")


class ViewError(PolicyGraphError, ValueError):
    """A view was asked for with an unknown kind or layout, or a graph we cannot draw."""


# ------------------------------------------------------------------ assets
@lru_cache(maxsize=1)
def vis_js() -> str:
    """vis-network's minified script as shipped in the installed pyvis package."""
    # find_spec locates the package without importing it (pyvis imports IPython: over a second)
    spec = importlib.util.find_spec("pyvis")
    roots = list(spec.submodule_search_locations or []) if spec else []
    try:
        if not roots:
            raise OSError("pyvis is not installed")
        ref = Path(roots[0]) / "templates" / "lib" / f"vis-{VIS_VERSION}" / "vis-network.min.js"
        text = ref.read_text(encoding="utf-8")
    except OSError as exc:  # pragma: no cover - broken installation
        raise ViewError(f"pyvis does not ship vis-network {VIS_VERSION}: {exc}") from exc
    # Inside <script>, only "</script" or "<!--" could end or confuse the block; inside JS strings,
    # regexes and comments "<\/" means the same as "</".
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.I).replace("<!--", "<\\!--")


@lru_cache(maxsize=4)
def _asset(name: str) -> str:
    return resources.files("policygraph.views").joinpath(name).read_text(encoding="utf-8")


def script_json(obj) -> str:
    """JSON safe to put inside ``<script>``: ``<``, ``>`` and ``&`` become ``\\u003c`` etc.

    >>> script_json({"a": "</script>&"})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# ------------------------------------------------------------------ payload
def _prepare(G, kind, notice, max_nodes, center, depth):
    """Apply the selection asked for; returns (graph to draw, its center node or None, notice)."""
    if not isinstance(G, nx.Graph):
        raise ViewError(f"expected a networkx graph, got {type(G).__name__}")
    meta = dict(G.graph.get("pg_view") or {})
    if center is not None:
        if kind == "focus":
            G = select.focus(G, center, depth)
        elif kind == "trace":
            G = select.trace(G, center)
        elif kind == "coverage":
            G = select.coverage(G, center)
        else:
            raise ViewError(f"center= needs kind focus, trace or coverage, not {kind!r}")
        meta = dict(G.graph["pg_view"])
    notices = [notice] if notice else []
    if meta.get("notice"):
        notices.append(meta["notice"])
    if G.number_of_nodes() > max_nodes:
        keep_center = meta.get("center")
        H = select.overview(G, max_nodes=max_nodes)
        notices.append(H.graph["pg_view"]["notice"])
        if keep_center in G and keep_center not in H:  # the node the view is about must stay
            H = G.subgraph(list(H)[: max_nodes - 1] + [keep_center]).copy()
        H.graph["pg_view"] = {**meta, "kind": meta.get("kind", kind)}  # keep groups and paths
        G = H
    return G, meta.get("center"), " — ".join(notices)


# ------------------------------------------------------------------ public API
def to_html(G: nx.Graph, *, title: str, kind: str = "overview", notice: str | None = None,
            max_nodes: int = 3000, layout: str = "layered", center: str | None = None,
            depth: int = 1) -> str:
    """The view as one self-contained HTML document (a ``str``).

    ``kind`` is ``overview``, ``focus``, ``trace`` or ``coverage``. With ``center`` (an IRI or
    label) the matching selection from :mod:`policygraph.views.select` is applied first; without
    it ``G`` is drawn as given (e.g. the result of ``select.coverage``). Graphs over ``max_nodes``
    are cut down by :func:`select.overview` and the page says what is shown.
    """
    if kind not in KINDS:
        raise ViewError(f"unknown view kind {kind!r}; choose one of {', '.join(KINDS)}")
    if layout not in LAYOUTS:
        raise ViewError(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}")
    if max_nodes < 1:
        raise ViewError("max_nodes must be at least 1")
    H, center_node, full_notice = _prepare(G, kind, notice, max_nodes, center, depth)
    data = payload(H, title=str(title), kind=kind, notice=full_notice, center=center_node, layout=layout)
    parts = {
        "TITLE": _html.escape(str(title)),
        "CSS": _asset("view.css"),
        "VIS": vis_js(),
        "APP": _asset("view.js"),
        "DATA": script_json(data),
        "VIS_VERSION": VIS_VERSION,
    }
    # One pass over the template, so text substituted for one marker is never scanned for another.
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], _asset("template.html"))


def _default_name(title: str, kind: str) -> str:
    stem = re.sub(r"[^\w\-]+", "_", str(title), flags=re.UNICODE).strip("_")[:60]
    return f"{stem or 'policygraph'}-{kind}.html"


def render(G: nx.Graph, path: str | os.PathLike | None = None, *, title: str, kind: str = "overview",
           notice: str | None = None, max_nodes: int = 3000, layout: str = "layered",
           center: str | None = None, depth: int = 1) -> Path:
    """Write the view to ``path`` (UTF-8, whatever the locale) and return the file's path.

    ``path`` may be a directory or ``None`` (the current directory); the file is then named after
    the title. The file is written to a temporary name and moved into place, so a failure never
    leaves half a page behind.

    >>> import networkx as nx, tempfile, pathlib
    >>> G = nx.MultiDiGraph(); G.add_node("x", type="Measure", label="优化机构设置")
    >>> out = render(G, tempfile.mkdtemp(), title="措施")
    >>> out.name, out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    ('措施-overview.html', True)
    """
    page = to_html(G, title=title, kind=kind, notice=notice, max_nodes=max_nodes, layout=layout,
                   center=center, depth=depth)
    target = Path(path) if path is not None else Path.cwd()
    if target.is_dir():
        target = target / _default_name(title, kind)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".pgview-", suffix=".html", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(page.encode("utf-8"))
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def iframe(page: str, height: int = 640) -> str:
    """An ``<iframe srcdoc>`` holding ``page``; the whole document is attribute-escaped.

    ``srcdoc`` rather than a data: URL or ``IPython.display.HTML(page)`` directly: JupyterLab and VS
    Code sanitise or isolate output HTML so inline scripts of a raw page may not run, whereas an
    iframe document runs as a page of its own. ``sandbox="allow-scripts"`` lets it run without
    access to the notebook.
    """
    # wrapped in a div: IPython warns about HTML that starts with "<iframe"
    return (f'<div class="policygraph-view"><iframe srcdoc="{_html.escape(page, quote=True)}" '
            f'sandbox="allow-scripts" style="width:100%;height:{int(height)}px;border:1px solid #ddd">'
            '</iframe></div>')


def display(G: nx.Graph, *, title: str = "policygraph", height: int = 640, **kwargs):
    """Show the view inline in a notebook; returns an ``IPython.display.HTML`` object.

    Takes the same keywords as :func:`to_html`.
    """
    try:
        from IPython.display import HTML
    except ImportError as exc:  # pragma: no cover - IPython ships with every notebook
        raise ViewError("display() needs IPython; use render() to write a file instead") from exc
    return HTML(iframe(to_html(G, title=title, **kwargs), height=height))
