"""Derive the linker's learned data from the local regulations in ../shared/laws.

Every local regulation whose title matches ``--pattern`` (default: the provincial and city
优化营商环境条例) is aligned with the national regulation (``--national``); the aligned local articles
give each national article a profile of local wording (:mod:`policygraph.link.profiles`). Writes
``policygraph/data/link/{profiles,articles,alignments}.csv``; a rerun on the same inputs writes the
same bytes. Nothing annotated is read.

    python scripts/learn_link_data.py                 # write the data files
    python scripts/learn_link_data.py --evaluate      # the alignment check used to tune the linker
    python scripts/learn_link_data.py --show 26 49    # what the local regulations taught for articles

The check (``--evaluate``): local articles whose best national article is clear (score >= 0.2, 1.5x
the second) become queries with every run of 3+ characters they share with that national article
blanked out, so what is left is local wording. Each province's regulations are ranked with profiles
learned from the other provinces only (leave one province out); printed are Hits@1 and MRR of the
national article, for profile weights and profile sizes.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policygraph.link.articles import ALIGN_BM25, BY_SENTENCE, ArticleIndex  # noqa: E402
from policygraph.link.profiles import (  # noqa: E402
    ALIGN_MIN_SCORE,
    PARAGRAPHS,
    TOP_FEATURES,
    digest,
    learn_profiles,
    write_profiles,
)
from policygraph.link.text import default_analyzer  # noqa: E402
from policygraph.loaders.law import read_regulation  # noqa: E402

LAWS = ROOT.parent / "shared" / "laws"
NATIONAL = Path("行政法规") / "优化营商环境条例(2019-10-22).md"
PATTERN = "*优化营商环境条例*"
OUT = ROOT / "policygraph" / "data" / "link"


def local_files(laws: Path, pattern: str) -> list[Path]:
    """Local regulations (under DLC/, the collection's folder for them) matching ``pattern``, sorted."""
    return sorted((laws / "DLC").rglob(pattern + ".md"))


def province(path: Path) -> str:
    """The collection folder (DLC/<province>地方法规/...): regulations of one province share wording."""
    return path.relative_to(path.parents[3]).parts[0]


def header(laws: Path, national: Path, files: list[Path]) -> str:
    thes = (ROOT / "policygraph" / "data" / "thesaurus.csv").read_text("utf-8")
    lines = [
        "Learned by scripts/learn_link_data.py from ../shared/laws (no annotated data); do not edit by hand.",
        f"national: {national.relative_to(laws)}",
        f"local regulations ({len(files)}): " + "; ".join(p.stem for p in files),
        f"align min score {ALIGN_MIN_SCORE}, top {TOP_FEATURES} features per article, "
        f"thesaurus digest {digest(thes)}",
    ]
    return "\n".join(lines)


# ------------------------------------------------------------------ the alignment check


def residual(text: str, target: str, min_len: int = 3) -> str:
    """``text`` with every run of ``min_len``+ characters it shares with ``target`` replaced by '|'."""
    keep = list(text)
    for b in SequenceMatcher(None, text, target, autojunk=False).get_matching_blocks():
        if b.size >= min_len:
            keep[b.a:b.a + b.size] = "|" * b.size
    return "".join(keep)


def check_queries(national, locals_, *, conf: float = 0.2, margin: float = 1.5) -> list[tuple[str, tuple]]:
    """(residual local text, national article key) for clearly aligned local articles."""
    from policygraph.link.align import align
    from policygraph.link.articles import article_body

    index = ArticleIndex([national], profiles=None, **ALIGN_BM25)
    nat = {(a.number, a.suffix): a for a in index.articles}
    out = []
    for loc in locals_:
        bodies = {(a.number, a.suffix): article_body(a) for a in loc.articles()}
        rows = defaultdict(list)
        for r in align(loc, national, k=2, index=index):
            rows[(r["local_article"], r["local_suffix"])].append(r)
        for lk, rs in rows.items():
            best = rs[0]
            key = (best["national_article"], best["national_suffix"])
            if best["score"] < conf or not nat[key].operative:
                continue
            if len(rs) > 1 and rs[1]["score"] * margin > best["score"]:
                continue
            q = residual(bodies[lk], nat[key].text)
            if len(re.sub(r"[|\W]", "", q)) >= 8:
                out.append((q, key))
    return out


def pseudo_measures(queries: list[tuple[str, tuple]]) -> list[tuple[str, set]]:
    """Runs of 1, 2, 3, 4, 1, 2 ... consecutive check queries (one local regulation's, in order),
    joined into one text: a measure of several actions, labelled with their national articles."""
    out, i, size = [], 0, 1
    while i < len(queries):
        run = queries[i:i + size]
        out.append(("。".join(q for q, _ in run) + "。", {key for _, key in run}))
        i += size
        size = size % 4 + 1
    return out


def chunks(national, sizes=(6, 18)) -> list:
    """The national regulation, and runs of ``sizes`` consecutive articles of it as regulations of
    their own (stand-ins for short and partial regulations)."""
    from policygraph.records import Regulation

    arts = national.articles()
    out = [national]
    for size in sizes:
        out += [Regulation(national.title, version_date=national.version_date, parts=arts[i:i + size])
                for i in range(0, len(arts) - size + 1, size)]
    return out


def calibration_rows(national, files: list[Path], regs: dict) -> dict[str, tuple[list, ...]]:
    """(scores, ratios, sizes, labels, weights) of the ranked candidates of every pseudo-measure against the
    national regulation and runs of its articles, with and without profiles; each province's
    pseudo-measures ranked with profiles learned from the other provinces. Each size of index weighs
    as much as the whole regulation (a row of one of m runs of a size weighs 1/m)."""
    from policygraph.link.profiles import learn_profiles

    rows = {"profiles": ([], [], [], [], []), "plain": ([], [], [], [], [])}
    parts = chunks(national)
    per_size = {n: sum(1 for r in parts if len(r.articles()) == n) for n in {len(r.articles()) for r in parts}}
    groups = defaultdict(list)
    for p in files:
        groups[province(p)].append(p)
    for g, held in sorted(groups.items()):
        prof = learn_profiles(national, [regs[p] for p in files if province(p) != g])
        pseudo = [m for p in held for m in pseudo_measures(check_queries(national, [regs[p]]))]
        for name, profiles in (("profiles", [prof]), ("plain", None)):
            for reg in parts:
                idx = ArticleIndex([reg], profiles=profiles)
                weight = 1.0 / per_size[len(reg.articles())]
                n = int(sum(a.operative for a in idx.articles))
                for text, labels in pseudo:
                    cands = idx.rank(text, 10, by_sentence=BY_SENTENCE)
                    for c in cands:
                        for col, v in zip(rows[name], (c.score, c.score / cands[0].score, n,
                                                       (c.article, c.suffix) in labels, weight), strict=True):
                            col.append(v)
    return rows


def calibrate(national, files: list[Path], regs: dict) -> list:
    from policygraph.link.calibration import f1_at, fit

    out = []
    for name, (sc, ra, sz, lab, wt) in calibration_rows(national, files, regs).items():
        cal = fit(name, sc, ra, sz, lab, wt)
        probs = [cal.probability(s, r, n) for s, r, n in zip(sc, ra, sz, strict=True)]
        full = [i for i, n in enumerate(sz) if n == max(sz)]
        print(f"calibration {name}: {len(lab)} candidates, {sum(lab)} positive -> {cal}; pseudo-measure F1 "
              f"(weighted) {f1_at(probs, lab, cal.threshold, wt):.3f}, on the whole regulation "
              f"{f1_at([probs[i] for i in full], [lab[i] for i in full], cal.threshold):.3f}")
        out.append(cal)
    return out


def _rank_of(scores, keys, operative, wanted) -> int:
    best = max(scores[keys.index(k)] for k in wanted)
    return 1 + sum(1 for s, o in zip(scores, operative, strict=True) if o and s > best)


def variants(settings: list[str]) -> list[dict]:
    """``["chapter_weight=0,0.5", "k1=1.2"]`` -> every combination as ArticleIndex keywords."""
    import itertools

    grid = [(k, [float(x) for x in v.split(",")]) for k, v in (s.split("=", 1) for s in settings)]
    return [dict(zip([k for k, _ in grid], combo, strict=True))
            for combo in itertools.product(*[v for _, v in grid])] or [{}]


def evaluate(national, files: list[Path], weights, tops, paragraphs: bool, settings: list[str] = ()) -> None:
    """Hits@1 / MRR on the check queries (single local articles) and on pseudo-measures (runs of
    them; any of their national articles counts), by whole text and by best sentence added;
    ``settings`` (NAME=V1,V2 ...) are further ArticleIndex keywords to compare."""
    regs = {p: read_regulation(p) for p in files}
    groups = defaultdict(list)
    for p in files:
        groups[province(p)].append(p)
    res: dict = defaultdict(lambda: [0, 0, 0.0])
    for g, held in groups.items():
        queries = check_queries(national, [regs[p] for p in held])
        pseudo = [m for p in held for m in pseudo_measures(check_queries(national, [regs[p]]))]
        train = [regs[p] for p in files if province(p) != g]
        for top in tops:
            prof = learn_profiles(national, train, top=top, paragraphs=paragraphs)
            for w, extra in ((w, x) for w in weights for x in variants(list(settings))):
                idx = ArticleIndex([national], profiles=[prof], profile_weight=w, **extra)
                tag = f"{w:4}" + "".join(f" {k}={v}" for k, v in extra.items())
                keys = [(a.number, a.suffix) for a in idx.articles]
                op = [a.operative for a in idx.articles]
                tasks = [("article", q, {key}, idx.scores) for q, key in queries]
                tasks += [("pseudo-measure", t, labels, idx.scores) for t, labels in pseudo]
                tasks += [("pseudo-measure+sentence", t, labels, lambda x, i=idx: i.measure_scores(x)[0])
                          for t, labels in pseudo]
                for task, text, wanted, fn in tasks:
                    r = _rank_of(fn(text), keys, op, wanted)
                    c = res[(task, top, tag)]
                    c[0] += 1
                    c[1] += r == 1
                    c[2] += 1 / r
        print(f"  {g}: {len(queries)} queries, {len(pseudo)} pseudo-measures", file=sys.stderr)
    print("alignment check (leave one province out): task, top features, profile weight -> Hits@1 MRR (n)")
    for (task, top, w), (n, h1, rr) in sorted(res.items()):
        print(f"  {task:24} top={top:5} weight={w}: Hits@1={h1 / n:.3f} MRR={rr / n:.3f} (n={n})")


def show(prof, articles: list[int], n: int = 25) -> None:
    """The learned features of some national articles that their own text lacks."""
    an = default_analyzer()
    index = ArticleIndex([read_regulation(LAWS / NATIONAL)], profiles=None, **ALIGN_BM25)
    texts = {a.number: an.features(a.text) for a in index.articles}
    for num in articles:
        vec = prof.vectors.get((num, None), {})
        new = [f[2:] for f, _ in sorted(vec.items(), key=lambda t: -t[1]) if f not in texts.get(num, {})
               and f[0] in "wc"]
        print(f"第{num}条 ({prof.aligned.get((num, None), 0)} local articles, "
              f"{prof.regulations.get((num, None), 0)} regulations): " + " ".join(list(dict.fromkeys(new))[:n]))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--laws", type=Path, default=LAWS)
    ap.add_argument("--national", type=Path, default=None, help="default: laws/" + str(NATIONAL))
    ap.add_argument("--pattern", default=PATTERN, help="file-name pattern of the local regulations")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--evaluate", action="store_true", help="run the alignment check instead of writing")
    ap.add_argument("--weights", type=float, nargs="*", default=[0.0, 0.25, 0.5, 1.0, 2.0, 4.0])
    ap.add_argument("--tops", type=int, nargs="*", default=[TOP_FEATURES])
    ap.add_argument("--set", action="append", default=[], metavar="NAME=V1,V2",
                    help="with --evaluate: an ArticleIndex keyword and the values to compare")
    ap.add_argument("--show", type=int, nargs="*", metavar="ARTICLE")
    ap.add_argument("--unit", choices=["paragraph", "article"], default="paragraph" if PARAGRAPHS else "article",
                    help="align local regulations paragraph by paragraph or article by article")
    args = ap.parse_args(argv)

    national_path = args.national or args.laws / NATIONAL
    if not national_path.exists():
        print(f"not found: {national_path}", file=sys.stderr)
        return 1
    national = read_regulation(national_path)
    files = local_files(args.laws, args.pattern)
    if args.evaluate:
        evaluate(national, files, args.weights, args.tops, args.unit == "paragraph", args.set)
        return 0
    regs = {p: read_regulation(p) for p in files}
    prof = learn_profiles(national, list(regs.values()), paragraphs=args.unit == "paragraph")
    if args.show is not None:
        show(prof, args.show)
        return 0
    head = header(args.laws, national_path, files)
    for path in write_profiles([prof], args.out, head):
        print(f"wrote {path} ({path.stat().st_size // 1024} KB)")
    from policygraph.link.calibration import write

    write(calibrate(national, files, regs), args.out / "calibration.csv",
          head + "\nLogistic fit on pseudo-measures of the local regulations (see policygraph/link/calibration.py).")
    print(f"wrote {args.out / 'calibration.csv'}")
    print(f"{len(prof.pairs)} local articles aligned with {sum(1 for v in prof.aligned.values() if v)} "
          f"of {len(prof.vectors)} national articles")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
