"""Reading reports in the encodings and formats they come in, and refusing what is not a report."""

import io
from pathlib import Path

import pytest

from policygraph.errors import InputError
from policygraph.loaders.report import extract_report
from policygraph.loaders.text import READERS, read_source

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
SAMPLE = (FIX / "synthetic_qingdao_2020_review-report.txt").read_text(encoding="utf-8")


def _check(rep):
    assert rep.document.title == "关于落实市人大常委会审议意见情况的报告"
    assert [m.id for m in rep.measures] == ["S1.M1", "S1.M2", "S2.M1", "S2.M2"]
    assert len(rep.metrics) == 6


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le"])
def test_encodings(tmp_path, encoding):
    p = tmp_path / "r.txt"
    p.write_bytes(SAMPLE.encode(encoding))
    rep = extract_report(p)
    _check(rep)
    assert rep.source.text.lstrip("\ufeff") == rep.source.text  # no BOM left in the text


def test_crlf_is_normalised(tmp_path):
    p = tmp_path / "r.txt"
    p.write_bytes(SAMPLE.replace("\n", "\r\n").encode("utf-8"))
    _check(extract_report(p))


def test_html_page(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in SAMPLE.splitlines()[1:])
    html = ("<html><head><meta charset='gbk'><title>关于落实市人大常委会审议意见情况的报告_青岛人大</title>"
            "<script>var x='一、不是正文';</script><style>p{}</style></head><body>"
            "<nav><a href='/'>首页</a><a href='/a'>常委会公告</a></nav>"
            "<div class='info'>来源：青岛人大 发布时间：2020年12月20日 <span>【字体：大 中 小】</span></div>"
            f"<div id='zoom'>{body}</div><div class='foot'>版权所有：青岛市人大常委会 鲁ICP备000号</div></body></html>")
    p = tmp_path / "r.html"
    p.write_bytes(html.encode("gbk"))
    assert ".html" in READERS
    rep = extract_report(p)
    _check(rep)
    assert rep.source.media_type == "text/html"
    assert "var x" not in rep.source.text and "版权所有" not in rep.source.text and "首页" not in rep.source.text
    assert rep.document.publisher == "青岛人大" and rep.document.published_date == "2020-12-20"


def test_inline_tags_do_not_split_sentences(tmp_path):
    p = tmp_path / "r.htm"
    p.write_text("<html><body><p>一是<span>建机制</span>。<b>已</b>建立。</p></body></html>", encoding="utf-8")
    assert read_source(p).text == "一是建机制。已建立。"


def test_docx(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for line in SAMPLE.splitlines():
        d.add_paragraph(line)
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "指标", "95%"
    p = tmp_path / "r.docx"
    d.save(p)
    rep = extract_report(p)
    assert rep.source.media_type.endswith("document")
    assert rep.document.title == "关于落实市人大常委会审议意见情况的报告"
    assert "指标\t95%" in rep.source.text


def test_broken_docx(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("关于X的报告")
    buf = io.BytesIO()
    d.save(buf)
    p = tmp_path / "broken.docx"
    p.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    with pytest.raises(InputError, match="broken.docx"):
        extract_report(p)
    p.write_bytes(b"not a zip at all")
    with pytest.raises(InputError, match="not a valid .docx"):
        extract_report(p)


def test_traditional_text_spans_are_original():
    rep = extract_report(FIX / "synthetic_taipei_traditional_report.txt")
    text = rep.source.text
    assert [m.id for m in rep.measures] == ["S1.M1", "S1.M2", "S2.M1"]
    assert rep.measures[0].heading == "簡化審批流程"
    assert rep.measures[0].status == ["done"] and rep.measures[2].status == ["planned"]
    assert rep.measures[2].deadline_iso == "2022-12-31"
    assert [(m.text, m.value) for m in rep.metrics] == [("1.2萬件", 12000.0), ("三項", 3.0)]
    for x in [*rep.metrics, *rep.dates, *(e for m in rep.measures for e in m.status_evidence)]:
        assert text[x.start:x.end] == x.text


def test_text_given_directly():
    rep = extract_report("关于X的报告\n一、工作\n一是推进。已完成5项。")
    assert rep.source.path == "<text>" and rep.measures[0].status == ["done"]


@pytest.mark.parametrize("content, problem", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (bytes(range(256)) * 20, "binary"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "binary"),
])
def test_unreadable_files(tmp_path, content, problem):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(InputError, match=problem):
        extract_report(p)


def test_not_a_report(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("just some English notes\nnothing here", encoding="utf-8")
    with pytest.raises(InputError, match="not a report"):
        extract_report(p)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        extract_report(tmp_path / "absent.txt")


def test_truncated_gb18030_still_reads(tmp_path):
    raw = SAMPLE.encode("gb18030")
    p = tmp_path / "cut.txt"
    p.write_bytes(raw[: len(raw) // 2 + 1])  # may cut a two-byte character in half
    rep = extract_report(p)
    assert rep.document.title == "关于落实市人大常委会审议意见情况的报告"
