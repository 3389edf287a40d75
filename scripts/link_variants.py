"""Measure ways of combining the linker's evidence that ArticleIndex has no keyword for.

Every measure of the development set (../shared/gold) and of the held-out texts
(tests/fixtures/heldout) that has a primary article is scored once into its parts: the normalised
BM25 score of the article's own text (``B``), the profile cosine (``L``; the shipped score is
(B + L) / 2), the same for its heading and, per sentence, and its profile-space query. Each variant
below re-ranks from those parts, so a variant costs milliseconds; printed are Hits@1 / Hits@3 / MRR
per development document and micro, on the held-out texts in-sample and, for variants with a
weight, leave-one-document-out cross-validated (the weight best on the other held-out texts, ties to
no change). Evaluation only: nothing here is used by the package, and the variants were rejected
(see the README's linking section).

    python scripts/link_variants.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import score_links as SL  # noqa: E402

from policygraph.extractors.wordlists import load_rows  # noqa: E402
from policygraph.link.articles import ArticleIndex, article_body  # noqa: E402
from policygraph.link.sentences import sentence_spans  # noqa: E402
from policygraph.loaders.law import read_regulation  # noqa: E402

# The hypothesis of a units prior: a department named among the measure's units stands for the role
# the regulation gives it; its wording is added to the measure's text. An experiment, not package data.
UNIT_ROLES = [
    (r"营商环境(建设|发展|监督|优化)|营商局|营商办", "优化营商环境工作的主管部门"),
    (r"发展和改革|发展改革|发改委", "发展改革部门"),
    (r"市场监督管理|市场监管", "市场监督管理部门"),
    (r"人力资源和社会保障|人力资源社会保障|人社", "人力资源社会保障部门"),
    (r"税务", "税务部门"),
    (r"海关", "海关"),
    (r"人民银行|金融监督管理|金融监管|金融(工作|发展)局", "金融监督管理部门"),
    (r"住房和城乡建设|住房城乡建设|住建", "住房城乡建设主管部门"),
    (r"自然资源", "自然资源主管部门"),
    (r"行政审批|政务服务(管理|中心|局)", "政务服务"),
    (r"司法局|司法厅", "司法行政部门"),
    (r"公安", "公安机关"),
    (r"商务(局|厅|委)", "商务主管部门"),
]


def roles(units: list[str]) -> list[str]:
    out: list[str] = []
    for u in units:
        for pat, wording in UNIT_ROLES:
            if re.search(pat, u) and wording not in out:
                out.append(wording)
    return out


class Parts:
    def __init__(self, reg):
        self.idx = ArticleIndex([reg])
        self.n = len(self.idx.articles)
        self.wt = self.idx._learned.blocks[0][2]  # profile features x articles

    def bl(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        idx = self.idx
        q = idx._query(text)
        raw = np.zeros(self.n)
        for f, qw in q.items():
            docs, parts, idf = idx._postings[f]
            raw[docs] += qw * idf * parts
        own = raw / idx._self_score(q) if q else raw
        return own, idx._learned.scores(None, idx._learned.query(idx.analyzer.features(text)))

    def of(self, m) -> dict:
        b, l_ = self.bl(m.text)
        bh, lh = self.bl(m.heading or "")
        spans = sentence_spans(m.text) or [(0, len(m.text))]
        per = [self.bl(m.text[s:e]) for s, e in spans]
        ub, ul = self.bl(m.text + "。" + "，".join(roles(m.units))) if roles(m.units) else (b, l_)
        return {"B": b, "L": l_, "Bh": bh, "Lh": lh, "Bs": np.mean([p[0] for p in per], 0),
                "Ls": np.mean([p[1] for p in per], 0), "UB": ub, "UL": ul,
                "q": self.idx._learned.query(self.idx.analyzer.features(m.text))[0]}


def load(parts: Parts) -> dict[str, list]:
    out = {}
    for name, docs in (("dev", SL.DOCS), ("held", SL.docs_in(ROOT / "tests" / "fixtures" / "heldout"))):
        rows = []
        for d in docs:
            gold = json.loads(d.gold.read_text("utf-8"))
            by_id = {g["id"]: g for g in gold["measures"]}
            for m in SL.gold_measures(d.report, gold):
                prim = {a["article"] for a in by_id[m.id].get("articles", []) if a["strength"] == "primary"}
                if prim:
                    rows.append((d.name, prim, parts.of(m)))
        out[name] = rows
    # the document's other measures, for the document-contrast variant
    for rows in out.values():
        for d, _, c in rows:
            others = [o["B"] + o["L"] for dd, _, o in rows if dd == d and o is not c]
            c["doc"] = np.mean(others, 0) if others else np.zeros_like(c["B"])
    return out


def background(parts: Parts, national) -> np.ndarray:
    """B + L of every local 优化营商环境条例 article as a query (hubness: an article's mean score)."""
    import learn_link_data as LL

    rows = []
    for p in LL.local_files(LL.LAWS, LL.PATTERN):
        for a in read_regulation(p).articles():
            b, l_ = parts.bl(article_body(a))
            rows.append(b + l_)
    return np.array(rows)


def ranks(rows, fn, nums, op) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for d, prim, c in rows:
        order = nums[np.argsort(-np.where(op, fn(c), -1e9), kind="stable")]
        out.setdefault(d, []).append(next(i for i, a in enumerate(order, 1) if a in prim))
    return out


def fig(rs) -> str:
    rs = np.array(rs)
    return f"{(rs == 1).mean():.3f}/{(rs <= 3).mean():.3f}/{(1 / rs).mean():.3f}"


def cross_validated(per_weight: dict, default) -> str:
    docs = list(per_weight[default])
    got = []
    for d in docs:
        def mrr(w, d=d):
            return round(float(np.mean([1 / r for dd, rs in per_weight[w].items() if dd != d for r in rs])), 9)
        pick = max(per_weight, key=lambda w: (mrr(w), w == default))
        got += per_weight[pick][d]
    return fig(got)


def main() -> int:
    national = read_regulation(SL.NATIONAL)
    parts = Parts(national)
    data = load(parts)
    nums = np.array([a.number for a in parts.idx.articles])
    op = parts.idx._operative
    hub = background(parts, national).mean(0)
    rows = {r["article"]: r for r in load_rows("link/articles.csv")}
    restated = np.array([int(rows[str(n)]["local_regulations"]) for n in nums])
    prior = np.log1p(restated) / np.log1p(restated.max())

    def rrf(x, k=60):
        r = np.empty(len(x))
        r[np.argsort(-x, kind="stable")] = np.arange(1, len(x) + 1)
        return 1 / (k + r)

    def prf(c, m=3, beta=0.5):
        top = np.argsort(-np.where(op, c["B"] + c["L"], -1e9), kind="stable")[:m]
        cen = parts.wt[:, top].mean(1)
        q = c["q"] + beta * cen / (np.linalg.norm(cen) or 1)
        return c["B"] + (q / np.linalg.norm(q)) @ parts.wt

    base = lambda c: c["B"] + c["L"]  # noqa: E731
    variants = {  # name: {weight: scoring function}; weight 0 (or None) = the shipped score
        "shipped (B + L)": {None: base},
        "reciprocal rank fusion of B and L (k=60)": {None: lambda c: rrf(c["B"]) + rrf(c["L"])},
        "restatement prior + w log(1+regulations)": {w: (lambda c, w=w: base(c) + w * prior)
                                                     for w in (0, 0.02, 0.05)},
        "hubness: - w x mean score on local articles": {w: (lambda c, w=w: base(c) - w * hub)
                                                        for w in (0, 0.25, 0.5)},
        "document contrast: - w x mean of its other measures": {w: (lambda c, w=w: base(c) - w * c["doc"])
                                                                for w in (0, 0.1, 0.25)},
        "pseudo-relevance feedback (top 3 profiles, 0.5)": {None: prf},
        "heading again: + w (Bh + Lh)": {w: (lambda c, w=w: base(c) + w * (c["Bh"] + c["Lh"]))
                                         for w in (0, 0.1, 0.3)},
        "mean of sentences: + w (Bs + Ls)": {w: (lambda c, w=w: base(c) + w * (c["Bs"] + c["Ls"]))
                                             for w in (0, 0.5, 1.0)},
        "units' roles added to the text": {None: lambda c: c["UB"] + c["UL"]},
    }
    print("Hits@1/Hits@3/MRR; dev per document and micro | held-out micro in-sample (CV where a weight)")
    for name, fns in variants.items():
        for w, fn in fns.items():
            dev = ranks(data["dev"], fn, nums, op)
            held = ranks(data["held"], fn, nums, op)
            label = name if w is None else f"{name}, w={w}"
            cells = " ".join(f"{d[:9]} {fig(rs)}" for d, rs in dev.items())
            allr = [r for rs in dev.values() for r in rs]
            print(f"{label:58} {cells} micro {fig(allr)} | held {fig([r for rs in held.values() for r in rs])}")
        if None not in fns and len(fns) > 1:
            per = {w: ranks(data["held"], fn, nums, op) for w, fn in fns.items()}
            print(f"{'':58} held-out cross-validated over w: {cross_validated(per, 0)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
