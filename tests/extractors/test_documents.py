"""Named documents in report text: titles, nesting, numbers, aliases, relations and status."""

from __future__ import annotations

from pathlib import Path

from policygraph.extractors.documents import doc_type, find_documents

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def by_title(docs):
    return {d.title: d for d in docs}


def test_nested_titles_are_documents_and_cited():
    text = "审议了受市政府委托作的《关于我市实施国务院〈优化营商环境条例〉情况的报告》。"
    got = by_title(find_documents(text, city="大连市"))
    outer = got["关于我市实施国务院〈优化营商环境条例〉情况的报告"]
    assert outer.cites == ["优化营商环境条例"]
    assert outer.issuer == "大连市人民政府" and outer.level == "municipal"
    assert outer.relation == "cites" and outer.status_in_report == "referenced"
    inner = got["优化营商环境条例"]
    assert [m.text for m in inner.mentions] == ["〈优化营商环境条例〉"]
    assert inner.issuer == "国务院" and inner.level == "national"
    for d in got.values():
        for m in d.mentions:
            assert text[m.start:m.end] == m.text


def test_doc_number_gives_issuer_and_types_come_from_last_word():
    text = "贯彻实施《大连市稳市场主体促经济发展若干政策措施》(大发改法规字〔2021〕374号)。"
    d = find_documents(text, city="大连市")[0]
    assert d.doc_number == "大发改法规字〔2021〕374号"
    assert d.issuer == "大连市发展和改革委员会"
    assert d.doc_type == "政策措施"
    assert doc_type("大连市高层次人才认定办法(试行)") == "办法"
    assert doc_type("中华人民共和国外商投资法") == "法律"
    assert doc_type("大连市营商环境升级行动方案(2022—2024)") == "方案"


def test_relations_and_status_from_verbs():
    text = ("起草《甲市工作规则》并征求意见。加快推进《甲市促进条例》制定工作。"
            "已向各单位印发《甲市行动方案》。根据国家即将出台的《全国信用目录》,编制我市《信用目录》。"
            "严格贯彻落实《乙省投诉处理办法》《甲市贯彻<乙省投诉处理办法>实施细则》。")
    got = by_title(find_documents(text, city="甲市"))
    assert (got["甲市工作规则"].relation, got["甲市工作规则"].status_in_report) == ("drafts", "drafting")
    assert got["甲市促进条例"].relation == "drafts"
    assert (got["甲市行动方案"].relation, got["甲市行动方案"].status_in_report) == ("issues", "in force")
    assert (got["全国信用目录"].relation, got["全国信用目录"].status_in_report) == ("cites", "planned")
    assert (got["信用目录"].relation, got["信用目录"].status_in_report) == ("drafts", "planned")
    assert got["信用目录"].level == "municipal"
    inner = got["乙省投诉处理办法"]
    assert inner.relation == "implements"
    assert {m.text for m in inner.mentions} == {"《乙省投诉处理办法》", "<乙省投诉处理办法>"}
    assert got["甲市贯彻<乙省投诉处理办法>实施细则"].cites == ["乙省投诉处理办法"]


def test_aliases_two_regulations_bare_type_and_defined_short_name():
    text = ("关于落实市人大常委会对我市实施国务院《优化营商环境条例》《辽宁省优化营商环境条例》审议意见情况的报告\n"
            "审议了《关于我市实施国务院〈优化营商环境条例〉和〈辽宁省优化营商环境条例〉情况的报告》"
            "(以下简称两个《条例》)。宣传贯彻两个《条例》,提出了审议意见。"
            "全面贯彻落实《大连市社会信用条例》,加快制定《条例》相关配套政策。"
            "积极谋划《大连市营商环境升级行动方案(2022—2024)》(以下简称“行动方案”),组建行动方案起草专班。")
    got = by_title(find_documents(text, city="大连市"))
    reg = got["优化营商环境条例"]
    assert reg.relation == "is_about"
    assert sum(m.text == "两个《条例》" for m in reg.mentions) == 2
    assert "两个《条例》" in {m.text for m in got["辽宁省优化营商环境条例"].mentions}
    assert got["辽宁省优化营商环境条例"].issuer == "辽宁省人民代表大会常务委员会"
    assert "《条例》" in {m.text for m in got["大连市社会信用条例"].mentions}
    plan = got["大连市营商环境升级行动方案(2022—2024)"]
    assert {"“行动方案”", "行动方案"} <= {m.text for m in plan.mentions}
    assert (plan.relation, plan.status_in_report) == ("drafts", "drafting")
    opinions = got["市人大常委会对我市实施国务院《优化营商环境条例》《辽宁省优化营商环境条例》审议意见"]
    assert opinions.relation == "implements"
    assert opinions.issuer == "大连市人民代表大会常务委员会"
    assert "审议意见" in {m.text for m in opinions.mentions}


def test_untitled_documents_and_law_short_names():
    text = ("制定并跟踪推动我市深化“放管服”改革重点任务分工方案落地落细落实。"
            "清理与外商投资法不符的文件。落实支持民营企业发展改革28条意见,贯彻《中华人民共和国外商投资法》。"
            "深入贯彻《中小企业促进法》,签署战略合作协议。")
    got = by_title(find_documents(text, city="大连市"))
    plan = got["大连市深化“放管服”改革重点任务分工方案"]
    assert plan.relation == "implements" and plan.mentions[0].text.startswith("我市")
    law = got["中华人民共和国外商投资法"]
    assert {m.text for m in law.mentions} == {"外商投资法", "《中华人民共和国外商投资法》"}
    assert law.issuer == "全国人民代表大会" and law.level == "national"
    assert got["中华人民共和国中小企业促进法"].issuer == "全国人民代表大会常务委员会"
    assert "支持民营企业发展改革28条意见" in got
    assert not any("协议" in t for t in got)


def test_other_city_report():
    text = ("青岛市黄岛区人民政府关于工作情况的报告\n认真落实《国务院关于开展营商环境创新试点工作的意见》"
            "(国发〔2021〕24号)。下一步,将出台《黄岛区促进民营经济高质量发展若干措施》。")
    got = by_title(find_documents(text, city="青岛市"))
    d = got["国务院关于开展营商环境创新试点工作的意见"]
    assert (d.issuer, d.level, d.doc_number, d.relation) == ("国务院", "national", "国发〔2021〕24号", "implements")
    p = got["黄岛区促进民营经济高质量发展若干措施"]
    assert (p.relation, p.status_in_report) == ("drafts", "planned")  # 将出台: still to be drafted


def test_seed_report_documents(seed):
    text, gold = seed
    docs = by_title(find_documents(text, city="大连市", report_date="2021-09-18"))
    good = [g for g in gold["documents"] if not str(g.get("notes", "")).startswith("borderline:")]
    found = [g for g in good if g["title"] in docs]
    assert len(found) / len(good) >= 0.95
    assert len(found) / len(docs) >= 0.95
    agree = sum(docs[g["title"]].relation == g["relation"] for g in found)
    assert agree / len(found) >= 0.9


def test_empty_and_odd_input_gives_nothing():
    for text in ("", "   ", "《》〈〉<<>>", "《条例》", "hello <a> 《"):
        assert find_documents(text) == []
