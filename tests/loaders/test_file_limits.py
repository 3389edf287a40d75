"""Only regular files are read, within size limits, and big inputs read in one pass.

The big inputs here are synthetic (made in the test): a 30 MB document.xml, a 5 MB line, deep
nesting. Their read times are measured in benchmarks/inputs.py, not here: these tests assert what
comes out.
"""

from __future__ import annotations

import io
import os
import threading
import zipfile
from pathlib import Path

import pytest

from policygraph.errors import InputError
from policygraph.loaders import detect, docx, iter_files
from policygraph.loaders import text as text_mod
from policygraph.loaders.html import read_html
from policygraph.loaders.text import read_bytes, read_source

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
PARA = "<w:p><w:r><w:t>一是推进政务服务改革，已建成驿站30个。</w:t></w:r></w:p>"


def synthetic_docx(path: Path, body_xml: str) -> Path:
    """A .docx (made by python-docx) whose document.xml body is replaced by ``body_xml``."""
    python_docx = pytest.importorskip("docx")
    buf = io.BytesIO()
    python_docx.Document().save(buf)
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body_xml}'
           "<w:sectPr/></w:body></w:document>")
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            zout.writestr(name, xml if name == "word/document.xml" else zin.read(name))
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    errors = []

    def read():
        for fn in (detect, read_source):
            try:
                fn(fifo)
            except InputError as exc:
                errors.append(str(exc))

    t = threading.Thread(target=read, daemon=True)
    t.start()
    t.join(10)  # a read that waits for a writer would still be running
    assert not t.is_alive(), "reading a FIFO hung"
    assert len(errors) == 2 and all("named pipe" in e and str(fifo) in e for e in errors)
    assert list(iter_files([tmp_path])) == []  # a folder walk passes it by


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_device_is_refused():
    with pytest.raises(InputError, match="character device"):
        read_source("/dev/zero")
    with pytest.raises(InputError, match="character device"):
        detect("/dev/zero")


def test_folder_given_as_a_file(tmp_path):
    (tmp_path / "r.txt").mkdir()
    with pytest.raises(InputError, match="is a folder"):
        read_source(tmp_path / "r.txt")


def test_size_limit(tmp_path, monkeypatch):
    p = tmp_path / "r.txt"
    p.write_text("关于某区营商环境工作的报告\n" * 100, encoding="utf-8")
    monkeypatch.setattr(text_mod, "MAX_FILE_BYTES", 1000)
    with pytest.raises(InputError, match=r"over the limit of .*MAX_FILE_BYTES") as exc:
        read_source(p)
    assert str(p) in str(exc.value)
    assert read_bytes(p, 10) == p.read_bytes()[:10]  # a head for sniffing is still allowed


def test_text_length_limit(tmp_path, monkeypatch):
    p = tmp_path / "r.txt"
    p.write_text("营商环境" * 1000, encoding="utf-8")
    monkeypatch.setattr(text_mod, "MAX_TEXT_CHARS", 3999)
    with pytest.raises(InputError, match="4,000 characters, over the limit of 3,999"):
        read_source(p)


def test_one_five_megabyte_line(tmp_path):
    line = "推进政务服务改革，已建成驿站30个。" * 300_000  # 5.4 million characters, no line break
    for name, content in [("long.txt", line), ("long.html", f"<html><body><p>{line}</p></body></html>")]:
        p = tmp_path / name
        p.write_text("关于某市营商环境工作的报告\n" + line if name.endswith("txt") else content, encoding="utf-8")
        src = read_source(p)
        assert line in src.text


def test_thirty_megabyte_document_xml_is_streamed(tmp_path):
    n = 30_000_000 // len(PARA.encode())
    p = synthetic_docx(tmp_path / "big.docx", PARA * n)
    src = read_source(p)
    assert src.text.count("\n") == n - 1 and src.text.startswith("一是推进政务服务改革")


def test_docx_zip_bomb_gets_a_clear_error(tmp_path, monkeypatch):
    p = synthetic_docx(tmp_path / "bomb.docx", PARA * 2000)
    monkeypatch.setattr(docx, "MAX_XML_BYTES", 50_000)
    with pytest.raises(InputError, match="uncompressed.*MAX_XML_BYTES"):
        read_source(p)


def test_docx_tables_text_boxes_and_breaks(tmp_path):
    body = ("<w:p><w:r><w:t>标题</w:t><w:br/><w:t>第二行</w:t><w:br w:type=\"page\"/><w:t>续</w:t></w:r></w:p>"
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>指标</w:t></w:r></w:p></w:tc>"
            "<w:tc><w:p><w:r><w:t>95%</w:t></w:r></w:p><w:p><w:r><w:t>说明</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
            "<w:p><w:del><w:r><w:delText>删去的</w:delText></w:r></w:del><w:r><w:t>保留</w:t></w:r></w:p>")
    src = read_source(synthetic_docx(tmp_path / "t.docx", body))
    assert src.text == "标题\n第二行续\n指标\t95%\n说明\n保留"


def test_docx_damaged_xml(tmp_path):
    p = synthetic_docx(tmp_path / "bad.docx", "<w:p><w:r><w:t>一是</w:r></w:p>")
    with pytest.raises(InputError, match="damaged"):
        read_source(p)


def test_deep_div_nesting_is_refused_not_parsed(tmp_path):
    html = "<html><body>" + "<div>一是推进。" * 20_000 + "</div>" * 20_000 + "</body></html>"
    with pytest.raises(InputError, match="20,000 deep"):
        read_html(tmp_path / "deep.html", html.encode())


def test_nested_link_lists_are_dropped_outermost_first(tmp_path):
    menu = "<ul><li><a href=a>首页</a></li><li><a href=b>机构</a></li><li><ul><li><a>子菜单</a></li></ul></li></ul>"
    html = f"<html><body>{menu}<div>{'<div>' * 300}<p>一是推进政务服务改革。</p>{'</div>' * 300}</div></body></html>"
    assert read_html(tmp_path / "r.html", html.encode()).text == "一是推进政务服务改革。"
