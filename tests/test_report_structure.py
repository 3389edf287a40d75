"""Sections, measures, status and document info on synthetic reports and the Dalian report."""

import json
from pathlib import Path

import pytest

from policygraph.extractors.document_info import find_document_info
from policygraph.extractors.status import measure_status
from policygraph.extractors.structure import find_structure
from policygraph.loaders.report import extract_report

FIX = Path(__file__).resolve().parent / "fixtures" / "reports"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DALIAN = SHARED / "reports" / "dalian_2021-09-18_review-opinions-report.txt"
GOLD = SHARED / "gold" / "seed_report.gold.json"


def test_inline_measures_and_lead_paragraph():
    text = "一、加强领导\n  总体推进。\n  一是建机制。已建立。二是抓落实。持续推进。\n二、优化服务\n一是推进网办。"
    secs, ms = find_structure(text)
    assert [s.id for s in secs] == ["S1", "S2"]
    assert [(m.id, m.ordinal, m.marker) for m in ms] == [
        ("S1.M0", 0, ""), ("S1.M1", 1, "一是"), ("S1.M2", 2, "二是"), ("S2.M1", 1, "一是")]
    assert ms[1].text == "一是建机制。已建立。" and ms[1].heading == "建机制"
    for m in ms:
        assert text[m.start:m.end] == m.text


def test_paren_subsections_are_measures_with_items_inside():
    rep = extract_report(FIX / "shenyang_2022_business-environment-report.txt")
    assert [s.heading for s in rep.sections] == ["主要工作进展", "存在的问题", "下一步工作安排"]
    ids = [(m.id, m.marker) for m in rep.measures]
    assert ids == [("S1.M1", "（一）"), ("S1.M2", "（二）"), ("S2.M0", ""), ("S3.M1", "（一）"), ("S3.M2", "（二）")]
    # the 1. 2. items under （一） stay inside it
    assert "2.优化审批流程" in rep.measures[0].text
    assert "特此报告" not in rep.measures[-1].text


def test_arabic_measures_both_separators():
    rep = extract_report(FIX / "qingdao_2020_review-report.txt")
    assert [(m.id, m.marker.strip()) for m in rep.measures] == [
        ("S1.M1", "1."), ("S1.M2", "2."), ("S2.M1", "1、"), ("S2.M2", "2、")]
    assert rep.measures[0].heading == "健全工作机制"


def test_stray_numeral_is_not_a_section():
    secs, ms = find_structure("工作综述\n三、这不是第一节\n正文")
    assert secs == [] and ms == []


def test_status_markers_and_deadline():
    st = measure_status("拟于年底前出台办法，持续开展督查。已完成清理。", 0, report_date="2022-03-01")
    assert st.status == ["done", "ongoing", "planned"]
    assert (st.deadline, st.deadline_iso) == ("年底前", "2022-12-31")
    assert {e.text for e in st.evidence} >= {"拟", "持续", "已"}
    assert measure_status("扎实做好服务保障工作。", 0).status == ["ongoing"]  # default
    # 将 as object marker is not a plan; 将 + verb is
    assert measure_status("将考核结果纳入绩效考核。", 0).status == ["ongoing"]
    assert "planned" in measure_status("将组建五支监督队伍。", 0).status


def test_past_dated_event_is_done():
    st = measure_status("相关经验于9月8日被央视报道。", 100, report_date="2021-09-18")
    assert st.status == ["done"] and st.evidence[0].start >= 100


def test_document_info_frame():
    rep = extract_report(FIX / "qingdao_2020_review-report.txt")
    d = rep.document
    assert d.title == "关于落实市人大常委会审议意见情况的报告" and d.kind == "report"
    assert (d.publisher, d.published_date) == ("青岛人大", "2020-12-20")
    assert (d.issuer, d.signed_date) == ("青岛市人民政府", "2020-12-10")
    assert d.addressee and d.addressee.startswith("青岛市")
    assert [(p.name, p.role) for p in d.persons] == [("王海东", "主任")]
    assert "审议" in d.responds_to


def test_notice_without_sections_keeps_info():
    rep = extract_report(FIX / "district_notice_no-sections.txt")
    assert rep.sections == [] and rep.measures == []
    assert rep.document.kind == "notice" and rep.document.signed_date == "2023-06-30"
    assert rep.document.addressee == "各街道办事处、区直各部门"
    assert [m.value for m in rep.metrics] == [12.0]
    assert any(d.iso == "2023-12-31" for d in rep.dates)
    assert any("no numbered sections" in w for w in rep.warnings)


def test_info_without_frame():
    info = find_document_info("只是一段文字。")
    assert info.title is None and info.signed_date is None


@pytest.mark.skipif(not GOLD.exists(), reason="../shared/gold is not available")
def test_dalian_structure_and_status_match_gold():
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    rep = extract_report(DALIAN)
    assert [(s.ordinal, s.heading) for s in rep.sections] == [(s["ordinal"], s["heading"]) for s in gold["sections"]]
    got = {m.id: m for m in rep.measures}
    assert set(got) == {m["id"] for m in gold["measures"]}
    ok = 0
    for g in gold["measures"]:
        m = got[g["id"]]
        assert m.text.startswith(g["text_start"]) and m.text.endswith(g["text_end"])
        assert m.heading == g["heading"]
        ok += m.status == g["status"]
    assert ok / len(gold["measures"]) >= 0.9
    d = rep.document
    assert (d.signed_date, d.published_date, d.publisher, d.issuer) == ("2021-09-18", "2021-09-27", "大连人大", "大连市人民政府")
    assert d.persons and d.persons[0].name == "贾立庚"
    for m in rep.measures:
        assert rep.source.text[m.start:m.end] == m.text
        for e in m.status_evidence:
            assert rep.source.text[e.start:e.end] == e.text


def test_measures_numbered_on_across_sections():
    text = "一、成效\n（一）甲。已完成。\n（二）乙。\n二、计划\n（三）丙。拟开展。\n（四）丁。"
    _, ms = find_structure(text)
    assert [m.id for m in ms] == ["S1.M1", "S1.M2", "S2.M3", "S2.M4"]


def test_role_before_name():
    rep = extract_report("关于X的报告\n市人大常委会：\n会议听取了市财政局局长李明受市政府委托作的报告。\n某市人民政府\n2022年1月5日")
    assert [(p.name, p.role) for p in rep.document.persons] == [("李明", "局长")]
    assert all(rep.source.text[x.start:x.end] == x.text for p in rep.document.persons for x in p.mentions)
