"""Units of any place and level, and the place a text speaks for.

Sentences are real, with their source in a comment: the full reports in ../shared/reports (outside the
annotated excerpts), laws in ../shared/laws, and public government pages. Tests whose name says
``synthetic`` use made-up sentences for a rule no real sentence here shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policygraph.extractors.places import find_place, level_of
from policygraph.extractors.units import canonical_unit, find_units, guess_district, guess_place
from policygraph.extractors.units_data import former_names

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
DALIAN = dict(city="大连市", province="辽宁省")


def names(units):
    return {u.name for u in units}


def by_name(units):
    return {u.name: u for u in units}


def _report(name: str) -> str:
    path = SHARED / "reports" / name
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- the place of a text


def test_a_provincial_work_report_has_no_city_of_its_own():
    # ../shared/reports/jilin_2026_gov-work-report.txt (full report): 省长 胡玉亭, 我代表省政府
    p = find_place(_report("jilin_2026_gov-work-report.txt"))
    assert (p.province, p.city, p.level) == ("吉林省", None, "provincial")
    assert p.evidence.text in _report("jilin_2026_gov-work-report.txt")
    # ../shared/reports/guangdong_2026_gov-work-report.txt: "广东省省长 孟凡利"; Shenzhen is named often
    # in the text but the report is the province's
    assert guess_place(_report("guangdong_2026_gov-work-report.txt")) == (None, "广东省")


def test_a_city_report_is_read_from_its_signature():
    text = _report("dalian_2021-09-18_review-opinions-report.txt")
    p = find_place(text)
    assert (p.province, p.city, p.district, p.level) == ("辽宁省", "大连市", None, "municipal")
    assert text[p.evidence.start:p.evidence.end] == p.evidence.text == "大连市人民政府"


def test_a_sub_district_page_is_read_from_its_source_line():
    # https://www.szft.gov.cn/xxgk/ztbd/ftqwgk/zxgcgk/content/post_12451475.html (深圳市福田区, 2025-10-23)
    text = ("莲花街道牵头对辖区农贸市场开展“双随机、一公开”检查\n"
            "信息提供日期 : 2025-10-23 11:18 来源 :深圳市福田区莲花街道办事处\n"
            "2025年10月份,莲花街道联合市市场监督管理局福田监管局对随机抽取的3家农贸市场进行了检查。")
    p = find_place(text)
    assert (p.province, p.city, p.district, p.town, p.level) == ("广东省", "深圳市", "福田区", "莲花街道", "town")
    got = by_name(find_units(text))
    assert got["深圳市市场监督管理局福田监管局"].level == "municipal"  # 市 in a Shenzhen street's text
    assert got["深圳市福田区莲花街道办事处"].level == "town"


def test_a_text_that_names_no_place_gets_none_and_a_warning():
    # ../shared/laws: 汕头经济特区消防条例, 第十四条 (a law: no title block, no signature)
    p = find_place("第十四条 公安派出所可以履行下列消防安全职责：")
    assert (p.province, p.city, p.level) == (None, None, None)
    assert p.warnings and p.warnings[0].startswith("W-PLACE-001")


def test_synthetic_district_text_reads_the_district():
    text = "青岛市黄岛区人民政府关于工作情况的报告\n区人大常委会:\n区政府认真落实,区行政审批局牵头。"
    assert guess_district(text, "青岛市") == "黄岛区"
    assert {"青岛市黄岛区人民政府", "青岛市黄岛区人民代表大会常务委员会", "青岛市黄岛区行政审批局"} <= names(find_units(text))
    assert guess_district("大连市人民政府关于金普新区的报告。", "大连市") is None


# ----------------------------------------------------------------------------- units of any place


def test_relative_prefixes_follow_the_text_not_the_gazetteer():
    text = _report("jilin_2026_gov-work-report.txt")
    got = by_name(find_units(text))
    # "在省委坚强领导下" (closing paragraph): Jilin's party committee, not Liaoning's (a gazetteer row)
    assert "中共吉林省委员会" in got and "中共辽宁省委员会" not in got
    assert not any(n.startswith(("大连", "辽宁")) for n in got)
    # "省级财政统筹市县“三保”": 市县 are the cities and counties in general, never one city
    assert not any(u.level == "municipal" and u.name.startswith("长春") for u in got.values())


def test_the_national_hotline_is_nobody_s_city_in_a_provincial_report():
    # ../shared/reports/guangdong_2026_gov-work-report.txt: "优化12345热线运行管理机制"
    got = by_name(find_units("优化12345热线运行管理机制，政务服务办事系统更加便捷、高效、智慧。", province="广东省"))
    assert "12345政务服务便民热线" in got
    assert not any(n.startswith("深圳") for n in got)


def test_a_district_body_of_a_city_the_text_does_not_name():
    # https://jianpian.cn/a/18352any (张家口市宣化区市场监督管理局, 美篇): 宣化区 is in the county table
    u = find_units("宣化区市场监督管理局持续下沉辖区6个农贸市场，进行创城指导及帮扶")[0]
    assert (u.name, u.level, u.kind) == ("张家口市宣化区市场监督管理局", "district", "government department")


def test_a_beijing_body_in_a_dalian_text_is_beijing_s():
    # https://www.shyp.gov.cn (上海市杨浦区, 2022-03-29): "上海市市场监管领域联合…办公室" names Shanghai
    u = canonical_unit("北京市市场监管局", **DALIAN)
    assert (u.name, u.level, u.parent) == ("北京市市场监督管理局", "municipal", "北京市人民政府")


def test_sub_bodies_and_branch_offices():
    # https://scjgj.huaian.gov.cn/col/3983_253667/art/17698752/17707748904489bxtgFQQ.html (2026-02-11)
    got = names(find_units("春节临近,市市场监管局园区分局紧扣“内部综合查”工作部署", city="淮安市"))
    assert "淮安市市场监督管理局园区分局" in got
    # https://www.zhonglou.gov.cn/html/czzl/2017/DOHCPIMH_1031/115223.html (区市场监管局新闸分局)
    u = find_units("根据区文明城市检查工作安排,区市场监管局新闸分局第一时间召开文明城市任务部署推进会。",
                   city="常州市", district="钟楼区")
    assert [x.name for x in u] == ["常州市钟楼区市场监督管理局新闸分局"]


def test_a_text_without_its_place_keeps_the_prefix_as_written():
    # https://jianpian.cn/a/18352any: "按照区系列创城会议精神" says 区 but never which district
    u = find_units("按照区系列创城会议精神,区市场监管局持续对辖区农贸市场开展集中督导检查")
    assert [(x.name, x.level) for x in u] == [("区市场监管局", "district")]


def test_words_that_end_like_a_body_are_no_body():
    # ../shared/laws 深圳经济特区学前教育条例 第六十八条: 住房建设部门 holds no 建设部
    text = "已办理商品房预售许可证的，由住房建设部门责令停止销售"
    assert "中华人民共和国建设部" not in names(find_units(text))
    # ../shared/reports/jilin_2026_gov-work-report.txt: 省市县三级项目中心 is a list of levels
    got = names(find_units("发挥省市县三级项目中心作用，集成一批战略性、引领性、突破性的重大项目", province="吉林省"))
    assert not any("项目中心" in n and n.startswith("吉林省市县") for n in got)


def test_synthetic_list_items_share_the_first_item_s_place():
    got = names(find_units("牵头单位:市市场监管局、发展改革委、大数据发展局;配合单位:市财政局", city="河池市"))
    assert {"河池市市场监督管理局", "河池市发展和改革委员会", "河池市大数据发展局", "河池市财政局"} <= got
    assert "国家发展和改革委员会" not in got


def test_synthetic_town_bodies_and_autonomous_regions():
    got = by_name(find_units("会同白沙镇人民政府和城关派出所", city="大连市"))
    assert got["白沙镇人民政府"].level == "town"
    got = by_name(find_units("配合自治区有关部门，报区党委审定。", city="河池市", province="广西壮族自治区"))
    assert "中共广西壮族自治区委员会" in got and "广西壮族自治区有关部门" in got


def test_former_names_of_national_bodies():
    assert canonical_unit("银监会").name == "中国银行业监督管理委员会"
    assert canonical_unit("建设部").name == "中华人民共和国建设部"
    assert former_names()["国家工商行政管理总局"]["successor"] == "国家市场监督管理总局"
    assert canonical_unit("工商总局").level == "national"


def test_levels_of_places():
    assert [level_of(n) for n in ("广东省", "大连市", "瓦房店市", "延边朝鲜族自治州", "莲花街道")] == \
        ["provincial", "municipal", "district", "municipal", "town"]


# ----------------------------------------------------------------------------- the Dalian report (development set)


def test_spans_are_exact_and_relative_prefixes_expand():
    # ../shared/reports/dalian_2021-09-18_review-opinions-report.txt (development text)
    text = "在参照省营商局机构调整模式,对市营商局机构编制事项进行相应调整的基础上"
    units = find_units(text, **DALIAN)
    for u in units:
        for m in u.mentions:
            assert text[m.start:m.end] == m.text
    got = by_name(units)
    assert got["大连市营商环境建设局"].known and got["大连市营商环境建设局"].level == "municipal"
    assert got["辽宁省营商环境建设局"].level == "provincial"


def test_place_words_are_not_units():
    text = "全市营商环境持续优化,我市城市竞争力提升,上市公司增加,全省第一,省内通办,集中办理。"
    assert find_units(text, **DALIAN) == []


def test_short_forms_inside_other_words_are_rejected():
    text = "推进执法司法部门依法平等保护民营企业合法权益"  # Dalian report, S3.M4
    got = names(find_units(text, **DALIAN))
    assert "司法部" not in got and "执法司法部门" in got


def test_collectives_keep_generic_names():
    # Dalian report, S1.M3: counted collectives; 12个地区 keeps a generic name, never a coined one
    text = "35个市直部门已公布了3046项行政职权,20个市直部门和12个地区形成政策清单,督促指导各地区各单位扎实落实"
    got = by_name(find_units(text, **DALIAN))
    assert {m.text for m in got["大连市市直部门"].mentions} == {"35个市直部门", "20个市直部门"}
    assert {m.text for m in got["各地区"].mentions} == {"12个地区", "各地区"}
    assert got["各地区"].level == "district" and "各单位" in got


def test_quoted_names_and_anaphors():
    # Dalian report, S4.M1 and S4.M4
    text = ("目前,已组建行动方案起草专班,多渠道多维度整理归纳先进做法。专班聚焦问题。"
            "依托12345政务服务便民热线,设立“办事还在找人”“找茬儿”“找我办”“有诺不践”专席")
    got = by_name(find_units(text, **DALIAN))
    assert {m.text for m in got["行动方案起草专班"].mentions} == {"行动方案起草专班", "专班"}
    assert {"“找茬儿”专席", "“有诺不践”专席", "12345政务服务便民热线"} <= set(got)


def test_canonical_unit_resolves_single_names():
    assert canonical_unit("市人大常委会", city="大连市").name == "大连市人民代表大会常务委员会"
    assert canonical_unit("国务院第66次常务会议").name == "国务院"
    assert canonical_unit("第十三届全国人民代表大会常务委员会第十次会议").name == "全国人民代表大会常务委员会"
    assert canonical_unit("国家发改委").name == "国家发展和改革委员会"
    assert canonical_unit("省人大常委会", province="山东省").name == "山东省人民代表大会常务委员会"
    assert canonical_unit("市十六届人大常委会", city="大连市").name == "大连市人民代表大会常务委员会"
    assert canonical_unit("市人大常委会", city="大连市").kind == "people's congress"
    assert canonical_unit("企业") is None


def test_seed_report_units_recall_and_precision(seed):
    # development set: recall here no longer rests on Dalian-only rules (see the README of data/units)
    text, gold = seed
    units = find_units(text, city="大连市", province="辽宁省")
    for u in units:
        for m in u.mentions:
            assert text[m.start:m.end] == m.text
    norm = lambda s: s.replace("“", "").replace("”", "")  # noqa: E731
    pred = [{norm(u.name), *(norm(m.text) for m in u.mentions)} for u in units]
    good = [g for g in gold["units"] if not str(g.get("notes", "")).startswith("borderline:")]
    keys = [{norm(g["name"]), *map(norm, g["mentions"])} for g in good]
    recall = sum(any(k & p for p in pred) for k in keys) / len(keys)
    border = [{norm(g["name"]), *map(norm, g["mentions"])} for g in gold["units"] if g not in good]
    kept = [p for p in pred if any(p & k for k in keys) or not any(p & b for b in border)]
    precision = sum(any(p & k for k in keys) for p in kept) / len(kept)
    assert recall >= 0.90 and precision >= 0.95


def test_empty_and_odd_input_gives_nothing():
    for text in ("", "   ", "市", "hello world"):
        assert find_units(text) == []
    assert guess_place("") == (None, None)
    assert canonical_unit("") is None


def test_missing_model_is_a_coded_warning(monkeypatch):
    from policygraph.extractors import units_model

    monkeypatch.setattr(units_model, "available", lambda: False)
    warnings: list[str] = []
    find_units("市人大常委会听取了报告。", city="大连市", model=True, warnings=warnings)
    assert warnings == [units_model.MISSING] and warnings[0].startswith("W-UNITS-001")
