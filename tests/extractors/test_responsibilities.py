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
