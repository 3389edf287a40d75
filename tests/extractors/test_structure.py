"""Sections and measures of real layouts (the 2026 Jilin and Guangdong work reports, the Dalian report)
and of small synthetic texts (named so)."""

from shared_texts import DALIAN, GUANGDONG, GUANGDONG_EXCERPT, JILIN, needs_shared, read

from policygraph.extractors.structure import find_structure


@needs_shared
def test_work_report_heading_led_paragraphs_are_measures_nested_in_their_block():
    text = read(JILIN)
    secs, ms = find_structure(text)
    assert [s.heading for s in secs][:2] == ["工作回顾", "2026年工作安排"]
    by_id = {m.id: m for m in ms}
    # （五）突出经济体制改革牵引作用… heads four heading-led paragraphs
    assert by_id["S2.M5"].marker == "（五）" and by_id["S2.M5"].level == 1
    assert [by_id[f"S2.M5.{k}"].heading for k in (1, 2, 3, 4)] == [
        "深化省市国资国企改革", "提升财政金融改革质效", "持续优化营商环境", "加强对外开放合作"]
    assert all(by_id[f"S2.M5.{k}"].level == 2 and by_id[f"S2.M5.{k}"].marker == "" for k in (1, 2, 3, 4))
    # the block heading runs to its first heading-led paragraph
    assert by_id["S2.M5"].text.endswith("以开放促改革促发展。")
    for m in ms:
        assert text[m.start:m.end] == m.text


@needs_shared
def test_review_overview_and_list_announcement_are_not_measures():
    secs, ms = find_structure(read(JILIN))
    s1 = [m for m in ms if m.section == "S1"]
    assert [m.marker for m in s1] == ["一是", "二是", "三是", "四是", "五是", "六是", "七是"]
    assert not any(m.text.startswith(("2025年是", "主要做了以下工作")) for m in ms)


@needs_shared
def test_marker_alone_on_its_line_takes_the_paragraph_below():
    text = read(GUANGDONG)
    _, ms = find_structure(text)
    m = next(m for m in ms if m.heading == "持续优化提升营商环境")
    assert m.marker == "四是" and "\n系统梳理全面优化涉企审批备案服务" in m.text
    # a result sentence with figures (地区生产总值增长3.9%…。) does not head a paragraph of its own
    assert not any(x.heading.startswith("地区生产总值增长") for x in ms)


@needs_shared
def test_excerpt_that_skips_section_and_item_numbers():
    secs, ms = find_structure(read(GUANGDONG_EXCERPT))
    assert [(s.id, s.heading) for s in secs] == [("S1", "2025年和“十四五”时期工作回顾"), ("S3", "2026年工作安排")]
    assert [m.marker for m in ms][:2] == ["四是", "（五）"]


@needs_shared
def test_inline_items_of_one_paragraph_and_the_lead_before_them():
    _, ms = find_structure(read(DALIAN))
    assert [m.id for m in ms if m.section == "S1"] == ["S1.M1", "S1.M2", "S1.M3", "S1.M4", "S1.M5"]
    lead = next(m for m in ms if m.id == "S2.M0")
    assert lead.marker == "" and lead.text.startswith("全面贯彻落实") and lead.text.endswith("落地落细落实。")
    assert not any("特此报告" in m.text for m in ms)


def test_synthetic_plan_items_at_every_depth_are_measures():
    text = ("某市优化营商环境行动方案\n一、主要任务\n（一）营造公平竞争的市场环境。\n"
            "1.落实市场准入负面清单制度。全面清理隐性壁垒。\n2.规范招标投标。推行电子招标。\n"
            "（二）提升政务服务效能。\n1.推进一网通办。\n二、保障措施\n（三）加强组织领导。各地区要压实责任。")
    secs, ms = find_structure(text)
    assert [s.heading for s in secs] == ["主要任务", "保障措施"]
    assert [(m.id, m.level) for m in ms] == [("S1.M1", 1), ("S1.M1.1", 2), ("S1.M1.2", 2), ("S1.M2", 1),
                                            ("S1.M2.1", 2), ("S2.M3", 1)]
    assert ms[0].text == "（一）营造公平竞争的市场环境。"  # a block heading: its work is in its items


def test_synthetic_table_of_contents_and_title_block_are_skipped():
    text = ("某县政府工作报告\n——2024年1月10日在某县第十八届人民代表大会第三次会议上\n县长 王某\n"
            "目录\n一、工作回顾\n二、工作安排\n各位代表：\n一、工作回顾\n一是稳增长。新建项目。\n二、工作安排\n一是抓项目。开工项目。")
    secs, ms = find_structure(text)
    assert [s.heading for s in secs] == ["工作回顾", "工作安排"]
    assert secs[0].start == text.index("一、工作回顾\n一是")
    assert [m.heading for m in ms] == ["稳增长", "抓项目"]


def test_synthetic_stray_numeral_in_a_sentence_is_no_item():
    _, ms = find_structure("一、工作情况\n我们把三是否作为标准，一是开放，这不是列表。\n")
    assert all(m.marker != "三是" for m in ms)


def test_synthetic_text_without_sections_has_one_measure_per_paragraph():
    secs, ms = find_structure("关于做好迎评工作的通知\n各街道办事处：\n请各单位于7月15日前报送材料。\n年底前完成整改任务。")
    assert secs == [] and [m.section for m in ms] == ["S0", "S0"]
