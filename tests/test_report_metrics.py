"""Figures: values, multipliers, approximations, kinds and what is not a figure."""

import json
from collections import Counter
from pathlib import Path

import pytest

from policygraph.extractors.metrics import find_metrics

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def vals(text, **kw):
    return [(m.text, m.value, m.unit) for m in find_metrics(text, **kw)]


def test_multipliers_and_units():
    assert vals("采集23.8亿条数据，服务11.2万户，占69.19%，减税15.3亿元") == [
        ("23.8亿条", 2380000000.0, "条"), ("11.2万户", 112000.0, "户"), ("69.19%", 69.19, "%"),
        ("15.3亿元", 1530000000.0, "元")]
    kinds = [m.kind for m in find_metrics("减税15.3亿元，压缩至3个工作日，提高2个百分点")]
    assert kinds == ["money", "duration", "ratio"]


def test_approximate_markers():
    ms = find_metrics("建成驿站200余个，举措4000多项，约40%，超过320亿元，95%以上，共5家")
    assert [m.approx for m in ms] == [True, True, True, True, True, False]
    assert find_metrics("签约23.8亿元")[0].approx is False  # 约 of 签约


def test_chinese_numeral_counts():
    assert vals("助力“八项承诺”落实，涉及五个方面问题，发挥“五支队伍”作用，落实28条意见") == [
        ("八项", 8.0, "项"), ("五个", 5.0, "个"), ("五支", 5.0, "支"), ("28条", 28.0, "条")]


def test_slogans_ordinals_and_names_are_not_figures():
    text = ("推进“一件事”“一张表单”“一次办结”，打造“一区五策一尖端”，首次公开、首批园区、二次下放、平台三期、"
            "市十六届人大常委会，依托12345政务服务便民热线，大发改法规字〔2021〕374号，打造一批品牌，"
            "两个《条例》，《某某三年行动方案(2020—2022)》，统一“三统一”成果")
    assert find_metrics(text) == []


def test_rank():
    ms = find_metrics("网上实办率69.19%,名列全省第一；排名全国第3")
    assert [(m.text, m.value, m.kind) for m in ms if m.kind == "rank"] == [("全省第一", 1.0, "rank"), ("全国第3", 3.0, "rank")]


def test_targets_and_facts():
    ms = find_metrics("拟赋权145项,收回51项,共涉及13个市直部门、6个园区。年底前建成驿站200余个。已建成30个。",
                      year=2021)
    assert [m.kind for m in ms] == ["target", "target", "count", "count", "target", "count"]


def test_as_of_and_subject():
    ms = find_metrics("截止8月末我市网上实办率69.19%。12个地区的250个部门公布", year=2021)
    assert (ms[0].as_of, ms[0].as_of_iso, ms[0].subject) == ("截止8月末", "2021-08-31", "我市")
    assert ms[2].subject == "12个地区"
    assert ms[2].what == "部门"


@pytest.mark.skipif(not (SHARED / "gold").exists(), reason="../shared/gold is not available")
def test_dalian_figures_match_gold():
    from policygraph.loaders.report import extract_report

    gold = json.loads((SHARED / "gold" / "seed_report.gold.json").read_text(encoding="utf-8"))
    rep = extract_report(SHARED / "reports" / "dalian_2021-09-18_review-opinions-report.txt")
    assert Counter((m.value, m.unit) for m in rep.metrics) == Counter((float(m["value"]), m["unit"]) for m in gold["metrics"])
    by_value = {(m.value, m.measure) for m in rep.metrics}
    assert {(float(m["value"]), m["measure"]) for m in gold["metrics"]} <= by_value
    for m in rep.metrics:
        assert rep.source.text[m.start:m.end] == m.text
