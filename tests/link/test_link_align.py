"""Behaviour of policygraph.link.align (local regulation -> national regulation)."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

from policygraph.link import align as align_mod
from policygraph.link.align import align
from policygraph.link.articles import ALIGN_BM25, ArticleIndex
from policygraph.records import Part, Regulation

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
NATIONAL = SHARED / "laws" / "行政法规" / "优化营商环境条例(2019-10-22).md"
DLC = SHARED / "laws" / "DLC"
BEIJING = DLC / "北京地方法规/地方性法规/北京/北京市优化营商环境条例(2020-03-27).md"
SHANGHAI = DLC / "上海地方法规/地方性法规/上海/上海市优化营商环境条例(2020-04-10).md"
QINGDAO = DLC / "山东地方法规/地方性法规/山东/青岛市优化营商环境条例(2021-01-28).md"
HENAN = DLC / "河南地方法规/地方性法规/河南/河南省优化营商环境条例(2020-11-28).md"

ROW_KEYS = {"local_regulation", "local_article", "local_suffix", "national_regulation", "national_article",
            "national_suffix", "score", "matched", "rank", "asserted"}


def art(n: int, body: str, suffix: int | None = None) -> Part:
    label = f"第{n}条" + (f"之{suffix}" if suffix else "")
    return Part("article", n, label=label, suffix=suffix, text=f"{label} {body}")


@pytest.fixture(scope="module")
def pair():
    nat = Regulation("优化营商环境条例", parts=[
        art(1, "为了持续优化营商环境，推动高质量发展，制定本条例。"),
        art(2, "国家推行“双随机、一公开”监管，随机抽取检查对象、随机选派执法检查人员。"),
        art(3, "政府及其有关部门应当建立便利、畅通的渠道，受理有关营商环境的投诉和举报。"),
        art(4, "本条例自2020年1月1日起施行。"),
    ])
    loc = Regulation("某市优化营商环境条例", parts=[
        Part("chapter", 1, heading="总则", parts=[art(1, "为了优化营商环境，推动高质量发展，根据国务院《优化营商环境条例》，制定本条例。")]),
        Part("chapter", 2, heading="监管", parts=[
            art(10, "本市全面实行双随机一公开监管。"),
            art(10, "依托12345政务服务便民热线，受理企业投诉举报。", suffix=1),
            art(11, "ABC"),
        ]),
        Part("chapter", 3, heading="附则", parts=[art(12, "本条例自2021年3月1日起施行。")]),
    ])
    return loc, nat


def test_doctests():
    assert doctest.testmod(align_mod).failed == 0


def test_rows_shape_and_order(pair):
    loc, nat = pair
    rows = align(loc, nat, k=2)
    assert rows and all(set(r) == ROW_KEYS for r in rows)
    locs = [(r["local_article"], r["local_suffix"]) for r in rows]
    assert locs == sorted(locs, key=lambda t: (t[0], t[1] or 0))  # document order
    for key in {(r["local_article"], r["local_suffix"]) for r in rows}:
        ranks = [r["rank"] for r in rows if (r["local_article"], r["local_suffix"]) == key]
        assert ranks == list(range(1, len(ranks) + 1)) and len(ranks) <= 2


def test_best_national_article_per_local_article(pair):
    loc, nat = pair
    best = {(r["local_article"], r["local_suffix"]): r for r in align(loc, nat, k=1)}
    assert best[(1, None)]["national_article"] == 1  # purpose articles are kept when aligning
    assert best[(10, None)]["national_article"] == 2
    assert best[(10, 1)]["national_article"] == 3
    assert best[(12, None)]["national_article"] == 4
    assert (11, None) not in best  # nothing shared, no row
    assert "投诉举报~投诉" in best[(10, 1)]["matched"]  # the concept, with both wordings


def test_threshold_controls_assertion_and_index_reuse(pair):
    loc, nat = pair
    idx = ArticleIndex([nat], profiles=None, **ALIGN_BM25)
    assert all(r["asserted"] for r in align(loc, nat, threshold=0.0, index=idx))
    # above any score only rows of the same non-operative kind stay asserted (purpose, commencement)
    kept = [(r["local_article"], r["national_article"]) for r in align(loc, nat, threshold=1.01, index=idx)
            if r["asserted"]]
    assert kept == [(1, 1), (12, 4)]
    assert align(loc, nat, index=idx) == align(loc, nat)  # deterministic


def test_alignment_keeps_its_own_bm25_parameters(pair):
    # measures are ranked with K1/B (cross-validated for long measures); aligning articles keeps the
    # usual 1.2/0.75, the scale its threshold and the shipped profiles were made on
    loc, nat = pair
    measure_scale = align(loc, nat, index=ArticleIndex([nat], profiles=None))
    assert [r["score"] for r in align(loc, nat)] != [r["score"] for r in measure_scale]
    assert ALIGN_BM25 == {"k1": 1.2, "b": 0.75}


# ---------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def loaded():
    if not NATIONAL.exists():
        pytest.skip(f"shared data not found at {SHARED}")
    law = pytest.importorskip("policygraph.loaders.law", reason="regulation loader not available")
    nat = law.read_regulation(NATIONAL)
    return law, nat, ArticleIndex([nat], profiles=None, **ALIGN_BM25)


def general_provisions(reg: Regulation) -> set[int]:
    """Articles of the 总则 chapter, or those before the first chapter when it has no heading."""
    out: set[int] = set()
    for p in reg.parts:
        if p.kind == "article":
            out.add(p.number)
        elif "总" in (p.heading or "") and "则" in (p.heading or ""):
            out |= {a.number for a in reg.articles() if a in p.parts or _within(a, p)}
        else:
            break
    return out


def _within(a: Part, p: Part) -> bool:
    return any(x is a or _within(a, x) for x in p.parts)


@pytest.mark.parametrize("path", [BEIJING, SHANGHAI, QINGDAO, HENAN], ids=["北京", "上海", "青岛", "河南"])
def test_local_regulations_follow_the_national_one(loaded, path):
    law, nat, idx = loaded
    if not path.exists():
        pytest.skip(f"{path.name} not found")
    loc = law.read_regulation(path)
    rows = align(loc, nat, k=3, index=idx)
    top = {r["local_article"]: r for r in rows if r["rank"] == 1 and r["local_suffix"] is None}
    # article 1 (purpose) follows national article 1; the commencement article follows article 72
    assert top[1]["national_article"] == 1
    last = loc.articles()[-1].number
    assert top[last]["national_article"] == 72
    # most 总则 articles align with national 总则 articles (1-9) or their chapter-1 themes
    gp = general_provisions(loc)
    in_general = sum(1 for n in gp if n in top and top[n]["national_article"] <= 9)
    assert in_general >= len(gp) / 2
    # asserted rows are a minority of all rows but cover a good share of local articles
    asserted = {r["local_article"] for r in rows if r["asserted"]}
    assert 0.3 * len(loc.articles()) <= len(asserted) <= len(loc.articles())


def test_spot_checks_beijing(loaded):
    law, nat, idx = loaded
    if not BEIJING.exists():
        pytest.skip("Beijing regulation not found")
    top = {r["local_article"]: r["national_article"]
           for r in align(law.read_regulation(BEIJING), nat, k=1, index=idx)}
    # read from the texts: 减税降费 (20 -> 24), 政策承诺 (25 -> 31), 包容审慎 (55 -> 55),
    # 双随机一公开 (56 -> 54), 征求意见 (65 -> 62)
    assert {n: top[n] for n in (20, 25, 55, 56, 65)} == {20: 24, 25: 31, 55: 55, 56: 54, 65: 62}
