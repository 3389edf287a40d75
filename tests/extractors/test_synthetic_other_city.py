"""A report in another city's style ((一) measures under 一、 sections, no closing formula), written for
the tests: extraction and linking must not depend on the Dalian report's wording."""

from pathlib import Path

from conftest import STATE_COUNCIL

from policygraph import PolicyGraph, extract

REPORT = Path(__file__).resolve().parents[1] / "fixtures" / "reports" / "synthetic_qingdao_2022_implementation-report.txt"


def test_structure_units_documents_and_dates():
    rep = extract(REPORT)
    assert [s.ordinal for s in rep.sections] == [1, 2, 3]
    last = rep.measures[-1]
    assert last.text.endswith("诉求渠道。")  # the signature block is not part of the last measure
    assert rep.document.issuer == "青岛市人民政府" and rep.document.signed_date == "2022-08-15"
    names = {u.name for u in rep.units}
    assert {"青岛市行政审批局", "青岛市市场监督管理局", "青岛市司法局"} <= names  # 市 means 青岛市 here
    docs = {d.title: d for d in rep.documents}
    assert docs["青岛市政企沟通联系办法"].status_in_report == "planned"
    plan = next(m for m in rep.measures if m.heading == "加快推进数字政府建设")
    assert plan.status == ["planned"] and plan.deadline_iso == "2022-12-31"
    figure = next(x for x in rep.metrics if x.text.startswith("15.3万"))
    assert figure.value == 153000 and figure.unit == "户"


def test_links_follow_the_regulation_wording():
    pg = PolicyGraph.open(memory=True)
    pg.load([STATE_COUNCIL, REPORT])
    df = pg.measures()
    arts = dict(zip(df["heading"], df["articles"].map("; ".join), strict=True))  # lists of "title 第N条"
    assert "第54条" in arts["加强事中事后监管"] or "第53条" in arts["加强事中事后监管"]  # 双随机、一公开; 信用监管
    assert "第48条" in arts["完善政企沟通机制"] or "第49条" in arts["完善政企沟通机制"]  # 政企沟通; 12345
