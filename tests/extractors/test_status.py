"""Status of measures read against the tense of their part: real measures of the 2026 Jilin work report
(outside the annotated excerpt) and synthetic clauses (named so)."""

from shared_texts import JILIN, needs_shared

from policygraph.extractors.status import measure_status
from policygraph.loaders.report import extract_report


@needs_shared
def test_review_part_is_done_plan_part_is_planned_standing_practice_is_ongoing():
    rep = extract_report(JILIN)
    m = {x.id: x for x in rep.measures}
    assert m["S1.M2"].tense == "done" and m["S1.M2"].status == ["done"]  # 二是推动产业转型升级 (2025 results)
    assert m["S2.M8.1"].tense == "planned" and m["S2.M8.1"].status == ["planned"]  # 着力稳定房地产市场
    # 持续抓好安全生产和防灾减灾工作: continuing work restated in the plan, and new steps
    assert m["S2.M8.3"].status == ["ongoing", "planned"]
    assert m["S3.M2"].status == []  # （二）重点任务。主要包括：a heading whose items are below it
    for x in rep.measures:
        for e in x.status_evidence:
            assert rep.source.text[e.start:e.end] == e.text


def test_synthetic_same_words_read_by_the_tense_of_the_part():
    clause = "深入实施国企改革深化提升行动。"
    assert measure_status(clause, tense="done").status == ["done"]
    assert measure_status(clause, tense="planned").status == ["ongoing"]
    assert measure_status(clause, tense="present").status == ["ongoing"]
    assert measure_status("持续优化营商环境。", tense="done").status == ["ongoing"]


def test_synthetic_markers_govern_their_sentence_or_clause():
    st = measure_status("下一步，将出台办法，完善机制。已完成清理。", 0, year=2022)
    assert st.status == ["done", "planned"]  # 下一步 governs 完善机制 too; no clause is left as ongoing
    assert measure_status("拟于年底前出台办法，持续开展督查。", 0, report_date="2022-03-01").status == ["ongoing", "planned"]
    assert measure_status("将考核结果纳入绩效考核。", 0).status == ["ongoing"]  # 将 as object marker
    assert measure_status("为提升效率，按照统一部署。", 0, tense="planned").status == []  # purpose and basis only


def test_synthetic_deadline_and_dated_result():
    st = measure_status("年底前建成驿站。", 0, year=2021, tense="present")
    assert (st.deadline, st.deadline_iso, st.status) == ("年底前", "2021-12-31", ["planned"])
    st = measure_status("相关经验于9月8日被央视报道。", 100, report_date="2021-09-18")
    assert "done" in st.status and all(e.start >= 100 for e in st.evidence)


def test_synthetic_heading_only_entry_has_no_status():
    assert measure_status("（一）营造公平竞争的市场环境。", heading_only=True).status == []
