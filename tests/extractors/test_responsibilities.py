"""Lead, responsible and cooperating units and deadlines from the labelled lines of plans (synthetic
plan items in the layout of provincial action plans)."""

from policygraph.loaders.report import extract_report

SYNTHETIC_PLAN = """沈阳市优化营商环境行动方案
一、重点任务
（一）提升政务服务效能。
1.推进一网通办。全面推行网上办理。（牵头单位：市发展改革委；配合单位：市财政局、各区县政府；完成时限：2024年底前）
2.规范涉企收费。
牵头单位：市市场监管局
完成时限：长期坚持
"""


def test_synthetic_labelled_lines_give_roles_and_deadline():
    rep = extract_report(SYNTHETIC_PLAN)
    m = {x.id: x for x in rep.measures}
    one, two = m["S1.M1.1"], m["S1.M1.2"]
    assert one.roles["lead"] == ["沈阳市发展和改革委员会"]
    assert one.roles["cooperating"][0] == "沈阳市财政局" and len(one.roles["cooperating"]) == 2
    assert (one.deadline, one.deadline_iso) == ("2024年底前", "2024-12-31")
    assert one.status == ["planned"] and rep.document.genre == "plan"
    assert two.roles == {"lead": ["沈阳市市场监督管理局"]} and two.deadline is None
    assert "沈阳市发展和改革委员会" in one.units


# Task lines as published in real plans (quoted, short):
# 湘西自治州2020年深化“放管服”改革优化营商环境工作计划 (州政发〔2020〕5号), http://m.bgbf.com.cn/zqt/ztsy/yshj/szyhyshjzc/202002/t20200222_13535478.html
XIANGXI = ("湘西自治州2020年深化“放管服”改革优化营商环境工作计划\n一、进一步提升政务服务效能\n"
           "1.加大简政放权力度。大力推进吉首市、湘西经开区两个相对集中行政许可权改革试点，实现“一枚印章管审批”。"
           "（牵头单位:州行政审批服务局;责任单位:州司法局、州委编办及州直相关单位,各县市人民政府、湘西经开区管委会,6月底完成）\n")
# 泰州市聚焦企业关切进一步优化营商环境行动方案, https://zhaoshangtong.net/policys/show-1628.html
TAIZHOU = ("泰州市聚焦企业关切进一步优化营商环境行动方案\n一、开展行政审批提速行动\n"
           "（一）持续加大简政放权力度。严格落实国务院取消下放行政审批事项的要求，削减审批事项，实施清单管理。"
           "（责任单位:市行政审批局、住建局、司法局,各市(区)人民政府,医药高新区管委会）\n")
# 咸阳市2022年深化“放管服”改革优化营商环境工作要点 (as quoted by newton.com.tw, converted to Simplified)
YINGTAN = ("2022年深化“放管服”改革优化营商环境工作要点\n一、坚持系统集成，推动审批全链条优化\n"
           "1.全面实施行政许可事项清单管理。2022年10月底前编制并公布市、县两级行政许可事项清单。"
           "（市政府办公室、市行政审批制度改革工作领导小组办公室牵头，市级各有关部门及各县市区政府按职责分工负责）\n")


def test_labelled_bracket_with_a_nested_bracket_and_an_unlabelled_deadline():
    m = extract_report(XIANGXI).measures[0]
    assert m.roles["lead"] == ["湘西土家族苗族自治州行政审批服务局"]  # 州 is the prefecture of the title
    assert any(x.endswith("经开区管委会") for x in m.roles["responsible"]) and len(m.roles["responsible"]) == 5
    assert (m.deadline, m.deadline_iso) == ("6月底", "2020-06-30")  # the year of the plan's title
    assert m.status == ["planned"]


def test_place_prefix_governs_the_list_and_brackets_inside_names_are_kept():
    m = extract_report(TAIZHOU).measures[0]
    resp = m.roles["responsible"]
    assert resp[1].endswith("住建局") and resp[1].startswith("市") or "住房" in resp[1]
    assert "各市(区)人民政府" in resp and "医药高新区管委会" in resp


def test_verbs_in_the_closing_bracket_give_the_roles():
    m = extract_report(YINGTAN).measures[0]
    assert m.roles["lead"][0] == "市政府办公室" and len(m.roles["lead"]) == 2
    assert len(m.roles["responsible"]) == 2
    assert m.deadline == "2022年10月底前"
