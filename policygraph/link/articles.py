"""Link measures to the regulation articles they implement.

Method (deterministic, offline):
1. Every article and every measure becomes a bag of features (:mod:`policygraph.link.text`):
   thesaurus concepts, jieba words and character bigrams; boilerplate phrases are cut out first.
2. Articles are scored against a text with BM25 (k1=0.8, b=0.5: see ``K1``); a feature's weight is its
   IDF**1.5 over the indexed articles times a per-kind weight (concept 5 > word 1 > bigram 0.25), so
   report jargon expanded by the thesaurus (12345 ~ 政务服务便民热线) counts most, common words little.
   The BM25 score is normalised by the text's self-score (floored at the median article's).
3. Where the regulation has learned profiles (:mod:`policygraph.link.profiles`: its articles as the
   local regulations restate them), ``PROFILE_WEIGHT`` x the cosine with the profile is added, so
   local, practical wording (首贷, 12345专席, 市场监督管理部门) reaches the article it stands for.
4. A measure is ranked by its whole text; for every candidate the sentence that matches it best
   (:mod:`policygraph.link.sentences`) is kept as evidence, with its offsets in the report.
5. Purpose, definition, scope and commencement articles (本条例所称, 本条例自…施行) are skipped.
6. A calibrated probability decides what is asserted (:mod:`policygraph.link.calibration`).

``matched`` lists the features that contributed most, concepts shown as ``report~article`` wording
(12345~政务服务便民热线); ``learned`` the measure words that matched only through the profile.
:func:`link_measures` ranks each named regulation on its own index, so the answer for one regulation
never depends on what else is linked or loaded.

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
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..records import ArticleCandidate, Measure, Part, Regulation
from .calibration import MAX_ASSERTED, Calibration, calibration_for
from .profiles import PACKAGED, ProfileField, Profiles
from .sentences import sentence_spans
from .text import Analyzer, default_analyzer, display

METHOD = "bm25+thesaurus"  # + "+profiles" where learned profiles took part

# BM25 parameters for ranking a measure's articles. Chosen by leave-one-document-out cross-validation on
# the 12 held-out texts only (tests/fixtures/heldout; grid k1 in 0.8/1.2/2.0 x b in 0.5/0.75/1.0, each
# text scored with the pair best on the other 11): 11 of 12 folds chose k1=0.8, b=0.5; the CV estimate
# of MRR is 0.756 against 0.722 for Robertson's usual 1.2/0.75. A low k1 saturates repeats sooner,
# which suits long many-action measures; a low b punishes long articles less.
K1, B = 0.8, 0.5
# Aligning a local article with a national one (short text against short text) keeps the usual values:
# the alignment threshold (ALIGN_MIN_SCORE, DEFAULT_ALIGN_THRESHOLD) and the shipped profiles are on
# that scale, and on the alignment check of scripts/learn_link_data.py they are at least as good.
ALIGN_BM25 = {"k1": 1.2, "b": 0.75}

# Per-kind weights: a concept match is strong evidence (two different wordings agree on a policy
# term); a jieba word is a readable unit; a bigram is noisy but catches what segmentation splits.
# Bigram 0.5 (ArticleIndex(bigram_weight=0.5), score_links.py --cv bigram_weight=0.25,0.5) was
# measured and not kept: development MRR 0.806 -> 0.820, held-out 0.773 -> 0.777 in-sample but 0.771
# cross-validated (0.755 cross-validated with k1 and b, against 0.756), alignment check 0.897 -> 0.898.
KIND_WEIGHTS = {"c": 5.0, "w": 1.0, "g": 0.25}

# IDF is raised to this power: words found in many articles (建设, 加强, 服务) fade faster than with
# plain BM25, which matters because measures are long and mention many generic actions. The held-out
# texts would take 2.5 (score_links.py --cv idf_power=1.5,2.0,2.5,3.0: every fold picks it,
# cross-validated MRR 0.795 against 0.773), but the development set loses (0.806 -> 0.784) and the
# alignment check does not move (pseudo-measures 0.897 -> 0.892): kept at 1.5.
IDF_POWER = 1.5

# Weight of the cosine with the article's learned profile (policygraph.link.profiles) added to the
# normalised BM25 score. Tuned on the alignment check of scripts/learn_link_data.py --evaluate (local
# articles, their copied wording removed, ranked against the national articles; leave one province
# out), not on any annotated report.
PROFILE_WEIGHT = 1.0

# Rank measures by the whole text, not whole text + best sentence: on the alignment check the best
# sentence lowered MRR on pseudo-measures (0.901 -> 0.885), and on the development set too (0.799 ->
# 0.784). The best sentence is still found for every candidate, as its evidence.
BY_SENTENCE = False

# Add the features of the article's chapter/section headings (第五章 监管执法) to its own? Measured in
# scripts/score_links.py --set headings=1 (see the README's linking section).
HEADINGS = 0.0

# Weight of cluster smoothing by chapter: the cosine of the text with the centroid of the learned
# profiles of the article's chapter, added to the article's score (Liu & Croft's cluster-based
# retrieval: an article of the chapter a measure is about gains a little).
CHAPTER_WEIGHT = 0.0

# How the two halves of a score are fused where profiles were learned: 0 adds them as they are
# (normalised BM25 + profile_weight x cosine); 1 first divides each half by its best value over the
# text's rankable articles (CombSUM of max-normalised scores, Fox & Shaw 1994), so the half whose
# scores run higher for this text does not decide the order alone; values between divide by the best
# value raised to this power. The fused score is scaled back by the halves' best values, so it keeps
# the text's absolute strength of evidence (what the calibration reads). Not kept: with k1/b as
# below, 1 raises the development set's MRR (0.806 -> 0.826) but not the held-out texts' (0.773 ->
# 0.774 in-sample, 0.754 cross-validated over fusion=0,1) and lowers the alignment check's
# (pseudo-measures 0.897 -> 0.877); cross-validated together with k1 and b on the held-out texts
# every fold picks fusion 1 with k1=2.0, b=1.0 (MRR 0.808), which lowers the development set to 0.787.
# (scripts/score_links.py --set fusion=1, --cv fusion=0,1; learn_link_data.py --evaluate --set fusion=0,1)
FUSION = 0.0

# The normaliser never goes below this fraction of the median article's self-score.
SELF_SCORE_FLOOR = 1.0

_LABEL = re.compile(r"^\s*第[零〇一二两三四五六七八九十百千\d]+条(?:之[一二三四五六七八九十\d]+)?")


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
    >>> article_body(Part("article", 10, suffix=1, text="第十条之一　加强组织领导。"))
    '加强组织领导。'
    """
    text = art.text
    if art.label and text.startswith(art.label):
        text = text[len(art.label):]
    else:  # texts read back from a store carry the label but no Part.label
        text = _LABEL.sub("", text, count=1)
    return text.strip()


def article_headings(reg: Regulation) -> dict[tuple[int, int | None], str]:
    """(number, suffix) -> the headings of the chapters and sections an article stands in.

    >>> reg = Regulation("条例", parts=[Part("chapter", 5, heading="监管执法", parts=[
    ...     Part("article", 53, text="第五十三条 加强监管。")])])
    >>> article_headings(reg)
    {(53, None): '监管执法'}
    """
    out: dict[tuple[int, int | None], str] = {}

    def walk(parts, heads):
        for p in parts:
            if p.kind == "article":
                if heads:
                    out[(p.number, p.suffix)] = " ".join(heads)
            else:
                walk(p.parts, heads + [p.heading] if p.heading else heads)

    walk(reg.parts, [])
    return out


class ArticleIndex:
    """A BM25 index over the articles of one or more regulations.

    >>> from policygraph.records import Regulation, Part
    >>> idx = ArticleIndex([Regulation("条例", parts=[Part("article", 5, text="第五条 加强信用监管。")])])
    >>> [c.article for c in idx.rank("以信用为基础的新型监管机制")]
    [5]
    """

    def __init__(self, regulations: Iterable[Regulation], *, analyzer: Analyzer | None = None,
                 k1: float = K1, b: float = B, kind_weights: dict[str, float] | None = None,
                 idf_power: float = IDF_POWER, profiles: Iterable[Profiles] | None | str = PACKAGED,
                 profile_weight: float = PROFILE_WEIGHT, headings: float = HEADINGS,
                 chapter_weight: float = CHAPTER_WEIGHT, fusion: float = FUSION,
                 bigram_weight: float | None = None):
        self.analyzer = analyzer or default_analyzer()
        self.k1, self.b = k1, b
        self.fusion = fusion
        self.kind_weights = dict(KIND_WEIGHTS if kind_weights is None else kind_weights)
        if bigram_weight is not None:  # the bigram weight as a number, for score_links.py --cv (see KIND_WEIGHTS)
            self.kind_weights["g"] = bigram_weight
        self.articles: list[IndexedArticle] = []
        feats = []
        groups = []
        chapters: list[str] = []
        for reg in regulations:
            start = len(self.articles)
            heads = article_headings(reg)
            for art in reg.articles():
                entry = self._entry(reg, art)
                self.articles.append(entry)
                f = self.analyzer.features(entry.text)
                head = heads.get((art.number, art.suffix))
                chapters.append(f"{reg.title}|{head}" if head else f"{reg.title}|{art.number}")
                if head and headings:
                    f = f + Counter({k: v * headings for k, v in self.analyzer.features(head).items()})
                feats.append(f)
            groups.append((reg, list(range(start, len(self.articles))),
                           [a.text for a in self.articles[start:]]))
        self._learned = ProfileField(groups, len(self.articles), profiles, profile_weight)
        self.learned = bool(self._learned)  # some article has a learned profile
        self.chapter_weight = chapter_weight if self._learned else 0.0
        self._chapters = self._chapter_blocks(chapters) if self.chapter_weight else []
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
        # idf: the non-negative BM25 variant over these articles only (on the alignment check an IDF
        # background of other regulations' articles made the ranking worse), times the kind weight
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
        """Score (0..1) of every indexed article for ``text`` (same order as ``self.articles``): the
        normalised BM25 score of the article's text plus, where profiles were learned,
        ``profile_weight`` times the cosine with the article's profile (:mod:`policygraph.link.profiles`),
        divided by 1 + ``profile_weight``."""
        q = self._query(text)
        raw = np.zeros(len(self.articles))
        for f, qw in q.items():
            docs, parts, idf = self._postings[f]
            raw[docs] += qw * idf * parts
        if not self._learned:
            return raw / self._self_score(q)
        # both parts are at most 1: the sum is scaled back to 0..1
        qs = self._learned_query(text)
        learned = self._learned.scores(None, qs)
        if self.chapter_weight:
            learned = learned + self.chapter_weight * self._chapter_scores(qs)
        own = raw / self._self_score(q)
        if self.fusion:
            own, learned = self._fuse(own, learned)
        return (own + learned) / (1.0 + self._learned.weight + self.chapter_weight)

    def _fuse(self, own: np.ndarray, learned: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Both halves divided by (their best value over rankable articles) ** ``fusion``, then scaled
        by the mean of the halves' (weighted) best values: the order follows the normalised halves,
        the magnitude the text's evidence. (See ``FUSION``.)"""
        mask = self._operative if self._operative.any() else np.ones(len(own), dtype=bool)
        best_own, best_learned = float(own[mask].max()), float(learned[mask].max())
        if best_own <= 0 or best_learned <= 0:
            return own, learned
        scale = (best_own + best_learned) / 2
        return (own / best_own ** self.fusion * scale ** self.fusion,
                learned / best_learned ** self.fusion * scale ** self.fusion)

    def _chapter_blocks(self, chapters: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per profile block: (chapter column of each of its rows, unit-length chapter centroids)."""
        out = []
        for _, rows, wt, _, _ in self._learned.blocks:
            names = sorted({chapters[i] for i in rows})
            col = np.array([names.index(chapters[i]) for i in rows])
            cent = np.zeros((wt.shape[0], len(names)))
            for j in range(len(names)):
                cent[:, j] = wt[:, col == j].sum(axis=1)
            cent /= np.maximum(np.linalg.norm(cent, axis=0), 1e-9)
            out.append((col, cent))
        return out

    def _chapter_scores(self, qs) -> np.ndarray:
        out = np.zeros(len(self.articles))
        for (_, rows, _, _, _), (col, cent), q in zip(self._learned.blocks, self._chapters, qs, strict=True):
            nz = np.flatnonzero(q)
            out[rows] = (q[nz] @ cent[nz])[col]
        return out

    def _learned_query(self, text: str):
        # one conversion per text: rank() needs it for the scores and for every candidate's explanation
        if getattr(self, "_lq", (None,))[0] != text:
            self._lq = (text, self._learned.query(self.analyzer.features(text)))
        return self._lq[1]

    def _self_score(self, q: dict[str, float]) -> float:
        # The score a perfect article (every query feature, saturated) would get: dividing by it
        # makes scores comparable across measures of different length, so one threshold fits all.
        s = sum(qw * self._postings[f][2] * (self.k1 + 1) for f, qw in q.items())
        return max(1e-9, s, getattr(self, "_floor", 0.0))

    def measure_scores(self, text: str) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int]]]:
        """Scores for a measure: the mean of :meth:`scores` of the whole text and, per article, the best of its
        sentences (:func:`~policygraph.link.sentences.sentence_spans`), so an article one action of a
        many-action measure implements is not drowned by the others. Returns (total, per-sentence
        scores with one row per sentence, sentence spans)."""
        whole = self.scores(text)
        spans = sentence_spans(text) or [(0, len(text))]
        per = np.array([self.scores(text[s:e]) for s, e in spans])
        return (whole + per.max(axis=0)) / 2, per, spans

    def rank(self, text: str, k: int = 5, *, skip_non_operative: bool = True, n_matched: int = 8,
             by_sentence: bool = False, evidence: bool = False) -> list[ArticleCandidate]:
        """The ``k`` best articles for ``text``, best first, with the features that matched most.

        ``score`` is :meth:`scores` (``by_sentence``: the total of :meth:`measure_scores`). It orders
        candidates; it is not a probability. With ``evidence`` (or ``by_sentence``) every candidate
        names the sentence of ``text`` that matched it best, offsets into ``text``. Articles sharing
        no feature with ``text`` (in their own text or their profile) are never returned.
        ``asserted`` is left False.
        """
        per = spans = None
        if by_sentence or evidence:
            total, per, spans = self.measure_scores(text)
            sc = total if by_sentence else self.scores(text)
        else:
            sc = self.scores(text)
        if skip_non_operative:
            sc = np.where(self._operative, sc, 0.0)
        order = np.argsort(-sc, kind="stable")[:k]
        q = self._query(text)
        qconcepts = self.analyzer.concepts(text) if any(f[0] == "c" for f in q) else {}
        out = []
        for r, i in enumerate(order, 1):
            if sc[i] <= 0:
                break
            a = self.articles[i]
            matched = self._explain(q, i, qconcepts, n_matched)
            c = ArticleCandidate(
                regulation=a.regulation, article=a.number, score=round(float(sc[i]), 4),
                matched=matched, rank=r, method=METHOD + ("+profiles" if self.learned else ""),
                version_date=a.version_date, suffix=a.suffix,
                learned=self._explain_learned(text, i, matched, n_matched))
            if per is not None:
                s, e = spans[int(np.argmax(per[:, i]))]
                c.sentence, c.sentence_start, c.sentence_end = text[s:e], s, e
            out.append(c)
        return out

    def _explain_learned(self, text: str, i: int, shown: list[str], n: int) -> list[str]:
        """Measure words that matched article ``i`` only through its profile (local wording)."""
        if not self._learned:
            return []
        own = self._postings
        out: list[str] = []
        for _, f in self._learned.contributions(None, i, self._learned_query(text)):
            docs = own.get(f, (np.array([], dtype=int),))[0]
            if f[0] == "g" or i in docs:  # bigrams are noise to a reader; the article's own words are in matched
                continue
            label = display(f)
            if any(label in s for s in shown + out):
                continue
            out.append(label)
            if len(out) >= n:
                break
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
                  threshold: float | None = None, index: ArticleIndex | None = None,
                  profiles: Iterable[Profiles] | str | None = PACKAGED,
                  max_asserted: int = MAX_ASSERTED, by_sentence: bool = BY_SENTENCE) -> None:
    """Fill ``measure.articles`` with the top-``k`` candidates of each regulation, asserting those whose
    calibrated probability (:mod:`policygraph.link.calibration`) is >= ``threshold`` (default: the
    calibration's own F1-optimal threshold).

    Everything the answer depends on is passed in: the measures, the regulations the user names (or
    the report names) and the learned ``profiles`` (default: the shipped ones; None for none). Each
    regulation is ranked on an index of its own articles (IDF, normaliser and profiles of that
    regulation only), so its candidates, scores and assertions are the same whatever other
    regulations are passed or loaded in a store. Sentence offsets of the candidates are report
    offsets (``measure.start`` + offset in ``measure.text``). A prebuilt ``index`` replaces the
    per-regulation indexes (the caller then owns what it spans). ``by_sentence=True`` adds the best
    sentence's score to the ranking (not the default: see ``BY_SENTENCE``); the calibration is fitted
    for the default.

    >>> from policygraph.records import Regulation, Part, Measure
    >>> reg = Regulation("条例", parts=[Part("article", 1, text="第一条 推行“双随机、一公开”监管。"),
    ...                                Part("article", 2, text="第二条 建设一体化在线政务服务平台。")])
    >>> m = Measure("S1.M1", "S1", 1, "一是", "监管", "一是深化双随机一公开监管。", 100, 113)
    >>> link_measures([m], [reg], k=2)
    >>> c = m.articles[0]
    >>> c.article, c.asserted, c.sentence_start, c.sentence_end
    (1, True, 100, 113)
    """
    indexes = [index] if index is not None else [regulation_index(r, profiles) for r in regulations]
    for m in measures:
        text = m.text or m.heading
        cands: list[ArticleCandidate] = []
        for idx in indexes:
            ranked = idx.rank(text, k, by_sentence=by_sentence, evidence=True)
            decide(ranked, calibration_for(idx.learned), threshold, max_asserted, int(idx._operative.sum()))
            cands += ranked
        for c in cands:
            if c.sentence_start is not None and m.text:
                c.sentence_start += m.start
                c.sentence_end += m.start
        m.articles = cands


def decide(cands: list[ArticleCandidate], cal: Calibration | None, threshold: float | None,
           max_asserted: int, articles: int) -> None:
    """Set ``probability`` and ``asserted`` of one regulation's ranked candidates (best first), out of
    ``articles`` rankable articles."""
    best = cands[0].score if cands else 0.0
    if threshold is None:
        threshold = cal.threshold if cal else 1.0
    for c in cands:
        c.probability = round(cal.probability(c.score, c.score / best, articles), 4) if cal and best > 0 else None
        c.asserted = (c.probability is not None and c.probability >= threshold and c.rank <= max_asserted)


_INDEXES: dict[tuple, ArticleIndex] = {}


def regulation_index(reg: Regulation, profiles: Iterable[Profiles] | str | None = PACKAGED) -> ArticleIndex:
    """The index of one regulation's articles, cached by content when the profiles are the shipped ones."""
    if profiles is not PACKAGED and profiles is not None:
        return ArticleIndex([reg], profiles=profiles)
    key = (reg.title, reg.version_date, profiles,
           tuple((a.number, a.suffix, a.text) for a in reg.articles()))
    if key not in _INDEXES:
        if len(_INDEXES) >= 32:  # a handful of regulations is the usual working set
            _INDEXES.pop(next(iter(_INDEXES)))
        _INDEXES[key] = ArticleIndex([reg], profiles=profiles)
    return _INDEXES[key]
