"""The resolve step: extracted names -> canonical entities, before anything is built."""

from policygraph.records import DocumentInfo, DocumentRef, Regulation, Report, Source
from policygraph.resolve import concerned_titles, issuer_unit, issuers, known_unit_name, titles_in


def test_issuing_bodies_become_gazetteer_units():
    regs = [Regulation("甲条例", issuer="国务院第66次常务会议"), Regulation("乙条例", issuer="国务院第66次常务会议"),
            Regulation("丙条例", issuer="某个不存在的机构呀"), Regulation("丁条例")]
    found = issuers(regs)
    assert set(found) == {"国务院第66次常务会议"} and found["国务院第66次常务会议"].name == "国务院"
    assert issuer_unit("") is None


def test_short_forms_are_canonical_in_the_reports_city():
    assert known_unit_name("市营商局", city="大连市") == "大连市营商环境建设局"
    assert known_unit_name("完全不是单位") is None


def test_a_report_concerns_what_it_is_about_first():
    rep = Report(Source("r.txt", "", "utf-8"), DocumentInfo(), documents=[
        DocumentRef("大连市社会信用条例"), DocumentRef("优化营商环境条例", relation="implements"),
        DocumentRef("辽宁省优化营商环境条例", relation="is_about")])
    assert concerned_titles(rep) == ["优化营商环境条例", "辽宁省优化营商环境条例", "大连市社会信用条例"]


def test_titles_written_out_in_order_of_appearance():
    text = "认真贯彻辽宁省优化营商环境条例和优化营商环境条例"
    assert titles_in(text, ["优化营商环境条例", "辽宁省优化营商环境条例", "条例", "不在文中的条例"]) == [
        "辽宁省优化营商环境条例", "优化营商环境条例"]
