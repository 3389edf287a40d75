"""Pick the part of a graph worth drawing.

Every function takes the ``networkx`` graph produced by the query layer (nodes are IRIs with ``type``
and ``label`` attributes, edges carry a ``type``: ``has_part``, ``implements``, ``responsibleUnit`` …)
and returns a *subgraph copy* whose ``graph["pg_view"]`` dict tells :mod:`policygraph.views.html` how
to draw it: ``kind``, ``center`` (the node the view is about) and ``notice`` (a sentence for the page,
e.g. what was left out). Nodes are never mutated in the input graph.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("reg", type="Regulation", label="条例")
>>> G.add_node("a7", type="Article", label="第七条")
>>> G.add_node("m1", type="Measure", label="优化机构设置")
>>> _ = G.add_edge("reg", "a7", type="has_part")
>>> _ = G.add_edge("m1", "a7", type="implements")
>>> sorted(trace(G, "m1").nodes)
['a7', 'm1', 'reg']
>>> coverage(G, "条例").nodes["a7"]["coverage"]
1
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import networkx as nx

from policygraph import tracing
from policygraph.errors import NotFoundError
from policygraph.views import styles

# Relation local names, with the aliases the query layer may use (ELI and our own spellings).
IMPLEMENTS = frozenset({"implements", "ensures_implementation_of"})
HAS_PART = frozenset({"has_part", "hasPart", "hasSection", "hasMeasure"})
IS_PART_OF = frozenset({"is_part_of", "isPartOf", "inSection", "inReport"})

STRUCTURE_TYPES = ("Regulation", "RegulationVersion", "Division", "Book", "Chapter", "LegalSection")
ARTICLE_TYPES = frozenset({"Article", "Paragraph", "Item"})
MEASURE_TYPES = frozenset({"Measure", "ImplementationCandidate"})


def node_type(G: nx.Graph, n) -> str:
    return str(G.nodes[n].get("type") or "Other")


def node_label(G: nx.Graph, n) -> str:
    label = G.nodes[n].get("label")
    if label:
        return str(label)
    s = str(n)  # fall back to the IRI's local name, readable enough for an analyst
    return s.rsplit("#", 1)[-1] if "#" in s else s.rstrip("/").rsplit("/", 1)[-1]


def _edge_types(G: nx.Graph, u, v) -> set[str]:
    data = G.get_edge_data(u, v) or {}
    if G.is_multigraph():
        return {str(d.get("type", "")) for d in data.values()}
    return {str(data.get("type", ""))}


def _out(G: nx.Graph, n):
    return G.successors(n) if G.is_directed() else G.neighbors(n)


def _in(G: nx.Graph, n):
    return G.predecessors(n) if G.is_directed() else G.neighbors(n)


def find_node(G: nx.Graph, name: str, types: Iterable[str] | None = None):
    """The node whose IRI or label is ``name`` (exact first, then a unique substring match).

    Raises :class:`~policygraph.errors.NotFoundError` listing the closest labels otherwise, so a
    typo in a notebook gives a useful message rather than an empty picture.

    >>> G = nx.DiGraph(); G.add_node("x", label="第七条", type="Article")
    >>> find_node(G, "第七条")
    'x'
    """
    wanted = set(types) if types else None

    def ok(n):
        return wanted is None or node_type(G, n) in wanted

    if name in G and ok(name):
        return name
    exact = [n for n in G if ok(n) and node_label(G, n) == name]
    if len(exact) == 1:
        return exact[0]
    if not exact:
        partial = [n for n in G if ok(n) and name and name in node_label(G, n)]
        if len(partial) == 1:
            return partial[0]
        exact = partial
    labels = sorted({node_label(G, n) for n in (exact or G) if ok(n)})
    kind = "/".join(sorted(wanted)) if wanted else "node"
    if exact:  # ambiguous: say so and list the candidates
        raise NotFoundError(f"single {kind}", name, labels[:8])
    raise NotFoundError(kind, name, difflib.get_close_matches(name, labels, n=5, cutoff=0.3))


def _subgraph(G: nx.Graph, nodes: Iterable, kind: str, center=None, notice: str | None = None) -> nx.Graph:
    H = G.subgraph(list(nodes)).copy()
    H.graph["pg_view"] = {"kind": kind, "center": center, "notice": notice, "total": G.number_of_nodes()}
    return H


def implementers(G: nx.Graph) -> dict:
    """Implemented node -> set of the nodes (measures, documents) implementing it."""
    found: dict = {}
    for u, v, t in G.edges(data="type"):
        if t in IMPLEMENTS:
            found.setdefault(v, set()).add(u)
    return found


def measure_counts(G: nx.Graph) -> dict:
    """Number of distinct implementing nodes per implemented node."""
    return {n: len(s) for n, s in implementers(G).items()}


def _ranked(G: nx.Graph, max_nodes: int) -> list:
    """Nodes in the order they earn a place in a limited overview.

    Structure first (regulations and chapters are few and orient the reader), then article by
    article, most-implemented first, each followed by its measures and what those measures point to
    (units, documents, figures) so every drawn article comes with its context. Whatever is left is
    added by degree.
    """
    order: dict = {}  # dict as an ordered set

    def add(n):
        if len(order) < max_nodes:
            order.setdefault(n, None)

    by_degree = sorted(G, key=lambda n: (-G.degree(n), str(n)))
    for t in STRUCTURE_TYPES:
        for n in by_degree:
            if node_type(G, n) == t:
                add(n)
    counts = measure_counts(G)
    articles = [n for n in G if node_type(G, n) in ARTICLE_TYPES]
    articles.sort(key=lambda n: (-counts.get(n, 0), str(n)))
    for a in articles:
        if len(order) >= max_nodes:
            break
        add(a)
        implementers = sorted((u for u in _in(G, a) if IMPLEMENTS & _edge_types(G, u, a)), key=str)
        for m in implementers:
            add(m)
            for x in sorted(_out(G, m), key=str):
                add(x)
    for n in by_degree:
        if len(order) >= max_nodes:
            break
        add(n)
    return list(order)


def overview(G: nx.Graph, max_nodes: int = 3000) -> nx.Graph:
    """The whole graph, or its ``max_nodes`` most telling nodes with a notice saying so.

    >>> G = nx.path_graph(5, create_using=nx.MultiDiGraph)
    >>> overview(G, max_nodes=3).graph["pg_view"]["notice"][:19]
    'showing 3 of 5 node'
    """
    if max_nodes < 1:
        raise ValueError("max_nodes must be at least 1")
    total = G.number_of_nodes()
    if total <= max_nodes:
        return _subgraph(G, G.nodes, "overview")
    keep = _ranked(G, max_nodes)
    notice = (
        f"showing {len(keep):,} of {total:,} nodes: the articles with the most measures first"
        f" · 显示 {len(keep):,} / {total:,} 个节点（措施最多的条款优先）"
    )
    return _subgraph(G, keep, "overview", notice=notice)


def follows(rel: str, outward: bool, at_center: bool) -> bool:
    """Whether ``--focus`` follows link ``rel`` (forwards when ``outward``) from a node.

    From the node the view is about, every link; further out, facts (responsibility,
    implementation, citation, figures …) either way, structure only upwards (part -> whole) and
    membership in a report never: a bureau's neighbourhood is what it does, not everything else
    the report it appears in says.

    >>> follows("responsibleUnit", False, False), follows("inReport", True, False)
    (True, False)
    >>> follows("has_part", True, False), follows("has_part", False, False)
    (False, True)
    """
    if at_center:
        return True
    style = styles.relation(rel)
    if style.group == "member":
        return False
    if style.group == "part":
        return styles.is_upward(rel, outward)
    return True


def focus_walk(center, depth: int, step, limit: int = 5000) -> dict:
    """Node -> distance of everything ``--focus`` reaches from ``center`` in ``depth`` steps.

    ``step(frontier)`` yields ``(node, relation, other, outward, other_is_report)`` for the links of
    the frontier's nodes. A report reached on the way is kept but not expanded: it is a container
    whose other contents are not related to the center by being in it.
    """
    dist = {center: 0}
    frontier = [center]
    for d in range(max(0, int(depth))):
        nxt = []
        for n, rel, other, outward, hub in step(frontier):
            if other in dist or len(dist) >= limit or not follows(rel, outward, n == center):
                continue
            dist[other] = d + 1
            if not hub:
                nxt.append(other)
        frontier = nxt
    return dist


def _graph_step(G: nx.Graph):
    def step(frontier):
        for n in frontier:
            for _, v, t in G.out_edges(n, data="type"):
                yield n, str(t), v, True, node_type(G, v) == "Report"
            for u, _, t in G.in_edges(n, data="type"):
                yield n, str(t), u, False, node_type(G, u) == "Report"
    return step


def focus(G: nx.Graph, node: str, depth: int = 1) -> nx.Graph:
    """``node`` (IRI or label) and what :func:`focus_walk` reaches within ``depth`` steps.

    >>> G = nx.MultiDiGraph()
    >>> for u, v, t in [("a", "b", "responsibleUnit"), ("b", "c", "inReport"), ("d", "b", "responsibleUnit")]:
    ...     _ = G.add_edge(u, v, type=t)
    >>> sorted(focus(G, "b", 1).nodes), sorted(focus(G, "a", 2).nodes)
    (['a', 'b', 'c', 'd'], ['a', 'b', 'd'])
    """
    center = find_node(G, node)
    if not G.is_directed():
        G = G.to_directed()
    near = focus_walk(center, depth, _graph_step(G))
    return _subgraph(G, near, "focus", center=center)


# local names the networkx walk of a trace follows, by the prefixed names of policygraph.tracing
_ALIASES = {"ensures_implementation_of": IMPLEMENTS, "is_part_of": IS_PART_OF - {"inSection", "inReport"}}


def _local_set(props) -> frozenset:
    out = set()
    for p in props:
        name = p.split(":", 1)[1]
        out |= _ALIASES.get(name, {name})
    return frozenset(out)


def _graph_up(G: nx.Graph, props):
    """``up(node)`` of :func:`policygraph.tracing.trace` over ``G``'s edges (has_part read upwards)."""
    local = _local_set(props)

    def up(n):
        hops = set()
        for _, v, t in (G.out_edges(n, data="type") if G.is_directed() else ()):
            if t in local:
                hops.add(("ensures_implementation_of" if t in IMPLEMENTS else str(t), v))
        for u, _, t in (G.in_edges(n, data="type") if G.is_directed() else ()):
            if t in ("has_part", "hasPart") and "is_part_of" in local:
                hops.add(("is_part_of", u))
        return [(rel, v, node_label(G, v), node_type(G, v)) for rel, v in sorted(hops, key=str)]
    return up


def trace(G: nx.Graph, node: str, paths=None, max_hops: int = 8) -> nx.Graph:
    """The paths from ``node`` (a measure or document) up to the regulations it rests on.

    ``paths`` (:class:`policygraph.tracing.Path` objects, e.g. from
    :func:`policygraph.tracing.store_paths`) are drawn exactly, hop by hop; without them they are
    computed from ``G`` by the same function (:func:`policygraph.tracing.trace`), so the picture is
    the list ``graphq trace`` prints. ``graph["pg_view"]["paths"]`` keeps them.
    """
    start = find_node(G, node)
    if paths is None:
        mentioned = frozenset({"mentionsDocument"})
        paths = tracing.trace(
            start, _graph_up(G, tracing.UP), label=lambda n: node_label(G, n),
            fallback_up=_graph_up(G, tracing.FALLBACK_UP), max_hops=max_hops,
            mentioned_by=lambda d: [u for u in _in(G, d) if mentioned & _edge_types(G, u, d)])
    H = nx.MultiDiGraph()
    H.add_node(start, **G.nodes[start])
    for p in paths:
        prev = p.start
        for rel, target, label, typ in p.hops:
            if target not in H:
                H.add_node(target, **(G.nodes[target] if target in G else {"label": label, "type": typ}))
                if typ == "Article":  # named as graphq trace names it: with its regulation
                    H.nodes[target]["label"] = label
            u, v, t = (target, prev, "mentionsDocument") if rel == tracing.MENTIONED_BY else (prev, target, rel)
            if not any(d.get("type") == t for d in (H.get_edge_data(u, v) or {}).values()):
                H.add_edge(u, v, **_hop_data(G, u, v, t))
            prev = target
    reached = any(p.end_type == "Regulation" for p in paths)
    notice = (f"{len(paths)} path(s) up to the regulations, as graphq trace lists them · 共 {len(paths)} 条追溯路径"
              if reached else "no regulation reached from here · 未追溯到法规")
    H.graph["pg_view"] = {"kind": "trace", "center": start, "notice": notice, "total": G.number_of_nodes(),
                          "paths": [p.nodes() for p in paths], "relations": [[h[0] for h in p.hops] for p in paths]}
    return H


def _hop_data(G: nx.Graph, u, v, t) -> dict:
    """The attributes (evidence, score) of the drawn edge a hop follows: ``u -[t]-> v`` or, for
    is_part_of, the has_part edge it reads backwards."""
    for a, b, types in ((u, v, {t}), (v, u, HAS_PART if t in IS_PART_OF else set())):
        if a in G and b in G:
            for d in (G.get_edge_data(a, b) or {}).values():
                if d.get("type") in types or (t == "ensures_implementation_of" and d.get("type") in IMPLEMENTS):
                    return {**d, "type": t}
    return {"type": t}


def _parts(G: nx.Graph, root) -> set:
    """``root`` and all its descendants along has_part (or is_part_of read backwards)."""
    seen = {root}
    stack = [root]
    while stack:
        n = stack.pop()
        down = [v for v in _out(G, n) if HAS_PART & _edge_types(G, n, v)]
        down += [u for u in _in(G, n) if IS_PART_OF & _edge_types(G, u, n)]
        for v in down:
            if v not in seen and node_type(G, v) not in MEASURE_TYPES:
                seen.add(v)
                stack.append(v)
    return seen


def _order(G: nx.Graph, n):
    """Document order of a part among its siblings: number, suffix (第十条之一), ordinal, label."""
    a = G.nodes[n]
    num = a.get("number", a.get("ordinal"))
    return (num if isinstance(num, (int, float)) else float("inf"), a.get("suffix") or 0, str(n))


def _children(G: nx.Graph, n) -> list:
    kids = [v for v in _out(G, n) if HAS_PART & _edge_types(G, n, v)]
    kids += [u for u in _in(G, n) if IS_PART_OF & _edge_types(G, u, n) and node_type(G, u) not in MEASURE_TYPES]
    return sorted(dict.fromkeys(kids), key=lambda v: _order(G, v))


GROUP_TYPES = ("Chapter", "Division")  # articles are grouped (and folded) by the chapter they are in


def chapter_groups(G: nx.Graph, root) -> list[dict]:
    """The parts of ``root`` in document order, as groups of ``{"chapter", "book", "items"}``.

    ``items`` are the articles (and the sections, 节, that open a run of them) of one chapter in
    order; articles outside any chapter form groups with ``chapter`` None.

    >>> G = nx.MultiDiGraph()
    >>> for u, v in [("r", "c1"), ("c1", "a2"), ("c1", "a1")]:
    ...     _ = G.add_edge(u, v, type="has_part")
    >>> for n, t, k in [("r", "Regulation", 0), ("c1", "Chapter", 1), ("a1", "Article", 1), ("a2", "Article", 2)]:
    ...     G.nodes[n].update(type=t, number=k)
    >>> chapter_groups(G, "r")
    [{'chapter': 'c1', 'book': None, 'items': ['a1', 'a2']}]
    """
    groups: list[dict] = []

    def visit(n, chapter, book, seen):
        for c in _children(G, n):
            if c in seen:
                continue
            seen.add(c)
            t = node_type(G, c)
            if t in ARTICLE_TYPES:
                # articles right under a book (no chapter) fold under the book
                head, above = (chapter, book) if chapter is not None or book is None else (book, None)
                if not groups or groups[-1]["chapter"] != head or groups[-1]["book"] != above:
                    groups.append({"chapter": head, "book": above, "items": []})
                if t == "Article":
                    groups[-1]["items"].append(c)
            elif t in GROUP_TYPES and chapter is None:
                visit(c, c, book, seen)
            elif t == "Book":
                visit(c, None, c, seen)
            else:  # a section (节) opens a run of articles inside its chapter
                if chapter is not None:
                    if not groups or groups[-1]["chapter"] != chapter:
                        groups.append({"chapter": chapter, "book": book, "items": []})
                    groups[-1]["items"].append(c)
                visit(c, chapter, book, seen)

    visit(root, None, None, {root})
    return groups


def coverage(G: nx.Graph, regulation: str) -> nx.Graph:
    """A regulation's structure and articles, each article with ``coverage`` = number of measures.

    Only operative articles can be gaps: purpose, scope, definition and commencement articles
    (``operative`` False, the ones the linker never links) get ``gap=False`` and are not counted;
    the notice says so. Chapters get ``covered`` / ``operative`` counts; ``graph["pg_view"]["groups"]``
    lists the chapters' articles in order (see :func:`chapter_groups`). Implementing measures are
    included so the reader sees *which* measures cover an article.
    """
    reg = find_node(G, regulation, ("Regulation", "RegulationVersion"))
    parts = _parts(G, reg)
    by = implementers(G)
    articles = [n for n in parts if node_type(G, n) in ARTICLE_TYPES]
    keep = set(parts).union(*(by.get(a, ()) for a in articles))
    H = _subgraph(G, keep, "coverage", center=reg)
    top = [a for a in articles if node_type(G, a) == "Article"] or articles
    for a in articles:
        # A measure citing 第七条第二款 implements 第七条 too, so an article counts the distinct
        # implementers of itself and of its paragraphs and items.
        covering = set().union(*(by.get(p, ()) for p in _parts(G, a)))
        operative = G.nodes[a].get("operative", True) is not False
        H.nodes[a]["coverage"] = len(covering)
        H.nodes[a]["gap"] = operative and not covering
    groups = chapter_groups(H, reg)
    for g in groups:
        for c in (g["chapter"], g["book"]):
            if c is None:
                continue
            arts = [a for a in _parts(H, c) if a in top]
            H.nodes[c]["operative"] = sum(1 for a in arts if H.nodes[a].get("operative", True) is not False)
            H.nodes[c]["covered"] = sum(1 for a in arts if H.nodes[a]["coverage"])
    operative = [a for a in top if G.nodes[a].get("operative", True) is not False]
    gaps = sum(1 for a in operative if H.nodes[a]["gap"])
    skipped = len(top) - len(operative)
    note = (f"; {skipped} purpose, scope and commencement articles are not counted (the linker does not link them)"
            f" · 另有 {skipped} 条目的、适用范围、施行日期等条款不计入" if skipped else "")
    H.graph["pg_view"]["notice"] = (
        f"{len(operative) - gaps} of {len(operative)} articles have at least one measure; {gaps} gaps"
        f" · {len(operative)} 条中 {gaps} 条尚无落实措施" + note)
    H.graph["pg_view"]["groups"] = groups
    return H
