"""Dates normalised against the report's own date."""

import json
from pathlib import Path

import pytest

from policygraph.extractors.dates import cn_int, find_dates, guess_report_date, parse_date

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def iso(text, **kw):
    return [(d.text, d.iso) for d in find_dates(text, **kw)]


def test_absolute_dates():
    assert iso("2021年09月27日发布；2020-12-10签署") == [("2021年09月27日", "2021-09-27"), ("2020-12-10", "2020-12-10")]
    assert parse_date("二〇二一年九月十八日") == "2021-09-18"
    assert parse_date("2021年2月30日") is None  # not a calendar day


def test_ranges_and_years():
    assert iso("2021年7月12至13日召开") == [("2021年7月12至13日", "2021-07-12/2021-07-13")]
    assert iso("《两年行动方案(2020—2021)》") == [("2020—2021", "2020/2021")]
    assert iso("大发改法规字〔2021〕374号") == [("〔2021〕", "2021")]
    assert iso("(2021年修订)") == [("2021年", "2021")]
    assert find_dates("(2021年修订)")[0].role == "event"
    assert find_dates("《目录(2021年修订)》")[0].role == "title"


def test_relative_words_need_the_report_year():
    assert iso("年底前建成，今年完成", report_date="2021-09-18") == [("年底前", "2021-12-31"), ("今年", "2021")]
    assert iso("年底前建成") == []  # no anchor, no guess
    assert iso("截止8月末，9月8日", year=2021) == [("8月末", "2021-08-31"), ("9月8日", "2021-09-08")]
    assert iso("力争明年6月底前完成", year=2020) == [("明年6月底前", "2021-06-30")]
    assert find_dates("请于7月15日前报送", year=2023)[0].role == "deadline"
    assert iso("今年以来", year=2022) == [("今年以来", "2022")]


def test_deictic_words_are_not_dates():
    assert iso("目前，下一步，适时、定期、实时、及时开展", year=2021) == []


def test_numbers_are_not_years():
    assert iso("公布19875项行政职权，3046项", year=2021) == []


def test_cn_int_and_report_date():
    assert (cn_int("十六"), cn_int("二百零五"), cn_int("两")) == (16, 205, 2)
    assert guess_report_date("正文2020年1月1日。\n特此报告。\n某市人民政府\n2022年3月15日") == "2022-03-15"


@pytest.mark.skipif(not (SHARED / "gold").exists(), reason="../shared/gold is not available")
def test_dalian_dates_match_gold():
    from collections import Counter

    from policygraph.loaders.report import extract_report

    gold = json.loads((SHARED / "gold" / "seed_report.gold.json").read_text(encoding="utf-8"))
    rep = extract_report(SHARED / "reports" / "dalian_2021-09-18_review-opinions-report.txt")
    assert Counter(d.iso for d in rep.dates) == Counter(d["iso"] for d in gold["dates"])
    for d in rep.dates:
        assert rep.source.text[d.start:d.end] == d.text
    roles = {d.text: d.role for d in rep.dates}
    assert roles["2021年9月18日"] == "signed" and roles["2021年09月27日"] == "published"
