"""Genre from titles and openings; tense of parts from headings and paragraph openings."""

from shared_texts import GUANGDONG, needs_shared

from policygraph.extractors.genre import find_genre, heading_tense, opening_tense
from policygraph.loaders.report import extract_report


def test_genres_of_common_titles():
    # titles as published (Beijing 2020 report to the standing committee; Huangshi 2023 inspection report)
    # a motion handled together with a special work report: both tell what was done
    assert find_genre("关于深化放管服改革持续优化营商环境议案办理暨相关专项工作情况的报告", "")[1] == "done"
    assert find_genre("对市八届人大五次会议第32号建议的答复", "") == ("reply to proposal", "done")  # 嘉兴 2020
    # the head of a title is at its end: a report on review opinions about an inspection report (重庆 2025)
    assert find_genre("重庆市人民政府关于《重庆市优化营商环境条例》执法检查报告审议意见研究处理情况的报告", "")[0] == \
        "review opinions report"
    assert find_genre("关于检查《优化营商环境条例》《湖北省优化营商环境办法》实施情况的报告", "")[0] == "inspection report"
    assert find_genre("广东省优化营商环境三年行动方案", "") == ("plan", "planned")
    assert find_genre("政府工作报告", "") == ("government work report", "present")
    assert find_genre(None, "本报讯（记者 张三）近日，某区推出") == ("news", "done")
    assert find_genre("一段没有标题的文字", "") == (None, "present")


def test_heading_and_opening_tenses():
    assert heading_tense("2025年和“十四五”时期工作回顾") == "done"
    assert heading_tense("“十五五”时期的主要目标和重点任务") == "planned"
    assert heading_tense("存在的问题和不足") == "problems"
    assert heading_tense("主要成效及下一步工作打算") == "present"  # both: the clauses decide
    assert heading_tense("实施人才计划", sub=True) is None  # a measure heading, not a part heading
    assert heading_tense("下一步工作打算", sub=True) == "planned"
    assert opening_tense("下一步，我们将继续深化改革") == "planned"
    assert opening_tense("今年以来，我市") == "done"


@needs_shared
def test_parts_of_a_work_report():
    rep = extract_report(GUANGDONG)
    assert rep.document.genre == "government work report"
    assert [s.tense for s in rep.sections] == ["done", "planned", "planned"]
