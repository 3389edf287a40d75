"""Mutated files through detect and the readers: only the package's own errors, never another
exception, never a hang.

Hypothesis flips, inserts, deletes and duplicates bytes of small real inputs of every kind the
package reads (a report as text, web page, .docx and PDF; a regulation; a catalogue) and gives the
result any of the suffixes. A watchdog timer turns a read that runs on into a failure.
"""

from __future__ import annotations

import io
import signal
import tempfile
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policygraph.errors import PolicyGraphError
from policygraph.loaders import SUFFIXES, detect, ocr
from policygraph.loaders.catalogue import read_catalogue
from policygraph.loaders.law import read_regulation
from policygraph.loaders.report import extract_report
from policygraph.loaders.text import read_source

ROOT = Path(__file__).resolve().parents[2]
REPORT = (ROOT / "tests" / "fixtures" / "reports" / "synthetic_qingdao_2020_review-report.txt").read_text(encoding="utf-8")
LAW = "\n".join((ROOT / "policygraph" / "data" / "regulations" / "优化营商环境条例(2019-10-22).md")
                .read_text(encoding="utf-8").splitlines()[:40])
WATCHDOG_S = 20  # far above what a small input takes; only a hang reaches it


def _docx(text: str) -> bytes:
    import docx

    d = docx.Document()
    for line in text.splitlines()[:12]:
        d.add_paragraph(line)
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "指标", "95%"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _pdf(text: str) -> bytes:
    from fpdf import FPDF

    doc = FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=11)
    for line in text.splitlines():  # Latin text: the core font needs no font file
        doc.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


def _seeds() -> dict[str, bytes]:
    html = ("<html><head><meta charset='utf-8'><title>关于X的报告_某网</title></head><body><nav><a>首页</a>"
            "<a>要闻</a></nav>" + "".join(f"<p>{ln}</p>" for ln in REPORT.splitlines()[:10]) + "</body></html>")
    seeds = {
        ".txt": REPORT[:1500].encode("utf-8"),
        ".gbk.txt": REPORT[:800].encode("gb18030"),
        ".u16.txt": REPORT[:600].encode("utf-16"),
        ".html": html.encode("utf-8"),
        ".md": LAW.encode("utf-8"),
        ".csv": ("# 目录\ntitle,short_title,version_date,level,adopted,in_force,note\n"
                 '某条例,某条例,2020-01-01,local_regulation,2020-01-01,yes,"说明, 含逗号"\n'
                 "乙法,,2019,law,2019,no,\n").encode(),
    }
    try:
        seeds[".docx"] = _docx(REPORT)
    except ImportError:
        pass
    try:
        seeds[".pdf"] = _pdf("Report on the business environment\n1. Work done\n" * 8)
    except ImportError:
        pass
    return seeds


SEEDS = _seeds()


@st.composite
def mutated(draw):
    """(suffix, bytes): a seed changed by a few random edits, under its own or another suffix."""
    kind = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[kind])
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "duplicate", "zero"]))
        i = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[i] = draw(st.integers(0, 255))
        elif op == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del data[i:i + draw(st.integers(1, 64))]
        elif op == "truncate":
            del data[i:]
        elif op == "duplicate":
            data[i:i] = data[i:i + draw(st.integers(1, 200))] * draw(st.integers(1, 5))
        elif op == "zero":
            data[i:i + 8] = b"\x00" * 8
    own = "." + kind.rsplit(".", 1)[-1]
    suffix = draw(st.sampled_from([own] * 4 + sorted(SUFFIXES)))
    return suffix, bytes(data)


@contextmanager
def watchdog(seconds: int):
    """Raise TimeoutError in the test if the block runs longer than ``seconds`` (a hang)."""
    if not hasattr(signal, "setitimer"):  # pragma: no cover - not on Windows
        yield
        return

    def expire(signum, frame):
        raise TimeoutError(f"a read ran for more than {seconds} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


READ = {"regulation": read_regulation, "catalogue": read_catalogue, "report": read_source}


def _read_one(suffix: str, data: bytes, extract: bool) -> None:
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as mp:
        mp.setattr(ocr, "unavailable_reason", lambda: "OCR is off in the fuzz tests")
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        with watchdog(WATCHDOG_S):
            try:
                kind = detect(path)
                READ[kind](path)
                if extract and kind == "report":
                    extract_report(path)
            except PolicyGraphError as exc:
                assert str(path) in str(exc), f"the error does not name the file: {exc}"


# deadline: an example slower than this fails (a read that is merely slow); the watchdog ends a hang
FUZZ = settings(max_examples=150, deadline=timedelta(seconds=10), derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(mutated())
def test_mutated_files_give_only_package_errors(case):
    _read_one(*case, extract=False)


@FUZZ
@given(mutated())
def test_mutated_reports_extract_or_give_package_errors(case):
    _read_one(*case, extract=True)


def test_seeds_read_cleanly():
    """The unmutated seeds are read (so the fuzzing starts from inputs that work)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ocr, "unavailable_reason", lambda: "OCR is off in the fuzz tests")
        with tempfile.TemporaryDirectory() as folder:
            for kind, data in SEEDS.items():
                path = Path(folder) / f"seed{'.' + kind.rsplit('.', 1)[-1]}"
                path.write_bytes(data)
                READ[detect(path)](path)
