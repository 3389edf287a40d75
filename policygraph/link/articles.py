"""Link measures to the regulation articles they implement.

Method (deterministic, offline):
1. Every article and every measure becomes a bag of features (:mod:`policygraph.link.text`):
   thesaurus concepts, jieba words and character bigrams; boilerplate phrases are cut out first.
2. Articles are scored against a measure with BM25 (k1=1.2, b=0.75); a feature's weight is its
   IDF**1.5 over all indexed articles times a per-kind weight (concept 5 > word 1 > bigram 0.25), so
   report jargon expanded by the thesaurus (12345 ~ 政务服务便民热线) counts most, common words little.
3. Purpose, definition, scope and commencement articles (本条例所称, 本条例自…施行) are skipped.
4. The score is normalised to [0, 1] by the query's self-score (floored at the median article's), so
   one threshold (0.07) fits measures of any length; ``matched`` lists the features that contributed
   most, concepts shown as ``report~article`` wording (12345~政务服务便民热线).

>>> from policygraph.records import Regulation, Part
>>> reg = Regulation("示例条例", parts=[
...     Part("article", 1, text="第一条 国家推行“双随机、一公开”监管，随机抽取检查对象。"),
...     Part("article", 2, text="第二条 设立政务服务便民热线，受理投诉和举报。"),
...     Part("article", 3, text="第三条 本条例自2020年1月1日起施行。")])
>>> best = ArticleIndex([reg]).rank("依托12345热线办理企业投诉", k=1)[0]
>>> best.article, best.matched[0]
(2, '12345~政务服务便民热线')
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..records import ArticleCandidate, Measure, Part, Regulation
from .text import Analyzer, default_analyzer, display

METHOD = "bm25+thesaurus"

# Per-kind weights: a concept match is strong evidence (two different wordings agree on a policy
# term); a jieba word is a readable unit; a bigram is noisy but catches what segmentation splits.
KIND_WEIGHTS = {"c": 5.0, "w": 1.0, "g": 0.25}

# IDF is raised to this power: words found in many articles (建设, 加强, 服务) fade faster than with
# plain BM25, which matters because measures are long and mention many generic actions.
IDF_POWER = 1.5

# The normaliser never goes below this fraction of the median article's self-score.
SELF_SCORE_FLOOR = 1.0

# Measures at or above this normalised score are asserted as implementing the article. Chosen on the
# Dalian seed report (python scripts/score_links.py --sweep): F1 of asserted links against the
# annotated primary+secondary articles plateaus at 0.06-0.07; 0.07 keeps precision ~0.64 (recall
# ~0.49, ~2.7 links per measure); 0.10 would give precision ~0.88 but recall ~0.22.
DEFAULT_THRESHOLD = 0.07


@dataclass
class IndexedArticle:
    """One article as indexed: where it comes from and its features."""

    regulation: str
    version_date: str | None
    number: int
    suffix: int | None
    label: str
    text: str
    operative: bool  # False for purpose/definition/commencement articles
    concept_forms: dict[str, str]  # concept -> the form the article uses


def article_body(art: Part) -> str:
    """The article's text without its label (第七条): the label's bigrams would match any 第七条.

    >>> article_body(Part("article", 7, label="第七条", text="第七条 加强组织领导。"))
    '加强组织领导。'
    """
    text = art.text
    if art.label and text.startswith(art.label):
        text = text[len(art.label):]
    return text.strip()


class ArticleIndex:
    """A BM25 index over the articles of one or more regulations.

    >>> from policygraph.records import Regulation, Part
    >>> idx = ArticleIndex([Regulation("条例", parts=[Part("article", 5, text="第五条 加强信用监管。")])])
    >>> [c.article for c in idx.rank("以信用为基础的新型监管机制")]
    [5]
    """

    def __init__(self, regulations: Iterable[Regulation], *, analyzer: Analyzer | None = None,
                 k1: float = 1.2, b: float = 0.75, kind_weights: dict[str, float] | None = None,
                 idf_power: float = IDF_POWER):
        self.analyzer = analyzer or default_analyzer()
        self.k1, self.b = k1, b
        self.kind_weights = dict(KIND_WEIGHTS if kind_weights is None else kind_weights)
        self.articles: list[IndexedArticle] = []
        feats = []
        for reg in regulations:
            for art in reg.articles():
                entry = self._entry(reg, art)
                self.articles.append(entry)
                feats.append(self.analyzer.features(entry.text))
        n = len(self.articles)
        lengths = np.array([sum(f.values()) for f in feats], dtype=float)
        avg = lengths.mean() if n else 1.0
        postings: dict[str, tuple[list[int], list[float]]] = {}
        for i, f in enumerate(feats):
            norm = k1 * (1 - b + b * lengths[i] / avg)
            for feat, tf in f.items():
                docs, parts = postings.setdefault(feat, ([], []))
                docs.append(i)
                parts.append(tf * (k1 + 1) / (tf + norm))  # BM25's saturated term frequency
        # idf: the non-negative BM25 variant, times the kind weight
        self._postings = {
            feat: (np.array(d), np.array(p),
                   math.log(1 + (n - len(d) + 0.5) / (len(d) + 0.5)) ** idf_power
                   * self.kind_weights.get(feat[0], 1.0))
            for feat, (d, p) in postings.items()
        }
        self._operative = np.array([a.operative for a in self.articles], dtype=bool)
        # Floor of the normaliser: the median self-score of the indexed articles. A query shorter
        # than a typical article (违反本条例规定的，从其规定) is scored as if it had that length, so a
        # few generic words cannot reach a high share of a tiny self-score.
        selfs = [self._self_score({f: 1.0 + math.log(tf) for f, tf in fe.items()}) for fe in feats]
        self._floor = float(np.median(selfs)) * SELF_SCORE_FLOOR if selfs else 0.0

    def _entry(self, reg: Regulation, art: Part) -> IndexedArticle:
        text = article_body(art)
        return IndexedArticle(
            regulation=reg.title, version_date=reg.version_date, number=art.number, suffix=art.suffix,
            label=art.label, text=text, operative=not self.analyzer.is_non_operative(text),
            concept_forms=self.analyzer.concepts(text))

    def __len__(self) -> int:
        return len(self.articles)

    def _query(self, text: str) -> dict[str, float]:
        # Long measures repeat words; a sublinear query weight keeps one topic from drowning the rest.
        return {f: 1.0 + math.log(tf) for f, tf in self.analyzer.features(text).items()
                if f in self._postings}

    def scores(self, text: str) -> np.ndarray:
        """Normalised score of every indexed article for ``text`` (same order as ``self.articles``)."""
        q = self._query(text)
        raw = np.zeros(len(self.articles))
        for f, qw in q.items():
            docs, parts, idf = self._postings[f]
            raw[docs] += qw * idf * parts
        return raw / self._self_score(q)

    def _self_score(self, q: dict[str, float]) -> float:
        # The score a perfect article (every query feature, saturated) would get: dividing by it
        # makes scores comparable across measures of different length, so one threshold fits all.
        s = sum(qw * self._postings[f][2] * (self.k1 + 1) for f, qw in q.items())
        return max(1e-9, s, getattr(self, "_floor", 0.0))

    def rank(self, text: str, k: int = 5, *, skip_non_operative: bool = True,
             n_matched: int = 8) -> list[ArticleCandidate]:
        """The ``k`` best articles for ``text``, best first, with the features that matched most.

        ``score`` is the BM25 score divided by the query's self-score (0..1, typically 0.05-0.4).
        Articles with no shared feature are never returned. ``asserted`` is left False.
        """
        q = self._query(text)
        sc = self.scores(text)
        if skip_non_operative:
            sc = np.where(self._operative, sc, 0.0)
        order = np.argsort(-sc, kind="stable")[:k]
        qconcepts = self.analyzer.concepts(text) if any(f[0] == "c" for f in q) else {}
        out = []
        for r, i in enumerate(order, 1):
            if sc[i] <= 0:
                break
            a = self.articles[i]
            out.append(ArticleCandidate(
                regulation=a.regulation, article=a.number, score=round(float(sc[i]), 4),
                matched=self._explain(q, i, qconcepts, n_matched), rank=r, method=METHOD,
                version_date=a.version_date, suffix=a.suffix))
        return out

    def _explain(self, q: dict[str, float], i: int, qconcepts: dict[str, str], n: int) -> list[str]:
        contrib = []
        for f, qw in q.items():
            docs, parts, idf = self._postings[f]
            j = np.searchsorted(docs, i)
            if j < len(docs) and docs[j] == i:
                contrib.append((qw * idf * parts[j], f))
        contrib.sort(key=lambda t: (-t[0], t[1]))
        shown: list[str] = []
        for _, f in contrib:
            if f[0] == "c":
                qf = qconcepts.get(f[2:], f[2:])
                af = self.articles[i].concept_forms.get(f[2:], qf)
                label = qf if qf == af else f"{qf}~{af}"
            else:
                label = display(f)
            # a bigram inside an already listed word or phrase adds nothing to the explanation
            if any(label in s for s in shown):
                continue
            shown.append(label)
            if len(shown) >= n:
                break
        return shown


def link_measures(measures: list[Measure], regulations: list[Regulation], *, k: int = 5,
                  threshold: float = DEFAULT_THRESHOLD, index: ArticleIndex | None = None) -> None:
    """Fill ``measure.articles`` with the top-``k`` candidates; those scoring >= ``threshold`` are asserted.

    Pass a prebuilt ``index`` to link many reports against the same regulations.

    >>> from policygraph.records import Regulation, Part, Measure
    >>> reg = Regulation("条例", parts=[Part("article", 1, text="第一条 推行“双随机、一公开”监管。"),
    ...                                Part("article", 2, text="第二条 建设一体化在线政务服务平台。")])
    >>> m = Measure("S1.M1", "S1", 1, "一是", "监管", "一是深化双随机一公开监管。", 0, 13)
    >>> link_measures([m], [reg], k=2)
    >>> [(c.article, c.asserted) for c in m.articles]
    [(1, True)]
    """
    index = index or ArticleIndex(regulations)
    for m in measures:
        cands = index.rank(m.text or m.heading, k)
        for c in cands:
            c.asserted = c.score >= threshold
        m.articles = cands
