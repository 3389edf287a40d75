"""Self-contained, offline HTML views of a policy graph.

One HTML file holds everything: the vis-network library (read from the installed ``pyvis`` package,
licence comment kept), our stylesheet and script, and the graph as JSON. Nothing is fetched from the
network, so the file opens on an intranet PC without internet; a Content-Security-Policy in the page
enforces that.

Input: a ``networkx`` graph whose nodes are IRIs with ``type``, ``label`` and optional
``description``, ``status``, ``deadline``, ``figures``, ``evidence`` (``{"quote", "source",
"start", "end"}`` dicts) and ``score``; edges with a ``type`` (``has_part``, ``implements`` …).

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
import json
import math
import os
import re
import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx

from policygraph.errors import PolicyGraphError
from policygraph.views import select

VIS_VERSION = "9.1.2"
FONT_STACK = "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', SimHei, sans-serif"
KINDS = ("overview", "focus", "trace", "coverage")
LAYOUTS = ("layered", "spring", "physics")

# Class -> (Chinese name, colour, vis shape, size, column). Colours follow the Okabe-Ito palette so
# they stay distinguishable for colour-blind readers; shapes differ too, so print in grey still works.
def load_styles():
    """``(TYPE_STYLE, OTHER_STYLE, REL_STYLE)`` from data/view_styles.csv and the ontology's labels.

    TYPE_STYLE maps a class's local name to (Chinese name, colour, shape, size, layout column);
    REL_STYLE a relation's local name to (Chinese name, colour).
    """
    import csv

    import rdflib

    from ..ontology.terms import PG

    base = Path(__file__).resolve().parents[1]
    onto = rdflib.Graph().parse(base / "ontology" / "policygraph.ttl")

    def zh(name: str) -> str:
        for label in onto.objects(rdflib.URIRef(PG + name), rdflib.RDFS.label):
            if getattr(label, "language", None) == "zh":
                return str(label)
        return name

    with open(base / "data" / "view_styles.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(ln for ln in fh if not ln.startswith("#")))
    types, rels, other = {}, {}, None
    # every relation of the ontology with a Chinese label gets it, drawn in the default grey
    for prop in onto.subjects(rdflib.RDF.type, rdflib.OWL.ObjectProperty):
        local = str(prop).rsplit("#", 1)[-1]
        if str(prop).startswith(str(PG)) and zh(local) != local:
            rels[local] = (zh(local), "#9A9A9A")
    for r in rows:
        name = r["zh"] or zh(r["name"])
        if r["kind"] == "type":
            style = (name, r["colour"], r["shape"], int(r["size"]), int(r["column"]))
            if r["name"] == "*":
                other = style
            else:
                types[r["name"]] = style
        else:
            rels[r["name"]] = (name, r["colour"])
    return types, other, rels


# How each class and relation is drawn lives in data/view_styles.csv; the Chinese names of the
# ontology's own terms come from their rdfs:label@zh, so the legend and the ontology never disagree.
TYPE_STYLE, OTHER_STYLE, REL_STYLE = load_styles()
STATUS_ZH = {"done": "已完成", "ongoing": "推进中", "planned": "计划中"}
# Coverage view: how many measures implement an article -> colour (0 is a gap, drawn red).
COVERAGE_SCALE = ((0, "无措施 (缺口)", "#D7263D"), (1, "1 项措施", "#A6D96A"), (2, "2–3 项", "#52A552"),
                  (4, "4 项以上", "#1B7837"))

LABEL_CHARS = 12  # drawn labels are cut here; the full label is in the tooltip and side panel
ROW_GAP, COL_GAP = 46.0, 250.0


class ViewError(PolicyGraphError, ValueError):
    """A view was asked for with an unknown kind or layout, or a graph we cannot draw."""


# ------------------------------------------------------------------ assets
@lru_cache(maxsize=1)
def vis_js() -> str:
    """vis-network's minified script as shipped in the installed pyvis package."""
    ref = resources.files("pyvis").joinpath("templates", "lib", f"vis-{VIS_VERSION}", "vis-network.min.js")
    try:
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


# ------------------------------------------------------------------ node data
def _as_list(value) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple, set, frozenset)):
        return [v for v in value if v is not None and v != ""]
    return [value]


def _text(value) -> str:
    return "" if value is None else str(value)


def _short(label: str, n: int = LABEL_CHARS) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def _evidence(value) -> list[dict]:
    out = []
    for ev in _as_list(value):
        if isinstance(ev, dict):
            out.append({k: _text(ev.get(k)) for k in ("quote", "source", "start", "end")})
        else:  # a bare string is a quote without a known position
            out.append({"quote": _text(ev), "source": "", "start": "", "end": ""})
    return out


def _status(value) -> list[str]:
    return [_text(s) for s in _as_list(value)]


def _tooltip(label: str, type_: str, a: dict, extra: str = "") -> str:
    """Plain text for hover; vis-network sets it with ``innerText`` so nothing is HTML-escaped."""
    zh = TYPE_STYLE.get(type_, OTHER_STYLE)[0]
    lines = [label, f"{zh} · {type_}"]
    if a.get("description"):
        desc = _text(a["description"])
        lines.append(desc if len(desc) <= 160 else desc[:159] + "…")
    status = _status(a.get("status"))
    if status:
        lines.append("状态: " + "、".join(STATUS_ZH.get(s, s) for s in status))
    if a.get("deadline"):
        lines.append("期限: " + _text(a["deadline"]))
    if extra:
        lines.append(extra)
    return "\n".join(lines)


_DETAIL_SKIP = {"type", "label", "description", "status", "deadline", "figures", "evidence", "score",
                "x", "y", "coverage", "gap"}


def _details(n, a: dict) -> dict:
    d = {
        "iri": _text(n),
        "description": _text(a.get("description")),
        "status": _status(a.get("status")),
        "deadline": _text(a.get("deadline")),
        "figures": [_text(f) for f in _as_list(a.get("figures"))],
        "evidence": _evidence(a.get("evidence")),
        "score": _text(a.get("score")),
    }
    # Other scalar attributes (docNumber, unitKind …) are shown too rather than silently dropped.
    extra = {str(k): _text(v) for k, v in a.items()
             if k not in _DETAIL_SKIP and not k.startswith("_") and isinstance(v, (str, int, float))}
    if extra:
        d["more"] = extra
    return d


# ------------------------------------------------------------------ layout
def _column(type_: str) -> int:
    return TYPE_STYLE.get(type_, OTHER_STYLE)[4]


def _order_key(G: nx.Graph, n, index: int):
    a = G.nodes[n]
    for k in ("ordinal", "number"):
        v = a.get(k)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return (float(v), index)
    return (math.inf, index)


def _spaced(targets: list[float], gap: float) -> list[float]:
    """Positions closest (least squares) to sorted ``targets`` keeping ``gap`` between neighbours.

    With ``y_i = z_i + i*gap`` the constraint becomes "z is non-decreasing", i.e. isotonic
    regression of ``t_i - i*gap``, solved by pool-adjacent-violators in linear time.

    >>> _spaced([0, 0, 0], 10)
    [-10.0, 0.0, 10.0]
    """
    blocks: list[list[float]] = []  # [mean, count]
    for i, t in enumerate(targets):
        blocks.append([t - i * gap, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, c2 = blocks.pop()
            m1, c1 = blocks[-1]
            blocks[-1] = [(m1 * c1 + m2 * c2) / (c1 + c2), c1 + c2]
    z = [m for m, c in blocks for _ in range(int(c))]
    return [float(v + i * gap) for i, v in enumerate(z)]


def _rows_for_screen(sizes: list[int], gaps: list[float], aspect: float = 1.6) -> int:
    """Rows per column that let the whole picture fit a landscape window at the largest zoom.

    Fewer rows make tall columns wrap into more sub-columns (wider, lower picture); we pick the
    count minimising the larger of width/aspect and height, i.e. maximising the zoom at "fit".
    """
    best, best_cost = 1, math.inf
    for rows in range(2, max(sizes) + 1):
        wraps = [math.ceil(n / rows) for n in sizes]
        width = sum((k - 0.5) * g if k > 1 else 0.0 for k, g in zip(wraps, gaps, strict=True))
        width += (len(sizes) - 1) * COL_GAP
        height = (min(rows, max(sizes)) - 1) * ROW_GAP
        cost = max(width / aspect, height)
        if cost < best_cost:
            best, best_cost = rows, cost
    return max(best, 2)


def layered_positions(G: nx.Graph) -> dict:
    """Left-to-right columns by class; rows ordered so nodes sit level with their neighbours.

    Columns follow ``TYPE_STYLE`` (regulation, chapters, articles, measures, units, documents,
    figures). Each column is ordered by the mean height of its already placed neighbours (a
    barycentre sweep: children line up with their parents, so edges stay short and mostly flat);
    the first column is then placed again against the second, so a regulation sits level with its
    chapters. Tall columns wrap into sub-columns filled row by row, like lines of text, which keeps
    the vertical order while the picture stays roughly as wide as it is high.

    >>> G = nx.DiGraph([("r", "a")]); G.nodes["r"]["type"] = "Regulation"; G.nodes["a"]["type"] = "Article"
    >>> pos = layered_positions(G); pos["r"][0] < pos["a"][0]
    True
    """
    if G.number_of_nodes() == 0:
        return {}
    index = {n: i for i, n in enumerate(G)}
    columns: dict[int, list] = {}
    for n in G:
        columns.setdefault(_column(select.node_type(G, n)), []).append(n)
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    # sub-columns are as wide as the column's longest drawn label (14 px per CJK character)
    sub_gap = {c: max(90.0, 14.0 * max(len(_short(select.node_label(G, n))) for n in m) + 24.0)
               for c, m in columns.items()}
    order = sorted(columns)
    max_rows = _rows_for_screen([len(columns[c]) for c in order], [sub_gap[c] for c in order])
    height = (max_rows - 1) * ROW_GAP
    pos: dict = {}

    def place(members: list, x: float, gap: float) -> float:
        """Position one column at ``x``; returns the column's width."""
        own, target = set(members), {}
        for n in members:
            ys = [pos[m][1] for m in U.neighbors(n) if m in pos and m not in own]
            if ys:
                target[n] = sum(ys) / len(ys)
        members.sort(key=lambda n: (target.get(n, math.inf), _order_key(G, n, index[n])))
        k = math.ceil(len(members) / max_rows)  # sub-columns
        if k == 1 and target:
            # Few nodes: each as level with its neighbours as the row gap allows.
            aimed = [n for n in members if n in target]
            ys = _spaced([target[n] for n in aimed], ROW_GAP)
            for i, n in enumerate(members):  # nodes without placed neighbours go below
                pos[n] = (x, ys[i] if i < len(ys) else ys[-1] + (i - len(ys) + 1) * ROW_GAP)
            return 0.0
        rows = math.ceil(len(members) / k)
        # wrapped columns fill the common height; a short column is centred, not stretched
        step = min(height / (rows - 1), 4 * ROW_GAP) if rows > 1 else 0.0
        for i, n in enumerate(members):
            row, sub = divmod(i, k)
            # odd rows shift half a sub-column so labels of neighbouring rows do not stack
            dx = gap / 2 if row % 2 and k > 1 else 0.0
            pos[n] = (x + sub * gap + dx, (row - (rows - 1) / 2) * step)
        return (k - 0.5) * gap if k > 1 else 0.0

    x, starts = 0.0, {}
    for col in sorted(columns):
        starts[col] = x
        x += place(columns[col], x, sub_gap[col]) + COL_GAP
    first = min(columns)
    if len(columns) > 1 and len(columns[first]) <= max_rows:
        for n in columns[first]:
            del pos[n]
        place(columns[first], starts[first], sub_gap[first])
    return pos


def _positions(G: nx.Graph, layout: str) -> dict | None:
    if layout == "layered":
        return layered_positions(G)
    if layout == "spring":
        raw = nx.spring_layout(G, seed=7, iterations=60 if G.number_of_nodes() <= 2000 else 25)
        scale = 40.0 * math.sqrt(max(G.number_of_nodes(), 1))
        return {n: (float(p[0]) * scale, float(p[1]) * scale) for n, p in raw.items()}
    return None  # "physics": vis-network places nodes, stabilises, then stops


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
        G = H
    return G, meta.get("center"), " — ".join(notices)


def _coverage_color(n: int) -> str:
    color = COVERAGE_SCALE[0][2]
    for lo, _, c in COVERAGE_SCALE:
        if n >= lo:
            color = c
    return color


def payload(G: nx.Graph, *, title: str, kind: str, notice: str, center, layout: str) -> dict:
    """Everything the page script needs, as plain JSON-ready data."""
    pos = _positions(G, layout)
    ids = {n: i for i, n in enumerate(G)}
    nodes, info, counts = [], [], {}
    for n, a in G.nodes(data=True):
        type_ = select.node_type(G, n)
        label = select.node_label(G, n)
        counts[type_] = counts.get(type_, 0) + 1
        extra = ""
        node = {"id": ids[n], "type": type_}
        if kind == "coverage" and "coverage" in a:
            cov = int(a["coverage"])
            node["color"] = _coverage_color(cov)
            extra = f"落实措施: {cov}" + (" (缺口 gap)" if cov == 0 else "")
            node["label"] = f"{_short(label, LABEL_CHARS - 3)} ({cov})"
        else:
            node["label"] = _short(label)
        node["tip"] = _tooltip(label, type_, a, extra)
        if pos is not None:
            x, y = pos[n]
            node["x"], node["y"] = round(x, 1), round(y, 1)
        if n == center:
            node["center"] = True
        nodes.append(node)
        info.append({"label": label, **_details(n, a)})
    edges, rels = [], {}
    for u, v, a in G.edges(data=True):
        rel = _text(a.get("type")) or "related"
        rels[rel] = rels.get(rel, 0) + 1
        edge = [ids[u], ids[v], rel]
        if a.get("score") is not None:  # shown in the edge's tooltip: how sure the link is
            edge.append(_text(a["score"]))
        edges.append(edge)
    types = []
    for name in sorted(counts, key=lambda t: (_column(t), t)):
        zh, color, shape, size, _ = TYPE_STYLE.get(name, OTHER_STYLE)
        types.append({"name": name, "zh": zh, "color": color, "shape": shape, "size": size, "count": counts[name]})
    relations = []
    for name in sorted(rels):
        zh, color = REL_STYLE.get(name, (name, "#9A9A9A"))
        relations.append({"name": name, "zh": zh, "color": color, "count": rels[name]})
    return {
        "title": title, "kind": kind, "notice": notice, "layout": layout,
        "center": ids.get(center), "font": FONT_STACK,
        "types": types, "relations": relations, "nodes": nodes, "edges": edges, "info": info,
        "coverage": [{"label": lab, "color": c} for _, lab, c in COVERAGE_SCALE] if kind == "coverage" else [],
        "statusZh": STATUS_ZH,
    }


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
