"""Article profiles learned from local regulations: the local wording of each national article.

Provincial and city regulations restate the State Council's articles in local, practical words: where
the national 优化营商环境条例 says 金融机构…降低综合融资成本, a city's says 首贷服务中心, 银企对接,
续贷; where it says 政务服务便民热线, a province's names 12345 and the 市场监督管理部门 that answers.
Aligning every local article with the national article it follows (:mod:`policygraph.link.align`)
groups, for each national article, its restatements; the tf-idf centroid of the group (the national
text included, Rocchio's method) is the article's *profile*. A measure is compared with every profile
by cosine, and :class:`~policygraph.link.articles.ArticleIndex` adds that, times a weight, to the
BM25 score of the article's own text.

Profiles are derived by ``scripts/learn_link_data.py`` from ``../shared/laws`` (nothing annotated)
and shipped in ``policygraph/data/link/``: ``profiles.csv`` (feature weights and IDF),
``articles.csv`` (per national article: a guard, how many local articles and regulations restate it)
and ``alignments.csv`` (which local article was taken to restate which national one). A profile is
used for a regulation only when its title matches and the article's text starts as the guard says,
so a different version or a namesake never receives another text's profile.

>>> from policygraph.records import Regulation, Part
>>> nat = Regulation("示例条例", parts=[
...     Part("article", 1, label="第一条", text="第一条 金融机构应当降低融资成本。"),
...     Part("article", 2, label="第二条", text="第二条 设立政务服务便民热线，受理投诉。")])
>>> loc = Regulation("某市示例条例", parts=[
...     Part("article", 5, label="第五条", text="第五条 推广首贷服务，降低融资成本。")])
>>> prof = learn_profiles(nat, [loc])
>>> sorted(prof.vectors), prof.aligned[(1, None)]
([(1, None), (2, None)], 1)
>>> "w:首贷" in prof.vectors[(1, None)]
True
"""

from __future__ import annotations

import csv
import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..extractors.wordlists import load_rows
from ..records import Regulation
from .text import Analyzer, default_analyzer, squeeze

# Feature kinds in the tf-idf vectors: a concept as much as a word, bigrams a quarter. (BM25 gives
# concepts 5; in a centroid that lets one broad concept, 中小企业, outweigh everything else. On the
# alignment check of scripts/learn_link_data.py --evaluate concept weight 1 gives MRR 0.845 on local
# articles and 0.901 on pseudo-measures, against 0.800 and 0.847 with 5.)
KIND_WEIGHTS = {"c": 1.0, "w": 1.0, "g": 0.25}

# Local articles whose best national article scores below this are not taken as restatements (the
# assertion threshold of align(): below it local articles tend to be local inventions).
ALIGN_MIN_SCORE = 0.10

# Align local articles paragraph by paragraph (see align_pairs)? No: on the alignment check
# (scripts/learn_link_data.py --evaluate --unit paragraph) whole articles give better profiles.
PARAGRAPHS = False

# Features kept per profile, by weight. 300 keeps the cosine of the alignment check within 0.01 of the
# unpruned profile (scripts/learn_link_data.py --evaluate) at a tenth of the size.
TOP_FEATURES = 300

# A guard is this many squeezed characters of the article body.
GUARD_CHARS = 16

DATA_DIR = "link"
ArticleKey = tuple[int, "int | None"]


def guard(text: str) -> str:
    """The first characters of an article body, squeezed: what a profile checks before applying.

    >>> guard("国家鼓励和支持金融机构加大对民营企业、中小企业的支持力度")
    '国家鼓励和支持金融机构加大对民营'
    """
    return squeeze(text)[:GUARD_CHARS]


@dataclass
class Profiles:
    """The learned profiles of one regulation's articles."""

    regulation: str
    version_date: str | None
    idf: dict[str, float]
    vectors: dict[ArticleKey, dict[str, float]]  # unit-length tf-idf centroids (pruned)
    guards: dict[ArticleKey, str] = field(default_factory=dict)
    aligned: dict[ArticleKey, int] = field(default_factory=dict)  # local articles restating it
    regulations: dict[ArticleKey, int] = field(default_factory=dict)  # distinct local regulations
    pairs: list[dict] = field(default_factory=list)  # the alignment rows the profiles come from

    def vector(self, feats: Counter) -> dict[str, float]:
        """Unit-length tf-idf vector of a feature bag, over the features the profiles know."""
        return tfidf(feats, self.idf)

    def matrix(self, keys: list[ArticleKey], bodies: list[str]) -> tuple[np.ndarray, dict[str, int]]:
        """Profile vectors as rows for ``keys`` (zeros where no profile or the guard differs)."""
        feats = sorted({f for k in keys for f in self.vectors.get(k, {})})
        pos = {f: i for i, f in enumerate(feats)}
        w = np.zeros((len(keys), len(feats)))
        for i, (k, body) in enumerate(zip(keys, bodies, strict=True)):
            if k in self.vectors and self.guards.get(k, guard(body)) == guard(body):
                for f, x in self.vectors[k].items():
                    w[i, pos[f]] = x
        return w, pos


def tfidf(feats: Counter, idf: dict[str, float]) -> dict[str, float]:
    """(1 + log tf) * idf * kind weight, scaled to unit length; features without an IDF dropped.

    >>> tfidf(Counter({"w:首贷": 2, "g:首贷": 2, "w:新词": 1}), {"w:首贷": 2.0, "g:首贷": 2.0})["w:首贷"] > 0.9
    True
    """
    v = {f: (1.0 + math.log(tf)) * idf[f] * KIND_WEIGHTS.get(f[0], 1.0)
         for f, tf in feats.items() if f in idf}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {f: x / norm for f, x in v.items()}


# ------------------------------------------------------------------ learning


def align_pairs(national: Regulation, locals_: Iterable[Regulation], *, min_score: float = ALIGN_MIN_SCORE,
                analyzer: Analyzer | None = None, paragraphs: bool = PARAGRAPHS) -> list[dict]:
    """Alignment rows (as :func:`policygraph.link.align.align` gives) of the local texts whose best
    national article scores >= ``min_score``, each with the local text as ``local_text``.

    With ``paragraphs`` every paragraph (款) of a local article is aligned on its own
    (``local_paragraph`` 1, 2 ...; 0 for a one-paragraph article): long local articles gather
    several national topics, one per paragraph.
    """
    from .articles import ALIGN_BM25, ArticleIndex, article_body

    index = ArticleIndex([national], analyzer=analyzer, profiles=None, **ALIGN_BM25)
    out = []
    for loc in locals_:
        for art in loc.articles():
            paras = [p.text for p in art.parts if p.kind == "paragraph"] if paragraphs else []
            units = list(enumerate(paras, 1)) if len(paras) > 1 else [(0, article_body(art))]
            for no, text in units:
                best = index.rank(text, 1, skip_non_operative=False)
                if best and best[0].score >= min_score:
                    c = best[0]
                    out.append({"local_regulation": loc.title, "local_version": loc.version_date,
                                "local_article": art.number, "local_suffix": art.suffix,
                                "local_paragraph": no, "national_regulation": c.regulation,
                                "national_article": c.article, "national_suffix": c.suffix,
                                "score": c.score, "matched": c.matched, "local_text": text})
    return out


def learn_profiles(national: Regulation, locals_: Iterable[Regulation], *, analyzer: Analyzer | None = None,
                   min_score: float = ALIGN_MIN_SCORE, top: int = TOP_FEATURES,
                   paragraphs: bool = PARAGRAPHS) -> Profiles:
    """Profiles of ``national``'s articles from the local articles aligned to them (see module doc)."""
    from .articles import article_body

    an = analyzer or default_analyzer()
    pairs = align_pairs(national, locals_, min_score=min_score, analyzer=an, paragraphs=paragraphs)
    arts = {(a.number, a.suffix): article_body(a) for a in national.articles()}
    members: dict[ArticleKey, list[Counter]] = {k: [an.features(t)] for k, t in arts.items()}
    regs: dict[ArticleKey, set] = defaultdict(set)
    for r in pairs:
        k = (r["national_article"], r["national_suffix"])
        members[k].append(an.features(r["local_text"]))
        regs[k].add((r["local_regulation"], r["local_version"]))
    df: Counter = Counter()
    for bags in members.values():
        for bag in bags:
            df.update(bag.keys())
    n = sum(len(b) for b in members.values())
    idf = {f: math.log((n + 1) / (d + 0.5)) for f, d in df.items()}
    vectors = {k: _centroid(bags, idf, top) for k, bags in members.items()}
    used = {f for v in vectors.values() for f in v}
    return Profiles(
        regulation=national.title, version_date=national.version_date,
        idf={f: round(x, 4) for f, x in sorted(idf.items()) if f in used}, vectors=vectors,
        guards={k: guard(t) for k, t in arts.items()},
        aligned={k: len(b) - 1 for k, b in members.items()},
        regulations={k: len(regs[k]) for k in members}, pairs=pairs)


def _centroid(bags: list[Counter], idf: dict[str, float], top: int) -> dict[str, float]:
    total: Counter = Counter()
    for bag in bags:
        total.update(tfidf(bag, idf))
    best = sorted(total.items(), key=lambda t: (-t[1], t[0]))[:top]
    norm = math.sqrt(sum(x * x for _, x in best)) or 1.0
    return {f: round(x / norm, 5) for f, x in best}


# ------------------------------------------------------------------ files


def _art(k: ArticleKey) -> str:
    return f"{k[0]}" if k[1] is None else f"{k[0]}之{k[1]}"


def _key(s: str) -> ArticleKey:
    n, _, suf = s.partition("之")
    return int(n), (int(suf) if suf else None)


def write_profiles(profiles: Iterable[Profiles], directory: str | Path, header: str = "") -> list[Path]:
    """Write ``profiles.csv``, ``articles.csv`` and ``alignments.csv`` (sorted: reruns give equal files)."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    comment = "".join(f"# {ln}\n" for ln in header.splitlines())
    files = {"profiles.csv": ["regulation", "article", "feature", "weight"],
             "articles.csv": ["regulation", "version_date", "article", "guard", "local_articles",
                              "local_regulations"],
             "alignments.csv": ["regulation", "article", "local_regulation", "local_version",
                                "local_article", "local_paragraph", "score"]}
    rows: dict[str, list] = {name: [] for name in files}
    for p in profiles:
        rows["profiles.csv"] += [[p.regulation, "*", f, f"{x:.4f}"] for f, x in sorted(p.idf.items())]
        for k in sorted(p.vectors, key=lambda k: (k[0], k[1] or 0)):
            rows["profiles.csv"] += [[p.regulation, _art(k), f, f"{x:.5f}"] for f, x in p.vectors[k].items()]
            rows["articles.csv"].append([p.regulation, p.version_date or "", _art(k), p.guards.get(k, ""),
                                         p.aligned.get(k, 0), p.regulations.get(k, 0)])
        for r in sorted(p.pairs, key=lambda r: (r["national_article"], r["national_suffix"] or 0,
                                                r["local_regulation"], r["local_version"] or "",
                                                r["local_article"], r["local_suffix"] or 0,
                                                r.get("local_paragraph", 0))):
            rows["alignments.csv"].append([
                p.regulation, _art((r["national_article"], r["national_suffix"])), r["local_regulation"],
                r["local_version"] or "", _art((r["local_article"], r["local_suffix"])),
                r.get("local_paragraph", 0), f"{r['score']:.4f}"])
    out = []
    for name, cols in files.items():
        path = d / name
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(comment)
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(cols)
            w.writerows(rows[name])
        out.append(path)
    return out


def read_profiles(directory: str = DATA_DIR) -> list[Profiles]:
    """Profiles from ``profiles.csv`` and ``articles.csv`` under ``policygraph/data/<directory>``."""
    by_reg: dict[str, Profiles] = {}
    for row in load_rows(f"{directory}/articles.csv"):
        p = by_reg.setdefault(row["regulation"], Profiles(row["regulation"], row["version_date"] or None, {}, {}))
        k = _key(row["article"])
        p.guards[k] = row["guard"]
        p.aligned[k] = int(row["local_articles"] or 0)
        p.regulations[k] = int(row["local_regulations"] or 0)
    for row in load_rows(f"{directory}/profiles.csv"):
        p = by_reg[row["regulation"]]  # packaged data: written together by write_profiles
        if row["article"] == "*":
            p.idf[row["feature"]] = float(row["weight"])
        else:
            p.vectors.setdefault(_key(row["article"]), {})[row["feature"]] = float(row["weight"])
    return list(by_reg.values())


@lru_cache(maxsize=1)
def packaged_profiles() -> tuple[Profiles, ...]:
    """The shipped profiles, read once (none when the data directory is absent)."""
    try:
        return tuple(read_profiles())
    except FileNotFoundError:
        return ()


def profiles_for(reg: Regulation, profiles: Iterable[Profiles] | None = None) -> Profiles | None:
    """The profiles learned for ``reg`` (by title), or None. Per-article guards are checked later."""
    for p in packaged_profiles() if profiles is None else profiles:
        if p.regulation == reg.title:
            return p
    return None


def digest(text: str) -> str:
    """Short content digest (recorded in the data header, e.g. of the thesaurus the features used)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# ------------------------------------------------------------------ use in an index

PACKAGED = "packaged"  # ArticleIndex(profiles=PACKAGED): the shipped profiles of policygraph/data/link/


class ProfileField:
    """The learned half of an article's score: ``weight`` x cosine(measure, article profile).

    Built per index from the regulations' own profiles only, so one regulation's scores never depend
    on what else is indexed. Articles without a profile (or whose guard differs) score 0 here.
    """

    def __init__(self, groups: list[tuple[Regulation, list[int], list[str]]], n: int,
                 profiles: Iterable[Profiles] | str | None = PACKAGED, weight: float = 1.0):
        self.n, self.weight = n, weight
        self.blocks: list[tuple[Profiles, np.ndarray, np.ndarray, dict[str, int], list[str]]] = []
        if profiles is None or weight == 0:
            return
        source = None if isinstance(profiles, str) else list(profiles)
        for reg, rows, bodies in groups:
            p = profiles_for(reg, source)
            if p is None:
                continue
            keys = [(a.number, a.suffix) for a in reg.articles()]
            w, pos = p.matrix(keys, bodies)
            if w.any():
                # feature-major: a text has a few hundred features, so scores gather those rows only
                self.blocks.append((p, np.array(rows), np.ascontiguousarray(w.T), pos, sorted(pos, key=pos.get)))

    def __bool__(self) -> bool:
        return bool(self.blocks)

    def query(self, feats: Counter) -> list[np.ndarray]:
        """The text's tf-idf vector in each block's feature space (pass to scores/contributions)."""
        out = []
        for p, _, _, pos, _ in self.blocks:
            q = np.zeros(len(pos))
            for f, x in p.vector(feats).items():
                j = pos.get(f)
                if j is not None:
                    q[j] = x
            out.append(q)
        return out

    def scores(self, feats: Counter, qs: list[np.ndarray] | None = None) -> np.ndarray:
        out = np.zeros(self.n)
        for (_, rows, wt, _, _), q in zip(self.blocks, qs or self.query(feats), strict=True):
            nz = np.flatnonzero(q)
            out[rows] = self.weight * (q[nz] @ wt[nz])
        return out

    def contributions(self, feats: Counter, i: int, qs: list[np.ndarray] | None = None) -> list[tuple[float, str]]:
        """(weight, feature) of the features that made article ``i``'s learned score, largest first."""
        for (_, rows, w, _, names), q in zip(self.blocks, qs or self.query(feats), strict=True):
            hit = np.flatnonzero(rows == i)
            if hit.size:
                prod = w[:, hit[0]] * q
                out = [(float(prod[j]), names[j]) for j in np.flatnonzero(prod)]
                return sorted(out, key=lambda t: (-t[0], t[1]))
        return []
