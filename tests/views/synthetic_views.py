"""A synthetic (made-up, Dalian-like) regulation with measures, units, documents and figures, for
the view tests: deterministic, so a test can name exactly which article is a gap."""

from __future__ import annotations

import networkx as nx

BASE = "https://w3id.org/policygraph/id/"
DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """1..999 in Chinese numerals as articles are numbered: 7 七, 12 十二, 40 四十, 105 一百零五."""
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = DIGITS[hundreds] + "百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (DIGITS[ones] if ones else "")


def synthetic_graph(chapters: int = 7, per_chapter: int = 10, measures: int = 20, units: int = 15,
                    documents: int = 6, metrics: int = 8) -> nx.MultiDiGraph:
    """A Dalian-like regulation with its measures, units, documents, figures and evidence.

    Deterministic: measure ``i`` implements articles ``3i+1`` and ``3i+2`` (so low-numbered articles
    are covered and the rest are gaps), is run by unit ``i % units`` and reports metric ``i % metrics``.
    The regulation is based on a provincial one, which is based on a State Council regulation.
    """
    G = nx.MultiDiGraph()
    report = "dalian_2021-09-18_review-opinions-report.txt"
    regs = [("state", "优化营商环境条例（国务院）"), ("liaoning", "辽宁省优化营商环境条例"),
            ("dalian", "大连市优化营商环境条例")]
    for key, label in regs:
        G.add_node(BASE + f"reg/{key}", type="Regulation", label=label, description=f"{label}，全文。")
    G.add_edge(BASE + "reg/dalian", BASE + "reg/liaoning", type="based_on")
    G.add_edge(BASE + "reg/liaoning", BASE + "reg/state", type="based_on")
    reg = BASE + "reg/dalian"
    articles = []
    for c in range(1, chapters + 1):
        ch = BASE + f"dalian/ch{c}"
        G.add_node(ch, type="Chapter", label=f"第{zh_number(c)}章", ordinal=c)
        G.add_edge(reg, ch, type="has_part")
        for k in range(per_chapter):
            n = (c - 1) * per_chapter + k + 1
            art = BASE + f"dalian/art{n}"
            G.add_node(art, type="Article", label=f"第{zh_number(n)}条", ordinal=n,
                       description=f"第{zh_number(n)}条 规定了营商环境建设的第{n}项要求。")
            G.add_edge(ch, art, type="has_part")
            articles.append(art)
    for u in range(units):
        G.add_node(BASE + f"unit/{u}", type="Unit", label=f"市第{u + 1}局", unitKind="department")
    for d in range(documents):
        doc = BASE + f"doc/{d}"
        G.add_node(doc, type="Document", label=f"大政发〔2021〕{d + 1}号", docNumber=f"大政发〔2021〕{d + 1}号")
        G.add_edge(doc, reg, type="based_on")
    for m in range(metrics):
        G.add_node(BASE + f"metric/{m}", type="Metric", label=f"指标{m + 1}", figures=[f"{(m + 1) * 12}项"])
    statuses = (["done"], ["ongoing"], ["planned"], ["done", "planned"])
    for i in range(measures):
        me = BASE + f"measure/{i}"
        start = 1000 + 120 * i
        quote = f"市第{i % units + 1}局牵头推进第{i + 1}项措施，已完成审批事项精简{i + 3}项。"
        G.add_node(me, type="Measure", label=f"措施{i + 1}：优化机构设置", status=statuses[i % 4],
                   deadline=f"2022-{i % 12 + 1:02d}-30", figures=[f"{i + 3}项", f"{(i + 1) * 5}%"],
                   description=f"第{i + 1}项措施的摘要。", score=round(0.5 + i / 50, 2),
                   evidence=[{"quote": quote, "source": report, "start": start, "end": start + len(quote)}])
        passage = {"quote": quote, "source": report, "start": start, "end": start + len(quote)}
        for rank, a in enumerate((3 * i, 3 * i + 1), start=1):
            if a < len(articles):
                G.add_edge(me, articles[a], type="implements", score=0.9, rank=rank, method="bm25+thesaurus",
                           matched=["审批事项", "精简"], evidence=[passage])
        unit = f"市第{i % units + 1}局"  # the unit's name inside the measure's sentence
        G.add_edge(me, BASE + f"unit/{i % units}", type="responsibleUnit",
                   evidence=[{"quote": unit, "source": report, "start": start, "end": start + len(unit),
                              "context": {"text": quote, "start": start, "end": start + len(quote)}}])
        G.add_edge(me, BASE + f"metric/{i % metrics}", type="reportsMetric")
        if i < documents:
            G.add_edge(me, BASE + f"doc/{i}", type="mentionsDocument")
    return G
