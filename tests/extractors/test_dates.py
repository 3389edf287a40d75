"""Dates normalised against the document's own date: real sentences with their source in a comment,
and synthetic phrases in tests named so."""

import csv
import json
import re
from collections import Counter

import pytest
from shared_texts import DALIAN, GOLD, GUANGDONG, JILIN, SHARED, needs_shared, read

from policygraph.extractors.dates import cn_int, find_dates, guess_report_date, parse_date
from policygraph.extractors.wordlists import DATA_DIR

LAWS = SHARED / "laws"


def iso(text, **kw):
    return [(d.text, d.iso) for d in find_dates(text, **kw)]


def roles(text, **kw):
    return [(d.text, d.iso, d.role) for d in find_dates(text, **kw)]


def sentence(path, needle):
    """The sentence of a real text that holds ``needle`` (so a test quotes the text, not a paraphrase)."""
    text = read(path)
    i = text.index(needle)
    a = max(text.rfind(c, 0, i) for c in "。\n") + 1
    b = min(j for j in (text.find("。", i), text.find("\n", i), len(text)) if j >= 0)
    return text[a:b + 1]


# ---------------------------------------------------------------- periods

@needs_shared
def test_five_year_plans_are_periods_of_their_years():
    # 2026年吉林省政府工作报告 (../shared/reports/jilin_2026_gov-work-report.txt)
    assert roles("今年是“十五五”开局之年，也是吉林全面振兴取得新突破的关键一年", report_date="2026-01-27")[:2] == [
        ("今年", "2026", "deadline"), ("“十五五”", "2026/2030", "period")]
    s = sentence(JILIN, "“十三五”末期")  # 营业收入较“十三五”末期翻一番: the last year of the plan
    assert ("“十三五”末期", "2020", "as_of") in roles(s, report_date="2026-01-27")
    s = sentence(JILIN, "第十五个五年规划纲要")  # the long form names the plan (a document)
    assert [(d.iso, d.role) for d in find_dates(s)] == [("2026/2030", "title"), ("2026/2030", "title")]


@needs_shared
def test_law_popularisation_plans_are_not_five_year_plans():
    # 2026年广东省政府工作报告 (../shared/reports/guangdong_2026_gov-work-report.txt): 启动“九五”普法工作
    s = sentence(GUANGDONG, "“九五”普法")
    assert iso(s, report_date="2026-01-26") == [("“九五”普法", "2026/2030")]


def test_bare_short_plan_names_need_a_period_word_synthetic():
    assert iso("三五成群，十五个人") == []
    assert iso("十五计划期间") == [("十五计划", "2001/2005")]


def test_year_ranges_versions_and_fiscal_years_synthetic():
    assert roles("2021-2025年；2021年至2025年；2025年度") == [
        ("2021-2025年", "2021/2025", "range"), ("2021年至2025年", "2021/2025", "range"), ("2025年度", "2025", "event")]


def test_version_year_of_a_plan_title():
    # 沈抚改革创新示范区 2026年行动计划 (pages corpus: http://sfggcxsfq.ln.gov.cn/info/1239/10871.htm)
    s = "为贯彻落实《辽宁省大力优化营商环境行动方案(2026版)》,加快市场化、法治化、国际化一流营商环境建设进程"
    assert roles(s) == [("2026版", "2026", "title")]
    assert roles("行动方案（2026版）") == [("2026版", "2026", "title")]  # also without 《》


# ---------------------------------------------------------------- month-days and relative words

@needs_shared
def test_month_days_take_the_year_of_their_paragraph():
    # Guangdong 2026 report, delivered 2026-01-26: the visit of 11月6日至10日 was in 2025, as the
    # sentence before it says; without that year it would be read in the year of delivery
    text = read(GUANGDONG)
    i = text.index("11月6日至10日")
    para = text[text.rfind("\n", 0, i) + 1:text.find("\n", i)]
    assert ("11月6日至10日", "2025-11-06/2025-11-10") in iso(para, report_date="2026-01-26")


def test_statistical_month_ranges():
    # 泉州市统计局, 2022年10月份统计月报 (pages corpus: http://tjj.quanzhou.gov.cn/tjzl/sjjd/202211/t20221123_2804133.htm)
    s = "1—10月份,全市规模以上工业增加值同比增长3.4%,增速比1—9月份加快0.5个百分点"
    assert iso(s, report_date="2022-11-22") == [("1—10月份", "2022-01/2022-10"), ("1—9月份", "2022-01/2022-09")]
    # 晋中市 2017 年 1-11 月工业运行 (pages corpus: http://jazz147.com/html/.ssjj.201801t20180119_639576.html)
    s = "受安全生产、环保限令等影响,工业经济自今年7月份开始大幅下滑,9月份增速全年最低"
    assert iso(s, report_date="2017-12-20") == [("今年7月份", "2017-07"), ("9月份", "2017-09")]


def test_event_named_by_month_and_day_lies_before_the_document():
    # 辽沈晚报 2022年01月22日 (pages corpus: http://epaper.lnd.com.cn/lswbepaper/pc/con/202201/22/content_141016.html)
    s = "日前,国务院常务会议审议通过了河南郑州“7·20”特大暴雨灾害调查报告"
    assert roles(s, report_date="2022-01-22") == [("7·20", "2021-07-20", "event")]
    s = "2021年7月17日至23日,河南省遭遇历史罕见特大暴雨"
    assert iso(s, report_date="2022-01-22") == [("2021年7月17日至23日", "2021-07-17/2021-07-23")]


def test_relative_years_are_anchored_to_the_document_date_synthetic():
    # a work report delivered in January 2026 reviews 2025: 去年 = 2025
    assert iso("去年增长5%，今年力争，明年底前，前年", report_date="2026-01-27") == [
        ("去年", "2025"), ("今年", "2026"), ("明年底前", "2027-12-31"), ("前年", "2024")]
    assert iso("三年内完成，5年内，以前年度") == []  # counts and 以前 are no relative years


# ---------------------------------------------------------------- roles from cues

@needs_shared
def test_deadlines_and_target_years_of_a_plan():
    # Jilin 2026 report, part 三、“十五五”时期主要目标任务
    s = sentence(JILIN, "2030年前碳达峰")
    assert ("2030年前", "2030", "deadline") in roles(s, report_date="2026-01-27")
    s = sentence(JILIN, "到2035年全面形成")
    assert ("2035年", "2035", "deadline") in roles(s, report_date="2026-01-27")
    s = sentence(JILIN, "吉翼公司上半年")
    assert iso(s, report_date="2026-01-27") == [("上半年", "2026-01-01/2026-06-30")]


def test_deadline_and_as_of_cues_synthetic():
    assert roles("三季度末前完成；完成时限：2026年12月；截至2025年底", report_date="2026-01-27") == [
        ("三季度末前", "2026-09-30", "deadline"), ("2026年12月", "2026-12", "deadline"),
        ("2025年底", "2025-12-31", "as_of")]
    # 到 a date already past when the text was written is an as-of point
    assert roles("到2025年底，已建成", report_date="2026-01-27") == [("2025年底", "2025-12-31", "as_of")]


@needs_shared
def test_recurring_dates_are_not_dates():
    # 上海市精神卫生条例 (../shared/laws/DLC/上海地方法规/地方性法规/上海/上海市精神卫生条例.md)
    s = "心理咨询机构应当于每年3月31日前，向卫生计生部门报告上一年度开展心理咨询业务的情况以及从业人员变动情况。"
    assert (LAWS / "DLC/上海地方法规/地方性法规/上海/上海市精神卫生条例.md").read_text("utf-8").count(s) == 1
    assert iso(s, year=2014) == []


@needs_shared
def test_law_dates_full_width_digits_and_chinese_numerals():
    # 河南省警务辅助人员条例(2020-09-27).md, 第三十九条
    assert iso("第三十九条 本条例自２０２１年１月１日起施行。") == [("２０２１年１月１日", "2021-01-01")]
    # 澳门特别行政区基本法(1993-03-31).md, 第一百二十条
    s = "超过一九九九年十二月十九日的合法土地契约"
    assert iso(s) == [("一九九九年十二月十九日", "1999-12-19")]
    # 居民身份证法(2011-10-29).md: 在2012年1月1日以前领取的居民身份证
    assert roles("依照本法在2012年1月1日以前领取的居民身份证") == [("2012年1月1日以前", "2012-01-01", "deadline")]


@pytest.mark.corpus
@needs_shared
def test_every_full_date_of_the_laws_corpus_is_found():
    cand = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
    missed = []
    for f in sorted(LAWS.rglob("*.md"))[::7]:  # every seventh file: the corpus walk stays short
        text = f.read_text(encoding="utf-8", errors="replace")
        spans = [(d.start, d.end) for d in find_dates(text)]
        missed += [m.group(0) for m in cand.finditer(text) if not any(a <= m.start() < b for a, b in spans)]
    assert missed == []


# ---------------------------------------------------------------- the original synthetic cases

def test_absolute_dates_synthetic():
    assert iso("2021年09月27日发布；2020-12-10签署") == [("2021年09月27日", "2021-09-27"), ("2020-12-10", "2020-12-10")]
    assert parse_date("二〇二一年九月十八日") == "2021-09-18"
    assert parse_date("2021年2月30日") is None  # not a calendar day


def test_ranges_and_years_synthetic():
    assert iso("2021年7月12至13日召开") == [("2021年7月12至13日", "2021-07-12/2021-07-13")]
    assert iso("《两年行动方案(2020—2021)》") == [("2020—2021", "2020/2021")]
    assert iso("大发改法规字〔2021〕374号") == [("〔2021〕", "2021")]
    assert iso("(2021年修订)") == [("2021年", "2021")]
    assert find_dates("(2021年修订)")[0].role == "event"
    assert find_dates("《目录(2021年修订)》")[0].role == "title"


def test_relative_words_need_the_report_year_synthetic():
    assert iso("年底前建成，今年完成", report_date="2021-09-18") == [("年底前", "2021-12-31"), ("今年", "2021")]
    assert iso("年底前建成") == []  # no anchor, no guess
    assert iso("截止8月末，9月8日", year=2021) == [("8月末", "2021-08-31"), ("9月8日", "2021-09-08")]
    assert iso("力争明年6月底前完成", year=2020) == [("明年6月底前", "2021-06-30")]
    assert find_dates("请于7月15日前报送", year=2023)[0].role == "deadline"
    assert iso("今年以来", year=2022) == [("今年以来", "2022")]


def test_deictic_words_are_not_dates_synthetic():
    assert iso("目前，下一步，适时、定期、实时、及时开展", year=2021) == []
    assert iso("到2025年初步建成；2025年中央经济工作会议") == [("2025年", "2025"), ("2025年", "2025")]


def test_numbers_are_not_years_synthetic():
    assert iso("公布19875项行政职权，3046项", year=2021) == []


def test_cn_int_and_report_date_synthetic():
    assert (cn_int("十六"), cn_int("二百零五"), cn_int("两")) == (16, 205, 2)
    assert guess_report_date("正文2020年1月1日。\n特此报告。\n某市人民政府\n2022年3月15日") == "2022-03-15"


# ---------------------------------------------------------------- data and the development set

@pytest.mark.parametrize("name", ["date_words.csv", "plan_periods.csv", "period_words.csv", "date_cues.csv"])
def test_date_data_rows_have_the_header_columns(name):
    lines = [ln for ln in (DATA_DIR / name).read_text("utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    rows = list(csv.DictReader(lines))
    assert rows and all(None not in r and None not in r.values() for r in rows), name


def test_plan_periods_are_five_years_each():
    rows = list(csv.DictReader(ln for ln in (DATA_DIR / "plan_periods.csv").read_text("utf-8").splitlines()
                               if not ln.startswith("#")))
    assert all(int(r["end"]) - int(r["start"]) == 4 for r in rows)


@needs_shared
def test_dalian_dates_match_gold():
    from policygraph.loaders.report import extract_report

    gold = json.loads((GOLD / "seed_report.gold.json").read_text(encoding="utf-8"))
    rep = extract_report(DALIAN)
    assert Counter(d.iso for d in rep.dates) == Counter(d["iso"] for d in gold["dates"])
    for d in rep.dates:
        assert rep.source.text[d.start:d.end] == d.text
    by_text = {d.text: d.role for d in rep.dates}
    assert by_text["2021年9月18日"] == "signed" and by_text["2021年09月27日"] == "published"
