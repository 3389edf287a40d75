"""Property tests: no text, however odd, makes the pipeline raise anything but PolicyGraphError."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policygraph.errors import PolicyGraphError
from policygraph.extractors.dates import find_dates
from policygraph.extractors.metrics import find_metrics
from policygraph.extractors.normalize import simplified_view
from policygraph.extractors.structure import find_structure
from policygraph.loaders.report import extract_report
from policygraph.records import Source

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
SEED = (FIX / "synthetic_shenyang_2022_business-environment-report.txt").read_text(encoding="utf-8")
PIECES = ["一、", "（一）", "1.", "1、", "一是", "二是", "。", "\n", "已", "拟", "将", "年底前", "今年", "2021年",
          "9月8日", "8月末", "12345", "〔2021〕", "《", "》", "“", "”", "35个", "23.8亿条", "余", "%", "第一",
          "全省", "特此报告。", "市人民政府", "：", "\u3000", "贾立庚局长", "二〇二一年九月十八日", "99月99日"]
chunks = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=40).map("".join)


def _run(text):
    try:
        rep = extract_report(Source("<t>", text, "utf-8"))
    except PolicyGraphError:
        return
    for x in [*rep.metrics, *rep.dates]:
        assert text[x.start:x.end] == x.text
    for m in rep.measures:
        assert text[m.start:m.end] == m.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chunks)
def test_random_text(text):
    _run(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(SEED)), st.integers(0, 60), chunks)
def test_mutated_report(pos, cut, insert):
    _run(SEED[:pos] + insert + SEED[pos + cut:])


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_components_total(text):
    assert len(simplified_view(text)) == len(text)
    find_structure(text)
    find_dates(text, year=2021)
    find_metrics(text, year=2021)
