"""Where each node is drawn: the layered layout (left to right by class) and the others.

Positions are computed here, in Python, so the page draws at once instead of running a physics
simulation (pyvis' default needs 23-37 s to settle 254 nodes).
"""

from __future__ import annotations

import math

import networkx as nx

from policygraph.views import select
from policygraph.views.styles import OTHER_STYLE, TYPE_STYLE

ROW_GAP, COL_GAP = 46.0, 250.0
CHAR_PX, LINE_PX = 14.0, 17.0  # a CJK character and a line of a 14 px label


def _column(type_: str) -> int:
    return TYPE_STYLE.get(type_, OTHER_STYLE).column


def _order_key(G: nx.Graph, n, index: int):
    a = G.nodes[n]
    for k in ("number", "ordinal"):
        v = a.get(k)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return (float(v), a.get("suffix") or 0, index)
    return (math.inf, 0, index)


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


def _rows_for_screen(sizes: list[int], gaps: list[float], row_gaps: list[float], aspect: float = 1.6) -> int:
    """Rows per column that let the whole picture fit a landscape window at the largest zoom.

    Fewer rows make tall columns wrap into more sub-columns (wider, lower picture); we pick the
    count minimising the larger of width/aspect and height, i.e. maximising the zoom at "fit".
    """
    best, best_cost = 1, math.inf
    for rows in range(2, max(sizes) + 1):
        wraps = [math.ceil(n / rows) for n in sizes]
        width = sum((k - 0.5) * g if k > 1 else 0.0 for k, g in zip(wraps, gaps, strict=True))
        width += (len(sizes) - 1) * COL_GAP
        height = max((min(rows, n) - 1) * rg for n, rg in zip(sizes, row_gaps, strict=True))
        cost = max(width / aspect, height)
        if cost < best_cost:
            best, best_cost = rows, cost
    return max(best, 2)


def label_box(label: str, font: float = CHAR_PX) -> tuple[float, float]:
    """(width, height) in canvas pixels of a drawn label (lines of CJK characters of ``font`` px)."""
    lines = str(label).split("\n") or [""]
    return font * max(len(x) for x in lines), LINE_PX * font / CHAR_PX * len(lines)


def layered_positions(G: nx.Graph, labels: dict | None = None, center=None) -> dict:
    """Left-to-right columns by class; rows ordered so nodes sit level with their neighbours.

    Columns follow the types' ``column`` (regulation, chapters, articles, measures, units,
    documents, figures). Each column is ordered by the mean height of its already placed
    neighbours (a barycentre sweep: children line up with their parents, so edges stay short and
    mostly flat), ties in document order (第一条 before 第二条); the first column is then placed
    again against the second, so a regulation sits level with its chapters. Tall columns wrap into
    sub-columns filled row by row, like lines of text. ``labels`` (node -> drawn label, lines
    split by newlines) sets each column's width and row height so that a label sits under its own
    node, clear of the next one.

    >>> G = nx.DiGraph([("r", "a")]); G.nodes["r"]["type"] = "Regulation"; G.nodes["a"]["type"] = "Article"
    >>> pos = layered_positions(G); pos["r"][0] < pos["a"][0]
    True
    """
    if G.number_of_nodes() == 0:
        return {}
    labels = labels or {n: select.node_label(G, n) for n in G}
    index = {n: i for i, n in enumerate(G)}
    columns: dict[int, list] = {}
    for n in G:
        columns.setdefault(_column(select.node_type(G, n)), []).append(n)
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    boxes = {n: label_box(labels.get(n, ""), TYPE_STYLE.get(select.node_type(G, n), OTHER_STYLE).font) for n in G}
    if center in boxes:  # drawn larger (bold 17 px, a bigger shape)
        boxes[center] = (boxes[center][0] * 1.25, boxes[center][1] * 1.25 + 12)
    sub_gap = {c: max(90.0, max(boxes[n][0] for n in m) + 28.0) for c, m in columns.items()}
    row_gap = {c: max(ROW_GAP, max(boxes[n][1] for n in m) + 2 * TYPE_STYLE.get(
        select.node_type(G, m[0]), OTHER_STYLE).size + 14.0) for c, m in columns.items()}
    order = sorted(columns)
    max_rows = _rows_for_screen([len(columns[c]) for c in order], [sub_gap[c] for c in order],
                                [row_gap[c] for c in order])
    height = max((min(max_rows, len(columns[c])) - 1) * row_gap[c] for c in order)
    pos: dict = {}
    ctx = _Columns(G, U, pos, index, max_rows, height)
    x, starts = 0.0, {}
    for col in order:
        starts[col] = x
        x += ctx.place(columns[col], x, sub_gap[col], row_gap[col]) + max(COL_GAP, sub_gap[col])
    first = min(columns)
    if len(columns) > 1 and len(columns[first]) <= max_rows:
        for n in columns[first]:
            del pos[n]
        ctx.place(columns[first], starts[first], sub_gap[first], row_gap[first])
    return pos


class _Columns:
    """Places the columns of :func:`layered_positions` one by one into ``pos``."""

    def __init__(self, G, U, pos: dict, index: dict, max_rows: int, height: float):
        self.G, self.U, self.pos, self.index, self.max_rows, self.height = G, U, pos, index, max_rows, height

    def place(self, members: list, x: float, gap: float, rgap: float) -> float:
        """Position one column at ``x``; returns the column's width."""
        G, pos, max_rows = self.G, self.pos, self.max_rows
        own, target = set(members), {}
        for n in members:
            ys = [pos[m][1] for m in self.U.neighbors(n) if m in pos and m not in own]
            if ys:
                target[n] = sum(ys) / len(ys)
        members.sort(key=lambda n: (target.get(n, math.inf), _order_key(G, n, self.index[n])))
        k = math.ceil(len(members) / max_rows)  # sub-columns
        if k == 1 and target:
            # Few nodes: each as level with its neighbours as the row gap allows.
            aimed = [n for n in members if n in target]
            ys = _spaced([target[n] for n in aimed], rgap)
            for i, n in enumerate(members):  # nodes without placed neighbours go below
                pos[n] = (x, ys[i] if i < len(ys) else ys[-1] + (i - len(ys) + 1) * rgap)
            return 0.0
        rows = math.ceil(len(members) / k)
        # wrapped columns fill the common height; a short column is centred, not stretched
        step = max(rgap, min(self.height / (rows - 1), 4 * rgap)) if rows > 1 else 0.0
        for i, n in enumerate(members):
            row, sub = divmod(i, k)
            # odd rows shift half a sub-column so labels of neighbouring rows do not stack
            dx = gap / 2 if row % 2 and k > 1 else 0.0
            pos[n] = (x + sub * gap + dx, (row - (rows - 1) / 2) * step)
        return (k - 0.5) * gap if k > 1 else 0.0


def positions(G: nx.Graph, layout: str, labels: dict | None = None, center=None) -> dict | None:
    """Positions for ``layout``: layered, spring, or None for physics (the page lays it out)."""
    if layout == "layered":
        return layered_positions(G, labels, center)
    if layout == "spring":
        raw = nx.spring_layout(G, seed=7, iterations=60 if G.number_of_nodes() <= 2000 else 25)
        scale = 40.0 * math.sqrt(max(G.number_of_nodes(), 1))
        return {n: (float(p[0]) * scale, float(p[1]) * scale) for n, p in raw.items()}
    return None  # "physics": vis-network places nodes, stabilises, then stops
