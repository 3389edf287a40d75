"""Units in report text: gazetteer, generic patterns, collectives, context guards, other cities."""

from __future__ import annotations

from pathlib import Path

from policygraph.extractors.units import canonical_unit, find_units, guess_district, guess_place

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DALIAN = dict(city="大连市", province="辽宁省")


def names(units):
    return {u.name for u in units}


def by_name(units):
    return {u.name: u for u in units}


def test_spans_are_exact_and_relative_prefixes_expand():
    text = "市人大常委会听取了市营商局的报告,省营商局给予指导。"
    units = find_units(text, **DALIAN)
    for u in units:
        for m in u.mentions:
            assert text[m.start:m.end] == m.text
    got = by_name(units)
    assert got["大连市人民代表大会常务委员会"].level == "municipal"
    assert got["大连市营商环境建设局"].known
    assert got["辽宁省营商环境建设局"].level == "provincial"


def test_place_words_are_not_units():
    text = "全市营商环境持续优化,我市城市竞争力提升,上市公司增加,全省第一,省内通办,集中办理。"
    assert find_units(text, **DALIAN) == []


def test_short_forms_inside_other_words_are_rejected():
    # 司法部 inside 执法司法部门, 国办 in a document number, 市场 after 市
    text = "推进执法司法部门依法保护,落实国办发〔2022〕2号文件,规范市场秩序。"
    got = names(find_units(text, **DALIAN))
    assert "司法部" not in got and "国务院办公厅" not in got
    assert "执法司法部门" in got


def test_collectives_are_grouped_by_type():
    text = "35个市直部门公布职权,20个市直部门和12个地区形成清单,督促各地区各部门落实,提高县区能力。"
    got = by_name(find_units(text, **DALIAN))
    assert {m.text for m in got["大连市市直部门"].mentions} == {"35个市直部门", "20个市直部门"}
    assert {m.text for m in got["大连市各地区"].mentions} == {"12个地区", "各地区", "县区"}
    assert "各部门" in got


def test_generic_patterns_find_unknown_bodies_in_any_city():
    text = "成立了沈阳市优化营商环境工作领导小组,领导小组办公室设在市营商局,市发改委会同市人社局推进。"
    got = by_name(find_units(text, city="沈阳市", province="辽宁省"))
    assert not got["沈阳市优化营商环境工作领导小组"].known
    assert "沈阳市优化营商环境工作领导小组办公室" in got
    assert got["沈阳市发展和改革委员会"].known  # from the generic city templates
    assert "沈阳市人力资源和社会保障局" in got
    assert not any(n.startswith("大连") for n in got)


def test_quoted_platforms_hotline_seats_and_anaphors():
    text = ("完善我市“信易贷”平台,推广“首贷中心”模式。已组建行动方案起草专班,专班梳理问题。"
            "依托12345政务服务便民热线,设立“找茬儿”“找我办”专席;以“找我办”推动难事好办。")
    got = by_name(find_units(text, **DALIAN))
    assert got["“信易贷”平台"].level == "municipal"
    assert "“首贷中心”" in got
    assert {m.text for m in got["行动方案起草专班"].mentions} == {"行动方案起草专班", "专班"}
    assert "“找茬儿”专席" in got
    assert [m.text for m in got["“找我办”专席"].mentions] == ["“找我办”专席"]  # not the mechanism later
    assert "大连市12345政务服务便民热线" in got


def test_party_group_and_group_members_follow_the_last_named_body():
    text = "市营商局召开局党组会议。调整市营商环境建设工作领导小组,征求小组成员意见。"
    got = names(find_units(text, **DALIAN))
    assert "中共大连市营商环境建设局党组" in got
    assert "大连市营商环境建设工作领导小组成员" in got


def test_canonical_unit_resolves_single_names():
    assert canonical_unit("市人大常委会", city="大连市").name == "大连市人民代表大会常务委员会"
    assert canonical_unit("国务院第66次常务会议").name == "国务院"
    assert canonical_unit("国务院").level == "national"
    assert canonical_unit("辽宁省人民代表大会常务委员会").name == "辽宁省人民代表大会常务委员会"
    assert canonical_unit("第十三届全国人民代表大会常务委员会第十次会议").name == "全国人民代表大会常务委员会"
    assert canonical_unit("国家发改委").name == "国家发展和改革委员会"
    assert canonical_unit("省人大常委会", province="山东省").name == "山东省人民代表大会常务委员会"
    assert canonical_unit("市十六届人大常委会", city="大连市").name == "大连市人民代表大会常务委员会"
    assert canonical_unit("企业") is None


def test_guess_place_and_district():
    assert guess_place("青岛市人民政府关于…的报告。我市…") == ("青岛市", "山东省")
    text = "青岛市黄岛区人民政府关于工作情况的报告\n区人大常委会:\n区政府认真落实,区行政审批局牵头。"
    assert guess_district(text, "青岛市") == "黄岛区"
    got = names(find_units(text))
    assert {"青岛市黄岛区人民政府", "青岛市黄岛区人民代表大会常务委员会", "青岛市黄岛区行政审批局"} <= got
    assert guess_district("大连市人民政府关于金普新区的报告。", "大连市") is None


def test_seed_report_units_recall_and_precision(seed):
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
    assert recall >= 0.95 and precision >= 0.95


def test_empty_and_odd_input_gives_nothing():
    for text in ("", "   ", "市", "hello world"):
        assert find_units(text) == []
    assert guess_place("") == (None, None)
    assert canonical_unit("") is None
