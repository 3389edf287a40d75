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
from collections import deque
from collections.abc import Iterable

import networkx as nx

from policygraph.errors import NotFoundError

# Relation local names, with the aliases the query layer may use (ELI and our own spellings).
IMPLEMENTS = frozenset({"implements", "ensures_implementation_of"})
HAS_PART = frozenset({"has_part", "hasPart", "hasSection", "hasMeasure"})
IS_PART_OF = frozenset({"is_part_of", "isPartOf", "inSection", "inReport"})
# Edges followed *forwards* when tracing a measure or document up to the regulations it rests on.
UPWARD = IMPLEMENTS | IS_PART_OF | frozenset({"based_on", "cites", "elaborates", "realizes"})

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


def focus(G: nx.Graph, node: str, depth: int = 1) -> nx.Graph:
    """``node`` (IRI or label) and everything within ``depth`` steps, ignoring edge direction.

    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> sorted(focus(G, "b", 1).nodes)
    ['a', 'b', 'c']
    """
    center = find_node(G, node)
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    near = nx.single_source_shortest_path_length(U, center, cutoff=max(0, int(depth)))
    return _subgraph(G, near, "focus", center=center)


def _upward_steps(G: nx.Graph, n):
    """Neighbours one step 'up': along implements/based_on/cites/is_part_of, or against has_part."""
    for v in _out(G, n):
        if UPWARD & _edge_types(G, n, v):
            yield v
    for u in _in(G, n):
        if HAS_PART & _edge_types(G, u, n):
            yield u


def trace(G: nx.Graph, node: str) -> nx.Graph:
    """Every path from ``node`` (a measure or document) up to the regulations it rests on.

    Follows implements, based_on, cites and is_part_of edges forwards and has_part edges backwards,
    so measure -> article -> chapter -> regulation -> (based_on) higher regulation all show. Only
    nodes that lead to a ``Regulation`` are kept, so side branches (a report the measure belongs to)
    do not clutter the chain; when no regulation is reachable everything reached is kept.
    """
    start = find_node(G, node)
    seen = {start}
    queue = deque([start])
    parents: dict = {start: set()}
    while queue:
        n = queue.popleft()
        for v in _upward_steps(G, n):
            parents.setdefault(v, set()).add(n)
            if v not in seen:
                seen.add(v)
                queue.append(v)
    regs = [n for n in seen if node_type(G, n) in ("Regulation", "RegulationVersion")]
    keep = set(seen)
    if regs:  # walk back from the regulations: those nodes are on some path start -> regulation
        keep = set(regs)
        stack = list(regs)
        while stack:
            for p in parents.get(stack.pop(), ()):
                if p not in keep:
                    keep.add(p)
                    stack.append(p)
        keep.add(start)
    notice = None if regs else "no regulation reached from here · 未追溯到法规"
    return _subgraph(G, keep, "trace", center=start, notice=notice)


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


def coverage(G: nx.Graph, regulation: str) -> nx.Graph:
    """A regulation's structure and articles, each article with ``coverage`` = number of measures.

    Articles nobody implements get ``gap=True``; the notice counts them. Implementing measures are
    included so the reader sees *which* measures cover an article.
    """
    reg = find_node(G, regulation, ("Regulation", "RegulationVersion"))
    parts = _parts(G, reg)
    by = implementers(G)
    articles = [n for n in parts if node_type(G, n) in ARTICLE_TYPES]
    keep = set(parts).union(*(by.get(a, ()) for a in articles))
    H = _subgraph(G, keep, "coverage", center=reg)
    top = [a for a in articles if node_type(G, a) == "Article"] or articles
    gaps = 0
    for a in articles:
        # A measure citing 第七条第二款 implements 第七条 too, so an article counts the distinct
        # implementers of itself and of its paragraphs and items.
        covering = set().union(*(by.get(p, ()) for p in _parts(G, a)))
        H.nodes[a]["coverage"] = len(covering)
        H.nodes[a]["gap"] = not covering
        gaps += (not covering) and a in top
    H.graph["pg_view"]["notice"] = (
        f"{len(top) - gaps} of {len(top)} articles have at least one measure; {gaps} gaps"
        f" · {len(top)} 条中 {gaps} 条尚无落实措施"
    )
    return H
