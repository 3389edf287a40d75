"""link_measures end to end: evidence sentences, calibrated assertion, one answer per regulation."""

from __future__ import annotations

import doctest
from dataclasses import asdict
from pathlib import Path

import pytest

from policygraph.link import calibration as calibration_mod
from policygraph.link import sentences as sentences_mod
from policygraph.link.articles import ArticleIndex, decide, link_measures, regulation_index
from policygraph.link.calibration import MAX_ASSERTED, Calibration, fit, packaged
from policygraph.link.sentences import sentence_spans
from policygraph.loaders.law import read_regulation
from policygraph.loaders.report import extract_report
from policygraph.records import ArticleCandidate, Measure

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "policygraph" / "data"
NATIONAL = DATA / "regulations" / "优化营商环境条例(2019-10-22).md"
REPORT = DATA / "reports" / "dalian_2021-09-18_review-opinions-report.txt"
LAWS = ROOT.parent / "shared" / "laws"


@pytest.fixture(scope="module")
def national():
    return read_regulation(NATIONAL)


@pytest.fixture(scope="module")
def report():
    return extract_report(REPORT)


def copies(measures: list[Measure]) -> list[Measure]:
    return [Measure(**{**asdict(m), "articles": []}) for m in measures]


def test_doctests():
    for mod in (sentences_mod, calibration_mod):
        assert doctest.testmod(mod).failed == 0


def test_sentence_spans_cover_the_text_and_quote_it():
    text = "（一）总体要求。加强组织领导，统筹推进；\n  建立督查机制！短句。"
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["（一）总体要求。加强组织领导，统筹推进；", "建立督查机制！短句。"]
    assert sentence_spans("") == [] and sentence_spans("没有标点的一句话") == [(0, 8)]


def test_candidates_quote_their_best_sentence_in_the_report(national, report):
    ms = copies(report.measures)
    link_measures(ms, [national])
    text = report.source.text
    n = 0
    for m in ms:
        for c in m.articles:
            assert text[c.sentence_start:c.sentence_end] == c.sentence
            assert m.start <= c.sentence_start < c.sentence_end <= m.end
            assert c.score > 0 and 0 <= c.probability <= 1 and c.matched
            n += 1
    assert n >= 5 * len(ms) - 5


def test_assertion_follows_the_calibrated_probability(national, report):
    ms = copies(report.measures)
    link_measures(ms, [national], k=10)
    cal = packaged()["profiles"]
    cands = [c for m in ms for c in m.articles]
    assert all(c.asserted == (c.probability >= cal.threshold and c.rank <= MAX_ASSERTED) for c in cands)
    assert 0 < sum(c.asserted for c in cands) < len(cands) / 2
    # what is asserted does not depend on how many candidates are asked for
    few = copies(report.measures)
    link_measures(few, [national], k=3)
    for m, f in zip(ms, few, strict=True):
        assert [c for c in f.articles if c.asserted] == [c for c in m.articles if c.asserted and c.rank <= 3]


def test_decide_rule_and_fit():
    cands = [ArticleCandidate("r", n, s, rank=i) for i, (n, s) in enumerate([(1, 0.8), (2, 0.7), (3, 0.1)], 1)]
    cal = Calibration("t", -4.0, 5.0, 2.0, size=0.0, threshold=0.5)
    decide(cands, cal, None, MAX_ASSERTED, 72)
    assert [c.asserted for c in cands] == [True, True, False]
    assert cands[0].probability > cands[1].probability > cands[2].probability
    decide(cands, cal, 0.0, 1, 72)
    assert [c.asserted for c in cands] == [True, False, False]  # at most max_asserted
    decide(cands, None, None, MAX_ASSERTED, 72)
    assert not any(c.asserted for c in cands) and cands[0].probability is None
    cal = fit("t", [0.1, 0.2, 0.3, 0.6, 0.7, 0.8], [0.1, 0.3, 0.4, 1.0, 0.9, 1.0], [72] * 6, [0, 0, 0, 1, 1, 1])
    assert cal.score > 0 and 0 < cal.threshold <= 0.5


def test_short_regulations_need_more_evidence(national, report):
    """The same score is less telling among 6 articles than among 72 (the size term of the fit)."""
    cal = packaged()["profiles"]
    assert cal.size > 0
    assert cal.probability(0.15, 1.0, 6) < cal.probability(0.15, 1.0, 72)


def test_packaged_calibrations():
    cals = packaged()
    assert set(cals) == {"profiles", "plain"}
    for c in cals.values():
        assert 0.2 < c.threshold < 0.5  # F*/2 with F* the best F1 on the pseudo-measures
        assert c.score > 0 and c.ratio > 0 and c.size > 0  # more score, share of the best, articles: likelier


# ---------------------------------------------------------------- store independence


def other_regulations(n: int = 14):
    files = sorted((LAWS / "DLC").rglob("*优化营商环境条例*.md"))[:n]
    if len(files) < n:
        pytest.skip(f"{LAWS} with the local regulations is absent")
    return [read_regulation(p) for p in files]


def test_the_same_candidates_whatever_else_is_linked_or_indexed(national, report):
    alone = copies(report.measures)
    link_measures(alone, [national])
    others = other_regulations()
    for reg in others:  # indexes of other regulations built (as a store holding them would)
        regulation_index(reg)
    again = copies(report.measures)
    link_measures(again, [national])
    together = copies(report.measures)
    link_measures(together, [*others[:7], national, *others[7:]])
    for a, b, c in zip(alone, again, together, strict=True):
        assert a.articles == b.articles
        assert [x for x in c.articles if x.regulation == national.title] == a.articles
    coverage = {x.article for m in alone for x in m.articles if x.asserted}
    assert coverage == {x.article for m in together for x in m.articles
                        if x.asserted and x.regulation == national.title}


def test_a_shared_index_is_not_what_link_measures_uses(national, report):
    """One BM25 index over many regulations mixes their IDF; link_measures must not use one."""
    others = other_regulations(4)
    mixed = ArticleIndex([national, *others])
    m = report.measures[3]
    own = [(c.article, c.score) for c in regulation_index(national).rank(m.text, 5)]
    shared = [(c.article, c.score) for c in mixed.rank(m.text, 200) if c.regulation == national.title][:5]
    assert own != shared  # the reason for one index per regulation


@pytest.mark.corpus
def test_coverage_of_the_demo_does_not_change_when_the_store_holds_more_regulations(tmp_path):
    """Linking a report to a regulation gives the same coverage whatever else the store holds
    (the index is over the regulation's own articles): the demo, then the demo plus the 642
    administrative regulations of ../shared/laws."""
    from policygraph import PolicyGraph, demo

    laws = Path(__file__).resolve().parents[2].parent / "shared" / "laws" / "行政法规"
    if not laws.exists():
        pytest.skip("../shared/laws is not available")
    pg = PolicyGraph.open(tmp_path / "store", create=True)
    demo.build(graph=pg, view=False)
    before = pg.coverage("优化营商环境条例")[["number", "measures", "gap"]].to_dict("records")
    pg.load(laws, keep_going=True)
    pg.link()
    after = pg.coverage("优化营商环境条例")[["number", "measures", "gap"]].to_dict("records")
    assert after == before and any(not r["gap"] for r in before)
