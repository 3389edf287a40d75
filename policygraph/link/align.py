"""Align a local regulation with the national one: which national article each local article follows.

Method: the national articles are indexed as in :mod:`policygraph.link.articles` (thesaurus concepts,
jieba words and bigrams, BM25 with IDF**1.5, concept-weighted); each local article is the query.
Unlike measure linking, purpose, definition and commencement articles are kept, because a local
article 1 (为了…制定本条例) does follow national article 1. Rows at or above the threshold are
asserted. Scores here run higher than for measures, since local articles are short and often copy
the national wording.

>>> from policygraph.records import Regulation, Part
>>> nat = Regulation("优化营商环境条例", parts=[
...     Part("article", 1, label="第一条", text="第一条 国家推行“双随机、一公开”监管。"),
...     Part("article", 2, label="第二条", text="第二条 设立政务服务便民热线，受理投诉。")])
>>> loc = Regulation("某市优化营商环境条例", parts=[
...     Part("article", 9, label="第九条", text="第九条 本市依托12345热线受理企业投诉。")])
>>> row = align(loc, nat, k=1)[0]
>>> row["local_article"], row["national_article"], row["asserted"]
(9, 2, True)
"""

from __future__ import annotations

from ..records import Regulation
from .articles import ALIGN_BM25, ArticleIndex, article_body

# Rows at or above this score are asserted. Chosen by reading rows of 北京市, 上海市 (2020), 青岛市
# and 河南省 against the State Council regulation (scripts/score_links.py --align prints them): above
# it the rank-1 national article is almost always the one the local article elaborates; below it
# local articles tend to be local inventions (自贸试验区, 长三角, a city's own bodies).
DEFAULT_ALIGN_THRESHOLD = 0.10


def align(local: Regulation, national: Regulation, *, k: int = 3,
          threshold: float = DEFAULT_ALIGN_THRESHOLD, index: ArticleIndex | None = None) -> list[dict]:
    """One row per (local article, candidate national article), local articles in document order.

    Row keys: ``local_regulation``, ``local_article``, ``local_suffix``, ``national_regulation``,
    ``national_article``, ``national_suffix``, ``score`` (0..1), ``matched`` (terms that contributed
    most), ``rank`` (1 = best for this local article), ``asserted`` (score >= threshold, or rank 1
    when both articles are of the kind no measure implements: a local purpose, definition or
    commencement article follows the national one of that kind, however differently it is worded).
    A local article sharing nothing with the national one gets no row.
    Pass a prebuilt ``index`` (``ArticleIndex([national], profiles=None, **ALIGN_BM25)``) to align many local regulations.
    """
    # No learned profiles by default: they are learned from these very alignments, and the threshold
    # below is on the plain BM25 scale.
    index = index or ArticleIndex([national], profiles=None, **ALIGN_BM25)
    rows: list[dict] = []
    nonop = {(a.regulation, a.number, a.suffix) for a in index.articles if not a.operative}
    for art in local.articles():
        body = article_body(art)
        local_nonop = index.analyzer.is_non_operative(body)
        for c in index.rank(body, k, skip_non_operative=False):
            same_kind = local_nonop and c.rank == 1 and (c.regulation, c.article, c.suffix) in nonop
            rows.append({
                "local_regulation": local.title,
                "local_article": art.number,
                "local_suffix": art.suffix,
                "national_regulation": c.regulation,
                "national_article": c.article,
                "national_suffix": c.suffix,
                "score": c.score,
                "matched": c.matched,
                "rank": c.rank,
                "asserted": c.score >= threshold or same_kind,
            })
    return rows
