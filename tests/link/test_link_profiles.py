"""Behaviour of policygraph.link.profiles (article profiles learned from local regulations)."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

from policygraph.extractors.wordlists import load_rows
from policygraph.link import profiles as profiles_mod
from policygraph.link.articles import ArticleIndex
from policygraph.link.profiles import (
    digest,
    guard,
    learn_profiles,
    packaged_profiles,
    read_profiles,
    write_profiles,
)
from policygraph.loaders.law import read_regulation
from policygraph.records import Part, Regulation

ROOT = Path(__file__).resolve().parents[2]
NATIONAL = ROOT / "policygraph" / "data" / "regulations" / "优化营商环境条例(2019-10-22).md"
DATA = ROOT / "policygraph" / "data"


def art(n: int, body: str) -> Part:
    return Part("article", n, label=f"第{n}条", text=f"第{n}条 {body}")


@pytest.fixture(scope="module")
def national():
    return read_regulation(NATIONAL)


@pytest.fixture()
def synthetic():
    """A toy national regulation and two toy local ones restating it in other words (synthetic)."""
    nat = Regulation("示例条例", parts=[
        art(1, "国家鼓励金融机构加大对中小企业的信贷支持，降低融资成本。"),
        art(2, "政府应当建立畅通的渠道，受理投诉和举报。"),
    ])
    loc1 = Regulation("甲市示例条例", version_date="2021-01-01", parts=[
        art(8, "本市鼓励金融机构推广转贷、增信服务，加大信贷支持，降低融资成本。"),
        art(9, "本市依托12345热线受理投诉和举报，设立专席。")])
    loc2 = Regulation("乙省示例条例", version_date="2022-01-01", parts=[
        art(3, "金融机构应当开展转贷、增信服务，加大对中小企业信贷支持。")])
    return nat, [loc1, loc2]


def test_doctests():
    assert doctest.testmod(profiles_mod).failed == 0


def test_learned_words_reach_the_article_they_restate(synthetic):
    nat, locs = synthetic
    prof = learn_profiles(nat, locs)
    assert prof.aligned == {(1, None): 2, (2, None): 1}
    assert prof.regulations[(1, None)] == 2
    assert "w:增信" in prof.vectors[(1, None)] and "w:增信" not in prof.vectors[(2, None)]
    plain = ArticleIndex([nat], profiles=None).rank("开展转贷增信", k=2)
    learned = ArticleIndex([nat], profiles=[prof]).rank("开展转贷增信", k=2)
    assert plain == []  # the national text shares nothing with the measure
    assert learned[0].article == 1 and "增信" in learned[0].learned
    assert learned[0].method.endswith("+profiles")


def test_profiles_apply_only_to_the_text_they_were_learned_for(synthetic):
    nat, locs = synthetic
    prof = learn_profiles(nat, locs)
    other_title = Regulation("另一条例", parts=nat.parts)
    assert ArticleIndex([other_title], profiles=[prof]).rank("开展转贷增信") == []
    # same title, article 1 reworded (another version): its guard differs, so no profile for it
    reworded = Regulation("示例条例", parts=[art(1, "各级人民政府应当加强组织领导。"), nat.parts[1]])
    assert ArticleIndex([reworded], profiles=[prof]).rank("开展转贷增信") == []


def test_write_is_deterministic_and_lists_its_sources(synthetic, tmp_path):
    nat, locs = synthetic
    a = write_profiles([learn_profiles(nat, locs)], tmp_path / "a", "source: synthetic")
    b = write_profiles([learn_profiles(nat, list(reversed(locs)))], tmp_path / "b", "source: synthetic")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert a[0].read_text("utf-8").startswith("# source: synthetic\n")
    align_rows = (tmp_path / "a" / "alignments.csv").read_text("utf-8").splitlines()
    assert any("甲市示例条例,2021-01-01,9," in r for r in align_rows)


def test_packaged_profiles_fit_the_packaged_national_regulation(national):
    (prof,) = [p for p in packaged_profiles() if p.regulation == national.title]
    for a in national.articles():
        body = a.text[len(a.label):].strip()
        assert prof.guards[(a.number, a.suffix)] == guard(body), a.label
    assert sum(1 for v in prof.aligned.values() if v) >= 60  # most articles are restated somewhere
    assert read_profiles()[0].idf == prof.idf


def test_packaged_data_was_learned_with_the_current_thesaurus():
    """A changed thesaurus changes features: rerun scripts/learn_link_data.py (this test says so)."""
    head = (DATA / "link" / "profiles.csv").read_text("utf-8").split("\nregulation,", 1)[0]
    thesaurus = (DATA / "thesaurus.csv").read_text("utf-8")
    assert f"thesaurus digest {digest(thesaurus)}" in head, "rerun python scripts/learn_link_data.py"


def test_learned_local_wording_ranks_the_right_national_article(national):
    """Local wording that neither the national text nor the thesaurus has reaches its article."""
    plain = ArticleIndex([national], profiles=None)
    learned = ArticleIndex([national])
    cases = {"推广转贷和增信服务": 26, "提供延时错时和预约服务": 36, "开展企业家面对面活动": 48,
             "设立首贷服务站": 26}
    for text, want in cases.items():
        got = [c.article for c in learned.rank(text, k=3)]
        assert got[0] == want, (text, got)
        before = [c.article for c in plain.rank(text, k=72)]
        assert before.index(want) > 0, "the case should need the learned wording"


def test_alignment_rows_name_real_local_articles():
    rows = load_rows("link/alignments.csv")
    assert len(rows) > 500
    assert {r["regulation"] for r in rows} == {"优化营商环境条例"}
    assert all(0.0 < float(r["score"]) <= 1.0 for r in rows)
