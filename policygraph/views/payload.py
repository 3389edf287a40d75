"""The JSON the page script reads: nodes, edges, evidence, legend, search names and view hints.

Evidence is one table (``evidence``) that nodes and edges point into by index, so a span that
supports a measure's responsibility and is also the unit's mention is sent once. Each node's
``info.evidence`` groups the spans by the fact they support (``rel`` + ``other``: the edge, or a fact
without an edge such as a status); each edge's extra dict holds its spans and, for a ranked link,
``score``, ``rank``, ``method`` and ``matched``.
"""

from __future__ import annotations

from collections import deque

import networkx as nx

from policygraph.graphview import metric_label
from policygraph.views import labels as lab
from policygraph.views import layout as layouts
from policygraph.views import select
from policygraph.views.styles import OTHER_STYLE, TYPE_STYLE, relation

FONT_STACK = "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', SimHei, sans-serif"
STATUS_ZH = {"done": "已完成", "ongoing": "推进中", "planned": "计划中"}
# Coverage view: how many measures implement an article -> colour (0 is a gap, drawn red).
COVERAGE_SCALE = ((0, "无措施 (缺口)", "#D7263D"), (1, "1 项措施", "#A6D96A"), (2, "2–3 项", "#52A552"),
                  (4, "4 项以上", "#1B7837"))
NOT_COUNTED = ("目的、范围、施行条款（不计入）", "#C9C9C9")
GROUP_LIMIT = 8  # spans listed per fact in a node's panel (the count says how many there are)
EXPAND_UP_TO = 150  # coverage: chapters start folded above this many articles


def _text(value) -> str:
    return "" if value is None else str(value)


def _as_list(value) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple, set, frozenset)):
        return [v for v in value if v is not None and v != ""]
    return [value]


def font_size(type_: str) -> int:
    """Label size by class: regulations and chapters stay readable when zoomed out (level of detail)."""
    return TYPE_STYLE.get(type_, OTHER_STYLE).font


class Evidence:
    """The evidence table: each distinct span once; ``add`` returns its index."""

    def __init__(self):
        self.rows: list[dict] = []
        self._index: dict[tuple, int] = {}

    def add(self, ev) -> int:
        if not isinstance(ev, dict):  # a bare string is a quote without a known position
            ev = {"quote": ev}
        row = {k: _text(ev.get(k)) for k in ("quote", "source", "path", "start", "end", "position")}
        row = {k: v for k, v in row.items() if v or k in ("quote", "source", "start", "end")}
        for k in ("context", "within"):
            if isinstance(ev.get(k), dict):
                row[k] = ev[k]
        key = (row["source"], row["start"], row["end"], row["quote"], row.get("position", ""))
        if key not in self._index:
            self._index[key] = len(self.rows)
            self.rows.append(row)
        else:  # the same span met again, e.g. a one-sentence measure as a link's sentence: keep both's keys
            for k, v in row.items():
                self.rows[self._index[key]].setdefault(k, v)
        return self._index[key]


def _coverage_colour(n: int) -> str:
    colour = COVERAGE_SCALE[0][2]
    for lo, _, c in COVERAGE_SCALE:
        if n >= lo:
            colour = c
    return colour


def drawn_label(G: nx.Graph, n, kind: str, context: str | None) -> str:
    """The label on the canvas: wrapped, with what it belongs to when ambiguous, and in the
    coverage view the article's measure count or the chapter's covered articles."""
    a = G.nodes[n]
    t = select.node_type(G, n)
    text = metric_label(a) if t == "Metric" else select.node_label(G, n)
    out = lab.wrap(text)
    if context:
        out += "\n" + lab.wrap(context, 14)
    if kind == "coverage" and "coverage" in a:
        out += f" ({int(a['coverage'])})"
    elif kind == "coverage" and "covered" in a:
        out += f"\n{a['covered']}/{a['operative']} 条有措施" if a["operative"] else "\n无计入条款"
    return out


def _tooltip(label: str, type_: str, a: dict, extra: str = "") -> str:
    """Plain text for hover; vis-network sets it with ``innerText`` so nothing is HTML-escaped."""
    lines = [label, f"{TYPE_STYLE.get(type_, OTHER_STYLE).zh} · {type_}"]
    if a.get("description"):
        desc = _text(a["description"])
        lines.append(desc if len(desc) <= 160 else desc[:159] + "…")
    status = [_text(s) for s in _as_list(a.get("status"))]
    if status:
        lines.append("状态: " + "、".join(STATUS_ZH.get(s, s) for s in status))
    if a.get("deadline"):
        lines.append("期限: " + _text(a["deadline"]))
    if extra:
        lines.append(extra)
    return "\n".join(lines)


_DETAIL_SKIP = {"type", "label", "description", "status", "deadline", "figures", "evidence", "score",
                "x", "y", "coverage", "gap", "aliases", "_version", "operative", "covered", "number", "suffix", "ordinal"}
_FIGURE_FIELDS = (("what", "统计对象 what"), ("subject", "主体 subject"), ("asOf", "截至 as of"),
                  ("metricKind", "类别 kind"))


def _details(n, a: dict, full_label: str) -> dict:
    d = {
        "label": full_label, "iri": _text(n), "description": _text(a.get("description")),
        "status": [_text(s) for s in _as_list(a.get("status"))], "deadline": _text(a.get("deadline")),
        "figures": [_text(f) for f in _as_list(a.get("figures"))], "score": _text(a.get("score")),
    }
    if a.get("operative") is False:
        d["note"] = "目的、范围、定义或施行条款：链接程序不为其匹配措施，不计为缺口 · not linked by design, no gap"
    # Other scalar attributes (docNumber, what, unitKind …) are shown too rather than silently dropped.
    names = dict(_FIGURE_FIELDS)
    extra = {names.get(str(k), str(k)): _text(v) for k, v in a.items()
             if k not in _DETAIL_SKIP and not str(k).startswith("_") and isinstance(v, (str, int, float))}
    if extra:
        d["more"] = extra
    return d


def _edge_extra(a: dict, table: Evidence) -> dict:
    extra = {}
    ev = [table.add(e) for e in _as_list(a.get("evidence"))]
    if ev:
        extra["ev"] = ev
    for k in ("score", "rank", "method", "probability"):
        if a.get(k) is not None and a.get(k) != "":
            extra[k] = a[k] if isinstance(a[k], (int, float)) else _text(a[k])
    if a.get("matched"):
        extra["matched"] = [_text(m) for m in _as_list(a["matched"])]
    return extra


def _node_groups(G: nx.Graph, n, ids: dict, table: Evidence) -> list[dict]:
    """The node's evidence grouped by the fact it supports: its own spans, its facts without a
    drawn edge (status …), then every drawn edge with spans, either direction."""
    groups: dict[tuple, dict] = {}

    def put(key, group, evs):
        g = groups.setdefault(key, {**group, "items": [], "count": 0})
        for e in evs:
            i = table.add(e)
            if i not in g["items"]:
                g["count"] += 1
                if len(g["items"]) < GROUP_LIMIT:
                    g["items"].append(i)

    for e in _as_list(G.nodes[n].get("evidence")):
        fact = e.get("fact") if isinstance(e, dict) else None
        put(("own", fact), {"rel": fact, "dir": "", "other": None}, [e])
    if G.is_directed():
        for dir_, edges in (("→", G.out_edges(n, data=True)), ("←", G.in_edges(n, data=True))):
            for u, v, a in edges:
                # structure and membership rest on the node's own spans, listed above
                if a.get("evidence") and relation(_text(a.get("type"))).group == "link":
                    other = v if dir_ == "→" else u
                    put((dir_, a.get("type"), other), {"rel": _text(a.get("type")), "dir": dir_,
                                                       "other": ids[other]}, _as_list(a["evidence"]))
    return list(groups.values())


def importance(G: nx.Graph, kind: str, center) -> list:
    """Nodes in the order they deserve the opening screen: the center and its neighbours by
    distance, or (overview) structure then the most implemented articles with their measures."""
    if center is not None and center in G:
        U = G.to_undirected(as_view=True) if G.is_directed() else G
        seen, queue = {center: None}, deque([center])
        while queue:
            for m in sorted(U.neighbors(queue.popleft()), key=str):
                if m not in seen:
                    seen[m] = None
                    queue.append(m)
        return list(seen) + [n for n in G if n not in seen]
    # overview: what the reports say was done — each measure (most linked first) with the articles
    # it implements and who runs it — then the structure it hangs on
    order: dict = {}
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    measures = sorted((n for n in G if select.node_type(G, n) == "Measure"), key=lambda n: (-G.degree(n), str(n)))
    for m in measures:
        order.setdefault(m, None)
        for x in sorted(U.neighbors(m), key=str):
            order.setdefault(x, None)
    for n in select._ranked(G, G.number_of_nodes()):
        order.setdefault(n, None)
    return list(order)


def anchor(G: nx.Graph, kind: str, center) -> list:
    """The nodes the opening screen is centred on when the whole picture is too big to read:
    the center of a focus or trace, a coverage's regulation and first chapter, the measures of
    an overview (what the reports say was done, between the articles and the units)."""
    if kind == "coverage":
        groups = (G.graph.get("pg_view") or {}).get("groups") or []
        first = [x for g in groups[:1] for x in [g["chapter"], *g["items"]] if x is not None]
        return [n for n in [center, *first] if n in G]
    if center is not None and center in G:
        return [center]
    return [n for n in G if select.node_type(G, n) == "Measure"] or select._ranked(G, 20)


def _coverage_groups(G: nx.Graph, ids: dict) -> list[dict]:
    groups = (G.graph.get("pg_view") or {}).get("groups") or []
    out = []
    for g in groups:
        items = [ids[x] for x in g["items"] if x in ids]
        if items:
            out.append({"chapter": ids.get(g["chapter"]), "book": ids.get(g["book"]), "items": items})
    total = sum(len(g["items"]) for g in out)
    for g in out:
        g["open"] = total <= EXPAND_UP_TO or g["chapter"] is None
    return out


def _node(G, n, i, kind, center, ctx, pos) -> dict:
    a = G.nodes[n]
    type_ = select.node_type(G, n)
    node = {"id": i, "type": type_, "label": drawn_label(G, n, kind, ctx)}
    extra = ""
    if kind == "coverage" and "coverage" in a:
        cov = int(a["coverage"])
        counted = a.get("operative", True) is not False
        node["color"] = _coverage_colour(cov) if counted or cov else NOT_COUNTED[1]
        extra = f"落实措施: {cov}" + (" (缺口 gap)" if a.get("gap") else "" if counted else " (不计入)")
    full = f"{ctx} {select.node_label(G, n)}" if ctx else select.node_label(G, n)
    node["tip"] = _tooltip(full, type_, a, extra)
    if pos is not None and n in pos:
        node["x"], node["y"] = round(pos[n][0], 1), round(pos[n][1], 1)
    if n == center:
        node["center"] = True
    return node


def payload(G: nx.Graph, *, title: str, kind: str, notice: str, center, layout: str) -> dict:
    """Everything the page script needs, as plain JSON-ready data."""
    ids = {n: i for i, n in enumerate(G)}
    ctx = lab.contexts(G)
    drawn = {n: drawn_label(G, n, kind, ctx.get(n)) for n in G}
    # the coverage view is laid out by the page (chapters fold and unfold)
    pos = None if kind == "coverage" and layout == "layered" else layouts.positions(G, layout, drawn, center)
    names, regs = lab.regulation_names(G), lab.part_regulations(G)
    table, nodes, info, counts = Evidence(), [], [], {}
    for n in G:
        node = _node(G, n, ids[n], kind, center, ctx.get(n), pos)
        counts[node["type"]] = counts.get(node["type"], 0) + 1
        nodes.append(node)
        full = f"{ctx[n]} {select.node_label(G, n)}" if n in ctx else select.node_label(G, n)
        d = _details(n, G.nodes[n], full)
        d["name"] = select.node_label(G, n)  # as graphq prints it (paths of a trace)
        d["evidence"] = _node_groups(G, n, ids, table)
        d["keys"] = lab.search_keys(G, n, ctx.get(n), names, regs)
        info.append(d)
    edges, rels = [], {}
    for u, v, a in G.edges(data=True):
        rel = _text(a.get("type")) or "related"
        rels[rel] = rels.get(rel, 0) + 1
        extra = _edge_extra(a, table)
        edges.append([ids[u], ids[v], rel, extra] if extra else [ids[u], ids[v], rel])
    view = G.graph.get("pg_view") or {}
    return {
        "title": title, "kind": kind, "notice": notice, "layout": layout,
        "center": ids.get(center), "font": FONT_STACK,
        "types": _types(counts), "relations": _relations(rels, kind),
        "nodes": nodes, "edges": edges, "info": info, "evidence": table.rows,
        "order": [ids[n] for n in importance(G, kind, center)],
        "anchor": [ids[n] for n in anchor(G, kind, center)],
        "groups": _coverage_groups(G, ids) if kind == "coverage" else [],
        "paths": [{"nodes": [ids[x] for x in p if x in ids], "rels": list(r)}
                  for p, r in zip(view.get("paths") or [], view.get("relations") or [], strict=False)],
        "coverage": ([{"label": lb, "color": c} for _, lb, c in COVERAGE_SCALE]
                     + [{"label": NOT_COUNTED[0], "color": NOT_COUNTED[1]}]) if kind == "coverage" else [],
        "statusZh": STATUS_ZH,
    }


def _types(counts: dict) -> list[dict]:
    out = []
    for name in sorted(counts, key=lambda t: (TYPE_STYLE.get(t, OTHER_STYLE).column, t)):
        s = TYPE_STYLE.get(name, OTHER_STYLE)
        out.append({"name": name, "zh": s.zh, "color": s.colour, "shape": s.shape, "size": s.size,
                    "font": font_size(name), "count": counts[name]})
    return out


def _relations(rels: dict, kind: str) -> list[dict]:
    """Legend rows: facts first, then structure and membership. Membership starts hidden in the
    overview (114 "in report" edges would fan into one node), structure in the coverage view (the
    chapter blocks show it)."""
    order = {"link": 0, "part": 1, "member": 2}
    out = []
    for name in sorted(rels, key=lambda r: (order.get(relation(r).group, 0), relation(r).zh, r)):
        s = relation(name)
        out.append({"name": name, "zh": s.zh, "color": s.colour, "count": rels[name], "group": s.group,
                    "dashes": s.dashes, "basis": s.basis,
                    "hidden": (kind == "overview" and s.group == "member") or (kind == "coverage" and s.group == "part")})
    return out
