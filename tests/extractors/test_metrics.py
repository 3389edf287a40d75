"""Figures: values, multipliers, approximations, kinds and what is not a figure. Real sentences carry
their source in a comment; synthetic phrases are in tests named so."""

import csv
import json
from collections import Counter

import pytest
from shared_texts import DALIAN, GOLD, GUANGDONG, JILIN, needs_shared, read

from policygraph.extractors.metrics import find_metrics
from policygraph.extractors.wordlists import DATA_DIR


def vals(text, **kw):
    return [(m.text, m.value, m.unit) for m in find_metrics(text, **kw)]


def sentence(path, needle):
    text = read(path)
    i = text.index(needle)
    a = max(text.rfind(c, 0, i) for c in "。\n") + 1
    b = min(j for j in (text.find("。", i), text.find("\n", i), len(text)) if j >= 0)
    return text[a:b + 1]


# ---------------------------------------------------------------- real sentences

def test_disaster_figures_with_multipliers():
    # 辽沈晚报 2022年01月22日 (pages corpus: http://epaper.lnd.com.cn/lswbepaper/pc/con/202201/22/content_141016.html)
    s = "这次特大暴雨灾害共造成河南全省16个市150个县(市、区)1478.6万人受灾,直接经济损失1200.6亿元,其中郑州409亿元、占全省的34.1%"
    assert vals(s) == [("16个", 16.0, "个"), ("150个", 150.0, "个"), ("1478.6万人", 14786000.0, "人"),
                       ("1200.6亿元", 120060000000.0, "元"), ("409亿元", 40900000000.0, "元"), ("34.1%", 34.1, "%")]


def test_bounds_and_area_units():
    # 沈抚改革创新示范区 2026年行动计划 (pages corpus: http://sfggcxsfq.ln.gov.cn/info/1239/10871.htm)
    s = "将申报环节压减60%以上,办理时限压缩75%以上,切实提高企业退出市场效率"
    assert [(m.text, m.value, m.approx) for m in find_metrics(s)] == [("60%以上", 60.0, True), ("75%以上", 75.0, True)]
    s = "将药品经营、公共卫生等13个高频许可事项纳入营业执照集成办理"
    assert vals(s) == [("13个", 13.0, "个")]


def test_two_digit_growth_is_no_count():
    # 泉州市统计局 (pages corpus: http://tjj.quanzhou.gov.cn/tjzl/sjjd/202211/t20221123_2804133.htm)
    s = "全市规模以上工业37个大类行业中有21个行业增加值同比实现增长,增长面为56.8%,有13个行业实现两位数以上增长"
    assert vals(s) == [("37个", 37.0, "个"), ("21个", 21.0, "个"), ("56.8%", 56.8, "%"), ("13个", 13.0, "个")]


def test_rank_with_its_written_unit():
    # 四川日报 2022-12-20 (pages corpus: http://mianyang.gqsoso.com/mianyang/20221220/474895.html)
    s = "10月同比增长9.8%,增速居全国第3位"
    ms = find_metrics(s, report_date="2022-12-20")
    assert [(m.text, m.value, m.unit, m.kind) for m in ms] == [("9.8%", 9.8, "%", "ratio"), ("全国第3位", 3.0, "位", "rank")]


@needs_shared
def test_ranks_and_ordinals_in_the_jilin_report():
    # 2026年吉林省政府工作报告 (../shared/reports/jilin_2026_gov-work-report.txt), review part
    assert vals(sentence(JILIN, "跃升至第4位")) == [("全国第11位", 11.0, "位"), ("第4位", 4.0, "位")]
    assert vals(sentence(JILIN, "全国第二个举办")) == []  # 第33届 and 全国第二个 are ordinals
    assert [m.kind for m in find_metrics(sentence(JILIN, "全国第一方阵"))] == ["ratio"]  # a tier, no rank
    assert vals(sentence(GUANGDONG, "连续37年居全国首位"))[-1] == ("全国首位", 1.0, "名")


@needs_shared
def test_slogans_models_and_plan_names_are_no_figures():
    # Jilin 2026 report: G331 is a road, 三年行动 a plan's name; a numbered formula counts its items
    # (“四个最严” is 4 个, as the annotation conventions count 两个毫不动摇 and 五篇大文章)
    assert ("四个", 4.0, "个") in vals(sentence(JILIN, "“四个最严”"))
    assert [m.text for m in find_metrics(sentence(JILIN, "G331"))] == ["20.7%", "15.3%"]
    assert vals(sentence(JILIN, "提升三年行动")) == []
    s = sentence(JILIN, "两位数增长")
    assert ("两位", 2.0, "位") not in vals(s) and ("超40%", 40.0, "%") in vals(s)


@needs_shared
def test_approximate_chinese_counts_and_compound_units():
    # Jilin 2026 report
    assert vals(sentence(JILIN, "千余家企业")) == [("144颗", 144.0, "颗"), ("千余家", 1000.0, "家")]
    assert vals(sentence(JILIN, "1.19亿亩次"))[0] == ("1.19亿亩次", 119000000.0, "亩次")
    assert vals(sentence(JILIN, "600万千瓦")) == [("1300亿元", 130000000000.0, "元"),
                                                  ("超过600万千瓦", 6000000.0, "千瓦")]


@needs_shared
def test_figures_of_a_planned_part_are_targets():
    # Jilin 2026 report, 二、2026年工作安排: 新增外贸企业200家 is a target because of its part
    from policygraph.loaders.report import extract_report

    rep = extract_report(JILIN)
    m = next(x for x in rep.metrics if x.text == "200家" and rep.source.text[x.start - 6:x.start] == "新增外贸企业")
    assert m.kind == "target"
    done = next(x for x in rep.metrics if x.text == "5%" and "地区生产总值增长" in rep.source.text[x.start - 8:x.start])
    assert done.kind == "ratio"  # 2025年…地区生产总值增长5%: a result of the review part


# ---------------------------------------------------------------- the original synthetic cases

def test_multipliers_and_units_synthetic():
    assert vals("采集23.8亿条数据，服务11.2万户，占69.19%，减税15.3亿元") == [
        ("23.8亿条", 2380000000.0, "条"), ("11.2万户", 112000.0, "户"), ("69.19%", 69.19, "%"),
        ("15.3亿元", 1530000000.0, "元")]
    kinds = [m.kind for m in find_metrics("减税15.3亿元，压缩至3个工作日，提高2个百分点")]
    assert kinds == ["money", "duration", "ratio"]


def test_approximate_markers_synthetic():
    ms = find_metrics("建成驿站200余个，举措4000多项，约40%，超过320亿元，95%以上，共5家")
    assert [m.approx for m in ms] == [True, True, True, True, True, False]
    assert find_metrics("签约23.8亿元")[0].approx is False  # 约 of 签约


def test_chinese_numeral_counts_synthetic():
    assert vals("助力“八项承诺”落实，涉及五个方面问题，发挥“五支队伍”作用，落实28条意见") == [
        ("八项", 8.0, "项"), ("五个", 5.0, "个"), ("五支", 5.0, "支"), ("28条", 28.0, "条")]
    assert vals("连续五年增长，实施三年行动计划，新增两批事项，第十二批") == [("五年", 5.0, "年"), ("两批", 2.0, "批")]


def test_slogans_ordinals_and_names_are_not_figures_synthetic():
    text = ("推进“一件事”“一张表单”“一次办结”，打造“一区五策一尖端”，首次公开、首批园区、二次下放、平台三期、"
            "市十六届人大常委会，依托12345政务服务便民热线，大发改法规字〔2021〕374号，打造一批品牌，"
            "两个《条例》，《某某三年行动方案(2020—2022)》，统一“三统一”成果，"
            "落实“五统一、一开放”，“十四五”时期，80年代，1月17日")
    assert find_metrics(text, year=2024) == []


def test_rank_synthetic():
    ms = find_metrics("网上实办率69.19%,名列全省第一；排名全国第3")
    assert [(m.text, m.value, m.kind) for m in ms if m.kind == "rank"] == [("全省第一", 1.0, "rank"), ("全国第3", 3.0, "rank")]


def test_targets_and_facts_synthetic():
    ms = find_metrics("拟赋权145项,收回51项,共涉及13个市直部门、6个园区。年底前建成驿站200余个。已建成30个。",
                      year=2021)
    assert [m.kind for m in ms] == ["target", "target", "count", "count", "target", "count"]
    ms = find_metrics("新增企业200家。已建成30个。", tense_at=lambda pos: "planned")
    assert [m.kind for m in ms] == ["target", "count"]


def test_as_of_and_subject_synthetic():
    ms = find_metrics("截止8月末我市网上实办率69.19%。12个地区的250个部门公布", year=2021)
    assert (ms[0].as_of, ms[0].as_of_iso, ms[0].subject) == ("截止8月末", "2021-08-31", "我市")
    assert ms[2].subject == "12个地区"
    assert ms[2].what == "部门"


# ---------------------------------------------------------------- data and the development set

@pytest.mark.parametrize("name", ["measure_words.csv", "quantity_words.csv"])
def test_figure_data_rows_have_the_header_columns(name):
    lines = [ln for ln in (DATA_DIR / name).read_text("utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    rows = list(csv.DictReader(lines))
    assert rows and all(None not in r and None not in r.values() for r in rows), name


@needs_shared
def test_dalian_figures_match_gold():
    from policygraph.loaders.report import extract_report

    gold = json.loads((GOLD / "seed_report.gold.json").read_text(encoding="utf-8"))
    rep = extract_report(DALIAN)
    assert Counter((m.value, m.unit) for m in rep.metrics) == Counter((float(m["value"]), m["unit"]) for m in gold["metrics"])
    by_value = {(m.value, m.measure) for m in rep.metrics}
    assert {(float(m["value"]), m["measure"]) for m in gold["metrics"]} <= by_value
    for m in rep.metrics:
        assert rep.source.text[m.start:m.end] == m.text
