"""What each node is called on the page: drawn labels, unambiguous names and the names search knows.

* :func:`wrap` breaks a label into lines instead of cutting it;
* :func:`contexts` names what a node belongs to when its label alone is ambiguous (three articles
  called 第一条 in three regulations become 第一条 · 优化营商环境条例 …);
* :func:`search_keys` lists the names a user may type for a node, normalised like the query:
  its label, aliases (市营商局), titles and short titles, and for an article the regulation's
  names followed by the article (优化营商环境条例第七条), as ``graphq`` resolves them.

>>> wrap("持续优化政务服务加强人才政策支持与保障", 8)
'持续优化政务服\\n务加强人才政策\\n支持与保障'
>>> wrap("辽宁省优化营商环境条例(2019-07-30)")
'辽宁省优化营商环境条例\\n(2019-07-30)'
>>> normalize("《优化营商环境条例》 第七条")
'优化营商环境条例第七条'
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

import networkx as nx

from policygraph.views import select

MAX_LINES = 5
LINE_CHARS = 10  # CJK characters per drawn line; longer labels get wider lines up to WIDEST
WIDEST = 16
_PUNCT = re.compile(r"[\s《》〈〉<>\"“”'‘’「」『』]+")
_TAIL = re.compile(r"[（(][^()（）]{1,12}[)）]$")
_DATE = re.compile(r"\((\d{4})(?:-\d{2}){0,2}\)$")
PART_TYPES = frozenset({"Article", "Paragraph", "Item", "Chapter", "Book", "LegalSection", "Division"})


def normalize(text: str) -> str:
    """NFKC, lower case, without spaces, book-title marks and quotes: how search compares names."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", str(text))).lower()


def wrap(label: str, width: int = LINE_CHARS) -> str:
    """``label`` in lines of about ``width`` characters (at most :data:`MAX_LINES`; only a label
    longer than ``WIDEST * MAX_LINES`` is cut, with …)."""
    label = " ".join(str(label).split())
    if len(label) <= width + 2:
        return label
    tail = _TAIL.search(label)
    if tail and tail.start() > 2:  # 条例(2019-07-30): the date on a line of its own
        return wrap(label[:tail.start()], width) + "\n" + tail.group(0)
    width = min(WIDEST, max(width, math.ceil(len(label) / MAX_LINES)))
    if len(label) > width * MAX_LINES:
        label = label[: width * MAX_LINES - 1] + "…"
    lines = math.ceil(len(label) / width)
    step = math.ceil(len(label) / lines)  # even lines rather than a short last one
    out, i = [], 0
    while len(label) - i > step:
        cut = _break(label, i + step, lo=i + max(2, step - 3), hi=min(len(label) - 1, i + step + 2))
        out.append(label[i:cut])
        i = cut
    out.append(label[i:])
    return "\n".join(out)


_OPENERS = "(（《〈“["
_CLOSERS = ")）》〉”]、，,。；：:"


def _break(label: str, ideal: int, lo: int, hi: int) -> int:
    """Where to end a line near ``ideal``: before an opening bracket or after a closing mark, so
    that 条例(2019-07-30) or 《办法》 stay whole where they can."""
    best = None
    for k in range(lo, hi + 1):
        if label[k] in _OPENERS or label[k - 1] in _CLOSERS:
            if best is None or abs(k - ideal) < abs(best - ideal):
                best = k
    return best if best is not None else ideal


def _parents(G: nx.Graph) -> dict:
    up = {}
    for u, v, t in G.edges(data="type"):
        if t in select.HAS_PART:
            up.setdefault(v, u)
        elif t in ("is_part_of", "isPartOf"):
            up.setdefault(u, v)
    return up


def regulation_of(G: nx.Graph, n, parents: dict | None = None):
    """The regulation (version) a part belongs to, climbing has_part; None outside any."""
    parents = _parents(G) if parents is None else parents
    seen = set()
    while n in parents and n not in seen:
        seen.add(n)
        n = parents[n]
        if select.node_type(G, n) in ("RegulationVersion", "Regulation"):
            return n
    return None


def _report_of(G: nx.Graph, n):
    for _, v, t in G.out_edges(n, data="type") if G.is_directed() else ():
        if t == "inReport":
            return v
    return None


def _title(label: str) -> str:
    return _DATE.sub("", label)


def regulation_names(G: nx.Graph, extra: dict | None = None) -> dict:
    """Version -> the shortest name that tells it apart among the drawn ones (and ``extra``:
    version -> label): its title, or the title with the year when two versions of one regulation
    are named."""
    labels = {n: select.node_label(G, n) for n in G if select.node_type(G, n) in ("RegulationVersion", "Regulation")}
    labels.update(extra or {})
    count = Counter(_title(lb) for lb in set(labels.values()))
    out = {}
    for v, label in labels.items():
        m = _DATE.search(label)
        out[v] = f"{_title(label)}({m.group(1)})" if count[_title(label)] > 1 and m else _title(label)
    return out


def part_regulations(G: nx.Graph, parents: dict | None = None) -> dict:
    """Part -> its regulation version: climbing the drawn has_part links, else as read from the
    store (``_version``: IRI and label)."""
    parents = _parents(G) if parents is None else parents
    out = {}
    for n in G:
        if select.node_type(G, n) in PART_TYPES:
            reg = regulation_of(G, n, parents)
            if reg is None and G.nodes[n].get("_version"):
                reg = G.nodes[n]["_version"][0]
            if reg is not None:
                out[n] = reg
    return out


def contexts(G: nx.Graph) -> dict:
    """Node -> what it belongs to, where the label alone would be ambiguous: a part (第一条) whose
    label another drawn part shares, or whose regulation is not drawn; a measure, section or
    figure whose label another drawn one shares (then its report).

    >>> G = nx.MultiDiGraph()
    >>> for r in ("甲条例", "乙条例"):
    ...     G.add_node(r, type="RegulationVersion", label=r)
    ...     G.add_node(r + "/1", type="Article", label="第一条")
    ...     _ = G.add_edge(r, r + "/1", type="has_part")
    >>> contexts(G)
    {'甲条例/1': '甲条例', '乙条例/1': '乙条例'}
    """
    count = Counter((select.node_type(G, n), select.node_label(G, n)) for n in G)
    regs = part_regulations(G)
    extra = {G.nodes[n]["_version"][0]: G.nodes[n]["_version"][1] for n in regs if G.nodes[n].get("_version")}
    names = regulation_names(G, {v: lb for v, lb in extra.items() if v not in G})
    out = {}
    for n in G:
        t, label = select.node_type(G, n), select.node_label(G, n)
        if n in regs and (count[(t, label)] > 1 or regs[n] not in G):
            out[n] = names.get(regs[n], "")
        elif t in ("Measure", "Section", "Metric") and count[(t, label)] > 1:
            rep = _report_of(G, n)
            if rep is not None:
                out[n] = select.node_label(G, rep)
    # 第一章 一般规定 in two books of one code: the regulation does not tell them apart, the parent does
    same = Counter((select.node_type(G, n), select.node_label(G, n), c) for n, c in out.items())
    parents = _parents(G)
    for n, c in list(out.items()):
        if same[(select.node_type(G, n), select.node_label(G, n), c)] > 1 and n in parents:
            up = select.node_label(G, parents[n])
            out[n] = up if regs.get(n) in G else f"{c} {up}"
    return {n: c for n, c in out.items() if c}


def search_keys(G: nx.Graph, n, context: str | None, names: dict, regs: dict) -> list[str]:
    """The normalised names search matches for node ``n`` (see the module docstring)."""
    a = G.nodes[n]
    label = select.node_label(G, n)
    keys = [label, *(a.get("aliases") or ())]
    if context:
        keys.append(context + label)
    reg = regs.get(n)
    if reg is not None:
        short = str(label).split(" ")[0]  # 第七条 of "第七条 标题"
        for name in _names_of(G, reg, names) if reg in G else [a["_version"][1], _title(a["_version"][1])]:
            keys.append(name + short)
    return list(dict.fromkeys(k for k in (normalize(k) for k in keys) if k))


def _names_of(G: nx.Graph, reg, names: dict) -> list[str]:
    """Every name of a regulation version: its label, title, year form, and its work's names."""
    out = [select.node_label(G, reg), names.get(reg, ""), _title(select.node_label(G, reg))]
    out += list(G.nodes[reg].get("aliases") or ())
    for _, w, t in G.out_edges(reg, data="type") if G.is_directed() else ():
        if t == "realizes":
            out += [select.node_label(G, w), *(G.nodes[w].get("aliases") or ())]
    return [x for x in dict.fromkeys(out) if x]
