"""Decoding: a few bad bytes are replaced with a coded warning instead of rejecting the report, and
the evidence spans stay right; UTF-16 and GB18030 keep working."""

from __future__ import annotations

from pathlib import Path

import pytest

from policygraph.errors import InputError
from policygraph.loaders.report import extract_report
from policygraph.loaders.text import decode_bytes, read_source

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
SAMPLE = (FIX / "synthetic_qingdao_2020_review-report.txt").read_text(encoding="utf-8")


def _spans_right(rep):
    text = rep.source.text
    for m in rep.measures:
        assert text[m.start:m.end] == m.text
    for x in [*rep.metrics, *rep.dates, *(e for m in rep.measures for e in m.status_evidence)]:
        assert text[x.start:x.end] == x.text


@pytest.mark.parametrize("where", [0.1, 0.5, 0.9])
def test_one_bad_byte_in_utf8(tmp_path, where):
    raw = bytearray(SAMPLE.encode("utf-8"))
    i = int(len(raw) * where)
    while raw[i] < 0x80 or raw[i] & 0xC0 != 0x80:  # a continuation byte inside a Chinese character
        i += 1
    raw[i] = 0xFF
    p = tmp_path / "r.txt"
    p.write_bytes(bytes(raw))
    rep = extract_report(p)
    assert rep.source.encoding == "utf-8" and "\ufffd" in rep.source.text
    assert rep.document.title.startswith("关于落实市人大常委会")  # the damage may be in the title itself
    assert len(rep.source.text) == len(SAMPLE) + rep.source.text.count("\ufffd") - 1  # one character became the marks
    codes = [w.code for w in rep.source.warnings]
    assert codes == ["W-READ-001"] and "W-READ-001" in [w.code for w in rep.warnings]
    assert str(p) in str(rep.warnings[0])
    assert len(rep.measures) == 4
    _spans_right(rep)


def test_real_replacement_characters_are_not_counted_as_damage():
    text, enc = decode_bytes(("营商环境\ufffd" * 30).encode("utf-8"))
    assert enc == "utf-8" and text.count("\ufffd") == 30


def test_gbk_with_some_ascii_is_not_read_as_damaged_utf8():
    raw = ("Report 2021 " * 400 + "关于营商环境的报告").encode("gbk")
    warnings = []
    assert decode_bytes(raw, warnings=warnings) == ("Report 2021 " * 400 + "关于营商环境的报告", "gb18030")
    assert warnings == []


def test_damaged_gb18030_is_read_with_a_warning():
    raw = bytearray(SAMPLE.encode("gb18030"))
    raw[len(raw) // 2] = 0xFF
    warnings = []
    text, enc = decode_bytes(bytes(raw), "r.txt", warnings)
    assert enc == "gb18030" and [w.code for w in warnings] == ["W-READ-001"]
    assert text.startswith(SAMPLE[:20])


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "gb18030", "utf-8-sig"])
def test_encodings_still_read_without_warnings(tmp_path, encoding):
    p = tmp_path / "r.txt"
    p.write_bytes(SAMPLE.encode(encoding))
    src = read_source(p)
    assert src.text == SAMPLE and src.warnings == []


def test_mostly_garbage_is_still_refused(tmp_path):
    p = tmp_path / "r.txt"
    p.write_bytes(bytes(range(128, 256)) * 50)
    with pytest.raises(InputError):
        extract_report(p)


def test_html_carries_the_warning(tmp_path):
    raw = ("<html><body>" + "".join(f"<p>{ln}</p>" for ln in SAMPLE.splitlines()) + "</body></html>").encode()
    raw = raw.replace("审议".encode(), b"\xe5\xae\xff\xe8\xae\xae", 1)
    p = tmp_path / "r.html"
    p.write_bytes(raw)
    src = read_source(p)
    assert [w.code for w in src.warnings] == ["W-READ-001"] and "\ufffd" in src.text
