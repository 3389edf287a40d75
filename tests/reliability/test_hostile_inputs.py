"""Bad input files through a real ``graphq load`` (issue 17, items 4, 5 and 9), each made here
(synthetic): a clear error naming the file and the problem, or a correct load; never a traceback,
never a hang, and a failed load leaves the store as it was.

The big inputs are small copies of the red team's (a report of one long line, a .docx whose one
text run is over libxml2's 10 MB text-node limit); their growth is measured in
benchmarks/inputs.py, not here.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, REPORT, STATE_COUNCIL

from policygraph import PolicyGraph
from policygraph.cli import main
from policygraph.loaders import docx as docx_mod
from policygraph.loaders.text import read_source

HEADER = ("title,short_title,version_date,level,issuer,doc_number,adopted,promulgated,effective,amended,"
          "revised,repealed,in_force,supersedes,based_on,text_file,region,note\n")
ROW = "{title},,2020-01-01,local_regulation,{issuer},,,,,,,,yes,,,{text_file},,{note}\n"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def row(title="测试条例", issuer="大连市人民代表大会常务委员会", text_file="", note="") -> str:
    return ROW.format(title=title, issuer=issuer, text_file=text_file, note=note)


def synthetic_docx(path: Path, body_xml: str) -> Path:
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body_xml}</w:body></w:document>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types '
                   'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", xml)
    return path


def _cases() -> dict[str, tuple[str | bytes | None, str | None]]:
    """name -> (its content, None for a FIFO; the error it must give, or None for a load that succeeds)."""
    rep = REPORT.read_text(encoding="utf-8")
    reg = STATE_COUNCIL.read_text(encoding="utf-8")
    cases: dict[str, tuple[str | bytes | None, str | None]] = {}

    def put(name: str, data: str | bytes | None, expect: str | None) -> None:
        cases[name] = (data, expect)

    # 4: code points that are not IRI characters, in a title, a unit and an issuer name
    for ch, tag in (("\ufffd", "fffd"), ("\ufffc", "fffc"), ("\ufe0f", "vs16"), ("\U000e0100", "vs17")):
        put(f"synthetic_{tag}_regulation/reg.md", reg.replace("# 优化营商环境条例", f"# 优化{ch}营商环境条例", 1), None)
        put(f"synthetic_{tag}_report.txt", rep.replace("市营商局", f"市营{ch}商局")
            .replace("《优化营商环境条例》", f"《优化{ch}营商环境条例》"), None)
        put(f"synthetic_{tag}_catalogue/cat.csv",
            HEADER + row(title=f"测试{ch}条例", issuer=f"大连市{ch}人大常委会", note=f"注{ch}"), None)
    put("synthetic_big_cell/cat.csv", HEADER + row(note='"' + "长" * 140_000 + '"'), "longer than 131,072")
    # 5: inputs that once hung
    put("synthetic_dense_brackets_report.txt", rep[:3000] + "《》" * 50_000 + rep[3000:], None)
    put("synthetic_one_long_line_report.txt",
        "关于落实的报告\n" + "市营商局落实《优化营商环境条例》，完成整改。" * 4_000, None)
    # the red team's 5 MB line: over the report limit, refused at once (it ran for more than 300 s)
    put("synthetic_five_mb_line_report.txt", "关于落实的报告\n" + "市营商局完成整改。" * 580_000, "MAX_REPORT_CHARS")
    # 9: catalogue and file edge cases
    put("synthetic_passwd/cat.csv", HEADER + row(text_file="/etc/passwd"), "outside the catalogue's folder")
    put("synthetic_dotdot/sub/cat.csv", HEADER + row(text_file="../reg.md"), "outside the catalogue's folder")
    put("synthetic_dotdot/reg.md", reg, None)  # the file the catalogue points at, not loaded itself
    put("synthetic_comment/cat.csv", "# a comment first\n" + HEADER + row(), None)
    put("synthetic_utf16/cat.csv", (HEADER + row()).encode("utf-16"), None)
    put("synthetic_no_title/cat.csv", HEADER.replace("title,", "name,", 1) + row(), "no 'title' column")
    put("synthetic_unclosed/cat.csv", HEADER + row(note='"open') + row(title="乙条例") + row(title="丙条例"),
        "quote left unclosed")
    put("synthetic_dup_header/cat.csv", HEADER.replace("note\n", "note,level\n") + row().rstrip("\n") + ",省级\n",
        "more than once")
    put("synthetic_front_matter.md", "---\ntitle: 页面\nlayout: post\n---\n\n" + rep[:3000], "front matter")
    put("synthetic_bad_byte_report.txt", rep[:2000].encode() + b"\xff\xfe" + rep[2000:].encode(), None)
    put("synthetic_fifo.txt", None, "named pipe")
    return cases


CASES = _cases()
LOADED = sorted(n for n in CASES if n != "synthetic_dotdot/reg.md")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    for name, (data, _) in CASES.items():
        p = folder / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if data is None:
            os.mkfifo(p)
        else:
            p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return folder


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = tmp_path_factory.mktemp("base") / "store"
    with PolicyGraph.open(path) as pg:
        pg.load([DATA / "catalogue.csv", DATA / "reports"])
        before = sorted(pg.export("nq").decode("utf-8").splitlines())
    return path, before


@pytest.mark.parametrize("name", LOADED)
def test_a_bad_input_gives_a_clear_error_or_loads(base, inputs, tmp_path, name):
    store = tmp_path / "store"
    shutil.copytree(base[0], store)
    path, expect = inputs / name, CASES[name][1]
    target = path.parent if name.endswith("cat.csv") or name.endswith("reg.md") else path
    res = CliRunner().invoke(main, ["--store", str(store), "load", "--no-link", str(target)])
    assert "Traceback" not in res.output, res.output
    with PolicyGraph.open(store) as pg:
        after = sorted(pg.export("nq").decode("utf-8").splitlines())
    if expect is None:
        assert res.exit_code == 0, res.output
        assert after != base[1]
    else:
        assert res.exit_code == 1 and isinstance(res.exception, SystemExit), res.output
        assert res.output.startswith("Error: ") and str(path) in res.output and expect in res.output, res.output
        assert after == base[1]  # a failed load changed nothing


def test_a_text_run_over_the_xml_text_node_limit_is_read(tmp_path):
    # libxml2 refuses a text node over 10 MB unless told otherwise: the file is not damaged
    run = "市营商局完成整改。" * 400_000  # 3.6M characters, 10.8 MB of UTF-8 in one <w:t>
    path = synthetic_docx(tmp_path / "synthetic_one_run.docx", f"<w:p><w:r><w:t>{run}</w:t></w:r></w:p>")
    assert read_source(path).text == run


def test_a_run_over_the_text_limit_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr("policygraph.loaders.text.MAX_TEXT_CHARS", 1_000_000)
    run = "市营商局完成整改。" * 400_000
    path = synthetic_docx(tmp_path / "synthetic_one_run.docx", f"<w:p><w:r><w:t>{run}</w:t></w:r></w:p>")
    res = CliRunner().invoke(main, ["--store", str(tmp_path / "s"), "load", str(path)])
    assert res.exit_code == 1 and "MAX_TEXT_CHARS" in res.output and str(path) in res.output, res.output
    assert docx_mod.MAX_XML_BYTES > path.stat().st_size
