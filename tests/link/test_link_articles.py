"""Behaviour of policygraph.link.text and policygraph.link.articles (measure -> article linking)."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest

from policygraph.errors import InputError
from policygraph.link import articles as articles_mod
from policygraph.link import text as text_mod
from policygraph.link.articles import ArticleIndex, link_measures
from policygraph.link.text import Analyzer, Thesaurus, normalize, squeeze
from policygraph.records import Measure, Part, Regulation

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
NATIONAL = SHARED / "laws" / "行政法规" / "优化营商环境条例(2019-10-22).md"
REPORT = SHARED / "reports" / "dalian_2021-09-18_review-opinions-report.txt"
GOLD = SHARED / "gold" / "seed_report.gold.json"


def art(n: int, body: str) -> Part:
    label = f"第{n}条"
    return Part("article", n, label=label, text=f"{label} {body}")


@pytest.fixture(scope="module")
def toy() -> Regulation:
    return Regulation("示例条例", version_date="2019-10-22", parts=[
        art(1, "为了持续优化营商环境，制定本条例。"),
        art(2, "国家推行“双随机、一公开”监管，随机抽取检查对象、随机选派执法检查人员。"),
        art(3, "政府及其有关部门应当建立便利、畅通的渠道，通过政务服务便民热线受理投诉和举报。"),
        art(4, "对探索中出现失误或者偏差，符合规定条件的，可以予以免责或者减轻责任。"),
        art(5, "国家鼓励和支持金融机构加大对中小企业的支持力度，降低综合融资成本。"),
        art(6, "本条例自2020年1月1日起施行。"),
    ])


# ---------------------------------------------------------------- text


def test_doctests():
    for mod in (text_mod, articles_mod):
        assert doctest.testmod(mod).failed == 0


def test_normalize_and_squeeze_unify_widths_and_punctuation():
    assert normalize("互联网＋监管 （一）") == "互联网+监管(一)"
    assert squeeze("“双随机、一公开”") == squeeze("双随机一公开")


def test_packaged_thesaurus_has_concepts_boilerplate_and_markers():
    t = Thesaurus.load()
    assert len(t.concepts) > 50
    assert "免责或者减轻责任" in t.concepts["容错"]
    assert "营商环境" in t.boilerplate
    assert "本条例自" in t.non_operative
    # reserved topics never become concepts
    assert "应当" not in t.concepts


def test_thesaurus_file_errors_name_the_file(tmp_path):
    missing = tmp_path / "none.csv"
    with pytest.raises(InputError, match="none.csv"):
        Thesaurus.load(missing)
    bad = tmp_path / "bad.csv"
    bad.write_text("term,expansions,topic\n,foo,bar\n", "utf-8")
    with pytest.raises(InputError, match="no term"):
        Thesaurus.load(bad)


def test_custom_thesaurus_and_comments(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("# comment\nterm,expansions,topic\n首贷,融资|贷款,finance\n本条例自,,_non_operative\n", "utf-8")
    a = Analyzer(Thesaurus.load(p))
    assert a.concepts("首贷中心")["首贷"] == "首贷"
    assert a.concepts("降低融资成本")["首贷"] == "融资"
    assert a.is_non_operative("本条例自公布之日起施行")


def test_features_concepts_words_bigrams_and_boilerplate_cut():
    a = Analyzer()
    f = a.features("推动全市优化营商环境工作，推行“双随机、一公开”监管")
    assert f["c:双随机一公开"] == 1
    assert f["w:监管"] == 1 and f["g:监管"] == 1
    # boilerplate phrases contribute neither words nor bigrams
    assert not any(k in f for k in ("w:营商环境", "g:营商", "w:工作"))
    # a function character separates bigram runs: no bigram 境的 / 的监 kind of noise
    g = a.features("建立信用监管的机制")
    assert "g:管的" not in g and "g:的机" not in g


def test_features_are_cached_and_deterministic():
    a = Analyzer()
    assert a.features("加强信用监管") is a.features("加强信用监管")
    assert Analyzer().features("加强信用监管") == a.features("加强信用监管")


# ---------------------------------------------------------------- index


def test_thesaurus_expansion_links_report_jargon_to_regulation_wording(toy):
    idx = ArticleIndex([toy])
    cases = {
        "依托12345热线办理企业诉求": 3,
        "深入推进双随机一公开监管": 2,
        "落实容错纠错机制，宽容失误": 4,
        "推广首贷服务站，缓解小微企业融资难": 5,
    }
    for text, want in cases.items():
        top = idx.rank(text, k=3)
        assert top[0].article == want, (text, top)
        assert top[0].matched, "the best candidate explains itself"


def test_candidates_carry_provenance_rank_and_normalised_score(toy):
    cands = ArticleIndex([toy]).rank("通过政务服务便民热线受理投诉举报", k=3)
    assert [c.rank for c in cands] == list(range(1, len(cands) + 1))
    assert all(0 < c.score <= 1 for c in cands)
    assert cands == sorted(cands, key=lambda c: -c.score)
    c = cands[0]
    assert (c.regulation, c.version_date, c.article, c.method) == ("示例条例", "2019-10-22", 3, "bm25+thesaurus")
    assert not c.asserted  # rank() never asserts; link_measures does


def test_matched_shows_both_wordings_of_a_concept(toy):
    top = ArticleIndex([toy]).rank("依托12345受理诉求", k=1)[0]
    assert "12345~政务服务便民热线" in top.matched


def test_non_operative_articles_are_skipped_unless_asked(toy):
    idx = ArticleIndex([toy])
    text = "本条例自2020年1月1日起施行"
    assert all(c.article != 6 for c in idx.rank(text, k=6))
    assert idx.rank(text, k=1, skip_non_operative=False)[0].article == 6


def test_no_shared_feature_no_candidate(toy):
    assert ArticleIndex([toy]).rank("ABCDEFG", k=5) == []
    assert ArticleIndex([]).rank("信用监管") == []


def test_label_is_not_indexed(toy):
    # "第二条" in a measure must not pull article 2 by its label
    assert ArticleIndex([toy]).rank("第二条", k=3) == []


def test_link_measures_fills_top_k_and_asserts_by_threshold(toy):
    ms = [Measure("S1.M1", "S1", 1, "一是", "监管", "一是深化“双随机、一公开”监管，随机抽取检查对象。", 0, 20),
          Measure("S1.M2", "S1", 2, "二是", "热线", "二是依托12345热线受理企业投诉。", 20, 36)]
    link_measures(ms, [toy], k=2, threshold=0.0)
    assert all(1 <= len(m.articles) <= 2 and all(c.asserted for c in m.articles) for m in ms)
    assert ms[0].articles[0].article == 2 and ms[1].articles[0].article == 3
    link_measures(ms, [toy], k=2, threshold=1.01)
    assert not any(c.asserted for m in ms for c in m.articles)


# ---------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def national():
    if not NATIONAL.exists():
        pytest.skip(f"shared data not found at {SHARED}")
    law = pytest.importorskip("policygraph.loaders.law", reason="regulation loader not available")
    return law.read_regulation(NATIONAL)


def test_national_regulation_index(national):
    idx = ArticleIndex([national])
    assert len(idx) == 72
    nonop = [a.number for a in idx.articles if not a.operative]
    assert 72 in nonop and 2 in nonop and 54 not in nonop
    # 告知承诺 stands in articles 40 (审批) and 44 (证明事项); 容缺受理 is article 36's 一次性告知
    top3 = [c.article for c in idx.rank("推行告知承诺制，常态化实施容缺受理", k=3)]
    assert top3[0] in (40, 44) and {36, 40} <= set(top3)
    assert idx.rank("畅通12345政务服务便民热线，受理营商环境投诉", k=1)[0].article == 49


def test_seed_report_ranking_quality(national):
    """Evaluation against the hand annotation (the package itself never reads it)."""
    if not (REPORT.exists() and GOLD.exists()):
        pytest.skip("seed report or gold not found")
    gold = json.loads(GOLD.read_text("utf-8"))
    text = REPORT.read_text("utf-8")
    idx = ArticleIndex([national])
    hits3, rr = 0, 0.0
    for g in gold["measures"]:
        s = text.find(g["text_start"])
        e = text.find(g["text_end"], s) + len(g["text_end"])
        ranked = [c.article for c in idx.rank(text[s:e], k=10)]
        prim = {a["article"] for a in g["articles"] if a["strength"] == "primary"}
        first = next((r for r, a in enumerate(ranked, 1) if a in prim), None)
        hits3 += bool(first and first <= 3)
        rr += 1 / first if first else 0.0
    n = len(gold["measures"])
    assert hits3 / n >= 0.8
    assert rr / n >= 0.6
