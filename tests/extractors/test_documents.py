"""Named documents in report text: titles, nesting, numbers, aliases, relations and status.

Sentences are real unless the test's name says synthetic. Sources: the Dalian review-opinions report
and the 2026 Jilin and Guangdong government work reports in ../shared/reports (cited by file), law
texts in ../shared/laws, and public pages (cited by address; pages shown in traditional characters
by their mirror are quoted in simplified characters, as the pipeline reads them).
"""

from __future__ import annotations

from pathlib import Path

from policygraph.extractors.documents import doc_type, find_documents

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


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


def test_synthetic_relations_and_status_from_verbs():
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


def test_synthetic_other_city_report():
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


def test_synthetic_empty_and_odd_input_gives_nothing():
    for text in ("", "   ", "《》〈〉<<>>", "《条例》", "hello <a> 《"):
        assert find_documents(text) == []


# ----------------------------------------------------------------------------- documents without 《》


def test_law_short_names_without_brackets_get_the_full_title():
    # javy-lawyers.com/news/dongtai/1996844899151921153.html (2025)
    text = "从“民营经济31条”到“民营经济促进法”，政策不断迭代，但企业家们更关心的是：法律能否终结“新官不理旧账”？"
    got = by_title(find_documents(text))
    law = got["中华人民共和国民营经济促进法"]
    assert [m.text for m in law.mentions] == ["民营经济促进法"]
    assert (law.issuer, law.level, law.doc_type) == ("全国人民代表大会常务委员会", "national", "法律")
    assert "民营经济31条" in got  # a quoted topic and number name a set of measures
    assert not any("旧账" in t for t in got)


def test_a_national_regulation_title_made_by_a_local_government_is_the_place_s_own():
    # cqrd.gov.cn (重庆市人大常委会执法检查组, 2023-07-25)
    text = ("继2021年川渝两省市人大常委会首次开展协同立法、同步制定出台优化营商环境条例(以下简称条例)后，"
            "今年5月至7月，四川重庆两省市人大常委会根据年度监督工作计划，协同开展了条例执法检查。")
    got = by_title(find_documents(text, city="重庆市"))
    assert list(got) == ["重庆市优化营商环境条例"]
    d = got["重庆市优化营商环境条例"]
    assert [m.text for m in d.mentions] == ["优化营商环境条例", "条例", "条例"]
    assert (d.level, d.issuer) == ("provincial", "重庆市人民代表大会常务委员会")
    # the same words after 国务院 are the State Council's: 常州市优化营商环境条例 第一条 (echinagov.com/policy/366208.htm)
    text = "根据国务院《优化营商环境条例》、《江苏省优化营商环境条例》等法律、法规，结合本市实际，制定本条例。"
    got = by_title(find_documents(text, city="常州市"))
    assert set(got) == {"优化营商环境条例", "江苏省优化营商环境条例"}
    assert (got["优化营商环境条例"].issuer, got["优化营商环境条例"].level) == ("国务院", "national")
    assert got["江苏省优化营商环境条例"].issuer == "江苏省人民代表大会常务委员会"


def test_international_agreements_by_title_and_abbreviation():
    # guangdong_2026_gov-work-report.txt
    text = ("主动对接全面与进步跨太平洋伙伴关系协定（CPTPP）、数字经济伙伴关系协定（DEPA）等国际高标准经贸规则，"
            "稳步扩大规则、规制、管理、标准等制度型开放。")
    got = by_title(find_documents(text, province="广东省"))
    assert set(got) == {"全面与进步跨太平洋伙伴关系协定", "数字经济伙伴关系协定"}
    cptpp = got["全面与进步跨太平洋伙伴关系协定"]
    assert [m.text for m in cptpp.mentions] == ["全面与进步跨太平洋伙伴关系协定", "CPTPP"]
    assert (cptpp.level, cptpp.doc_type, cptpp.relation) == ("international", "协定", "cites")
    # jilin_2026_gov-work-report.txt: an abbreviation alone
    d = find_documents("高质量建设沿边开发开放平台，借力海南自贸港政策和RCEP机制，突出发展数字贸易。", province="吉林省")
    assert [(x.title, x.relation) for x in d] == [("区域全面经济伙伴关系协定", "implements")]


def test_quoted_names_and_five_year_plans():
    # guangdong_2026_gov-work-report.txt
    got = by_title(find_documents("深入实施“百万英才汇南粤”行动计划，推进高水平人才高地建设。", province="广东省"))
    assert list(got) == ["“百万英才汇南粤”行动计划"]
    assert got["“百万英才汇南粤”行动计划"].relation == "implements"
    # jilin_2026_gov-work-report.txt: “十五五”规划纲要 is the outline the report submits in full
    text = Path(SHARED / "reports" / "jilin_2026_gov-work-report.txt")
    if text.exists():
        got = by_title(find_documents(text.read_text(encoding="utf-8"), province="吉林省"))
        outline = got["吉林省国民经济和社会发展第十五个五年规划纲要（草案）"]
        assert "“十五五”规划纲要" in {m.text for m in outline.mentions}
        assert not any(t.startswith("“十五五”") for t in got)


def test_a_regulation_being_legislated_is_named_without_brackets():
    # m.dingqianjf.com mirror of the 2024 苏州市人大常委会工作报告 (2024-01-17)
    text = "制定《苏州市乡村建设条例》，推进慈善促进条例立法工作，以立法推动共同富裕。"
    got = by_title(find_documents(text, city="苏州市"))
    assert list(got) == ["苏州市乡村建设条例", "慈善促进条例"]
    assert (got["慈善促进条例"].relation, got["慈善促进条例"].status_in_report) == ("drafts", "drafting")
    assert got["慈善促进条例"].level == "municipal"  # drafted by the reporting city itself


def test_synthetic_listed_bare_titles_after_one_verb():
    # the shape of 立法工作 reviews: one verb, many titles
    text = "出台优化营商环境条例、社会信用条例和数据条例等系列法规，修订物业管理条例。"
    got = by_title(find_documents(text, city="重庆市"))
    assert {"重庆市优化营商环境条例", "社会信用条例", "数据条例", "重庆市物业管理条例"} == set(got)
    assert all(d.relation in ("issues", "revises") for d in got.values())


def test_provisions_are_not_titles():
    samples = [
        # 刑法 第二百二十二条 (../shared/laws/刑法)
        "广告主、广告经营者、广告发布者违反国家规定，利用广告对商品或者服务作虚假宣传，情节严重的，处二年以下有期徒刑。",
        # 铜陵市优化营商环境条例 第二条 (yonglisports.com mirror of the regulation)
        "本条例对优化营商环境未作规定的，依照法律、行政法规的有关规定执行。",
        # fzysh.sxrdnews.cn (2025-10-09)
        "人大代表呼吁开展专项监督破除准入壁垒，发改部门加速起草地方配套规定。",
        # jilin_2026_gov-work-report.txt
        "巩固拓展深入贯彻中央八项规定精神学习教育成果，驰而不息纠治“四风”。",
        # guangdong_2026_gov-work-report.txt
        "我们深刻领悟“两个确立”的决定性意义，增强“四个意识”。",
        # kmgd.gov.cn (官渡区, 2016): a plan's project database
        "编制完成官渡区三年滚动投资计划，完善“十三五”规划项目库，建立专项建设基金三年滚动项目库。",
    ]
    for text in samples:
        assert find_documents(text, city="昆明市") == [], text


# ----------------------------------------------------------------------------- aliases, numbers, issuers


def test_a_defined_short_name_stands_for_both_regulations():
    # sfgw.xuchang.gov.cn (对市七届人大七次会议第12号建议的答复, 2021-09-17)
    text = ("国务院《优化营商环境条例》《河南省优化营商环境条例》(后简称“两条例”)施行以来，聚焦打造市场化、法治化、"
            "国际化营商环境。为加强对“两条例”内容的学习理解，我市将其作为市级领导干部学法的重要内容。"
            "我市印发了《许昌市贯彻落实<优化营商环境条例>重点任务分工方案》(许营商办〔2020〕4号)。")
    got = by_title(find_documents(text, city="许昌市"))
    for title in ("优化营商环境条例", "河南省优化营商环境条例"):
        assert {"“两条例”", "两条例"} <= {m.text for m in got[title].mentions}
    assert got["河南省优化营商环境条例"].issuer == "河南省人民代表大会常务委员会"
    plan = got["许昌市贯彻落实<优化营商环境条例>重点任务分工方案"]
    assert (plan.relation, plan.doc_number, plan.cites) == ("issues", "许营商办〔2020〕4号", ["优化营商环境条例"])
    assert plan.level == "municipal"


def test_document_number_prefixes_of_any_province_and_of_the_text_s_city():
    # jzmfx.com mirror of 怀化市人民政府办公室 怀政办发〔2023〕9号
    text = ("推动《湖南省人民政府办公厅印发<关于打好经济增长主动仗实现经济运行整体好转若干政策措施>的通知》"
            "(湘政办发〔2023〕4号)文件落地见效，特制定本实施方案。")
    d = find_documents(text, city="怀化市")[0]
    assert (d.doc_number, d.issuer, d.level) == ("湘政办发〔2023〕4号", "湖南省人民政府办公厅", "provincial")
    # kmgd.gov.cn (官渡区, 2016): the city's own prefix
    text = "根据《昆明市人民政府关于印发昆明市稳增长促发展若干政策措施的通知》(昆政发〔2016〕13号)，结合官渡区实际。"
    d = find_documents(text, city="昆明市")[0]
    assert (d.doc_number, d.issuer, d.level) == ("昆政发〔2016〕13号", "昆明市人民政府", "municipal")


def test_issuers_from_titles_numbers_and_a_verb_that_describes_only_the_next_title():
    # 0798ci.com/law/8240.html: 山东省人民政府 鲁政发〔2014〕20号
    text = ("根据新修订的《中华人民共和国预算法》、《国务院关于深化预算管理制度改革的决定》(国发〔2014〕45号)和"
            "《中共山东省委山东省人民政府关于深化财税体制改革的意见》(鲁发〔2014〕18号)有关要求，"
            "现就深化我省预算管理制度改革提出以下实施意见。")
    got = by_title(find_documents(text, province="山东省"))
    assert list(got) == ["中华人民共和国预算法", "国务院关于深化预算管理制度改革的决定",
                         "中共山东省委山东省人民政府关于深化财税体制改革的意见"]
    assert all(d.relation == "cites" for d in got.values())  # 新修订的 describes the budget law only
    assert got["国务院关于深化预算管理制度改革的决定"].issuer == "国务院"
    d = got["中共山东省委山东省人民政府关于深化财税体制改革的意见"]
    assert (d.doc_number, d.issuer, d.level) == ("鲁发〔2014〕18号", "中共山东省委员会", "provincial")
    # dongyang.gov.cn (东阳市人民政府办公室, 2023-03-21): a county-level city under 金华
    text = ("为贯彻落实《浙江省人民政府办公厅关于印发〈浙江省促进残疾人就业行动方案(2022—2025年)〉的通知》"
            "(浙政办发〔2022〕59号)、《金华市人民政府办公室关于印发〈金华市促进残疾人就业行动方案(2022—2025年)〉"
            "的通知》(金政办发〔2022〕50号)精神，制定本实施方案。")
    got = find_documents(text, city="金华市")
    assert [(d.issuer, d.relation) for d in got if d.doc_number] == [
        ("浙江省人民政府办公厅", "implements"), ("金华市人民政府办公室", "implements")]
    assert got[0].cites == ["浙江省促进残疾人就业行动方案(2022—2025年)"]


# ----------------------------------------------------------------------------- tense of the part


def test_tense_of_the_part_changes_what_a_verb_says():
    # dalian_2021-09-18_review-opinions-report.txt
    text = "加快推进《大连市促进中小企业发展条例》制定工作。"
    def rel(tense):
        d = find_documents(text, city="大连市", tense_at=lambda _pos: tense)[0]
        return d.relation, d.status_in_report
    assert rel(None) == ("drafts", "drafting")
    assert rel("planned") == ("drafts", "planned")
    assert rel("done") == ("issues", "in force")
    # the text's own markers win over the part: 已 tells a done step even in a plan part
    text = "已向104个地区、部门和单位印发《大连市集中清理和解决各类企业历史遗留问题大起底、大纠治、大督查行动方案》。"
    d = find_documents(text, city="大连市", tense_at=lambda _pos: "planned")[0]
    assert (d.relation, d.status_in_report) == ("issues", "in force")
    # jilin_2026_gov-work-report.txt, plan part: 推行 a list still to be drawn up
    d = find_documents("严格涉企收费管理，推行“无事不扰”白名单，实施无感监管。", province="吉林省",
                       tense_at=lambda _pos: "planned")[0]
    assert (d.title, d.relation, d.status_in_report, d.level) == ("“无事不扰”白名单", "drafts", "planned", "provincial")


def test_synthetic_unclosed_bracket_and_unknown_place_are_coded_warnings():
    warnings: list[str] = []
    find_documents("落实《甲办法\n制定我市数据条例。", warnings=warnings)
    assert any(w.startswith("W-DOCUMENTS-001:") for w in warnings)
    assert any(w.startswith("W-DOCUMENTS-002:") for w in warnings)


def test_synthetic_a_user_finder_is_registered_by_name():
    from policygraph.extractors.documents import FINDERS, Found, finder

    @finder("memo")
    def memos(scan):
        i = scan.text.find("备忘录甲")
        return [Found(i, i + 4, "备忘录甲", "memo")] if i >= 0 else []

    try:
        got = find_documents("签署备忘录甲。", city="甲市")
        assert [(d.title, d.relation) for d in got] == [("备忘录甲", "cites")]
        assert list(FINDERS)[:3] == ["agreements", "laws", "titled"]
    finally:
        FINDERS.pop("memo")
