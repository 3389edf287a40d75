"""PDF reports: real PDFs built from the shared reports with a CJK font from Debian's fonts-noto-cjk,
one with a text layer and one of page images only (a scan), read and extracted like the .txt."""

from __future__ import annotations

import difflib
import socket
import sys
from pathlib import Path

import pytest

from policygraph.errors import InputError
from policygraph.loaders import detect, ocr
from policygraph.loaders import pdf as pdf_mod
from policygraph.loaders.report import extract_report
from policygraph.loaders.text import READERS, read_source

sys.path.insert(0, str(Path(__file__).parent))
from pdf_maker import FONT, image_pdf, text_pdf  # noqa: E402

SHARED_REPORTS = Path(__file__).resolve().parents[3] / "shared" / "reports"
REPORTS = ["jilin_2026_gov-work-report_excerpt", "guangdong_2026_gov-work-report_excerpt",
           "dalian_2021-09-18_review-opinions-report", "guangdong_2026_gov-work-report"]

pytestmark = pytest.mark.skipif(not FONT.exists(), reason=f"{FONT} is absent (apt-get install fonts-noto-cjk)")


def _txt(name: str) -> Path:
    p = SHARED_REPORTS / f"{name}.txt"
    if not p.exists():
        pytest.skip(f"{p} is absent (the shared folder is not beside this checkout)")
    return p


def _lines(text: str) -> list[str]:
    """Non-blank lines with runs of whitespace as one space (what 'equal after whitespace
    normalisation' means here: the paragraphs must come out as the .txt's lines)."""
    return [" ".join(ln.split()) for ln in text.splitlines() if ln.strip()]


def _squash(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """name -> (txt path, text-layer PDF path); built once per module."""
    out = {}
    folder = tmp_path_factory.mktemp("pdf")
    for name in REPORTS:
        txt = _txt(name)
        out[name] = (txt, text_pdf(txt.read_text(encoding="utf-8"), folder / f"{name}.pdf"))
    return out


@pytest.fixture(scope="module")
def scanned(built, tmp_path_factory):
    """The Jilin excerpt as page images only (200 dpi), read once by OCR with sockets refused."""
    if not ocr.available():
        pytest.skip(f"OCR unavailable: {ocr.unavailable_reason()}")
    txt, text_layer = built[REPORTS[0]]
    path = image_pdf(text_layer, tmp_path_factory.mktemp("scan") / "jilin_scan.pdf")
    mp = pytest.MonkeyPatch()
    mp.setenv("HF_HUB_OFFLINE", "1")

    def refuse(*args, **kwargs):
        raise AssertionError("the OCR tried to open a network connection")

    mp.setattr(socket.socket, "connect", refuse)
    try:
        src = read_source(path)
    finally:
        mp.undo()
    return txt, path, src


def test_pdf_is_a_report_with_a_registered_reader(built):
    _, path = built[REPORTS[0]]
    assert ".pdf" in READERS and detect(path) == "report"


@pytest.mark.parametrize("name", REPORTS)
def test_text_layer_paragraphs_equal_the_txt(built, name):
    txt, path = built[name]
    src = read_source(path)
    assert src.media_type == "application/pdf" and src.encoding == "pdf"
    assert _lines(src.text) == _lines(txt.read_text(encoding="utf-8"))
    assert src.warnings == []


def test_pages_tile_the_text(built):
    txt, path = built["guangdong_2026_gov-work-report"]
    src = read_source(path)
    import pypdfium2

    assert len(src.pages) == len(pypdfium2.PdfDocument(str(path))) > 20
    assert src.pages[0][0] == 0 and src.pages[-1][1] == len(src.text)
    for (_, end), (start, _) in zip(src.pages, src.pages[1:], strict=False):
        assert start in (end, end + 1)  # joined by a newline, or run on mid-paragraph
    assert [src.page_of(s) for s, _ in src.pages] == list(range(1, len(src.pages) + 1))


def test_extraction_from_the_text_layer_matches_the_txt(built):
    txt, path = built["dalian_2021-09-18_review-opinions-report"]
    a, b = extract_report(path), extract_report(txt)
    assert [s.heading for s in a.sections] == [s.heading for s in b.sections]
    assert [(m.id, m.text, m.status) for m in a.measures] == [(m.id, m.text, m.status) for m in b.measures]
    assert {u.name for u in a.units} == {u.name for u in b.units}
    for m in a.measures:  # evidence spans point into the PDF's text and name their page
        assert a.source.text[m.start:m.end] == m.text
        assert 1 <= a.source.page_of(m.start) <= len(a.source.pages)
    assert a.to_json()["source"]["pages"] == [list(p) for p in a.source.pages]


def test_scanned_pdf_is_read_by_ocr_offline(scanned):
    txt, _, src = scanned
    truth = txt.read_text(encoding="utf-8")
    ratio = difflib.SequenceMatcher(None, _squash(src.text), _squash(truth), autojunk=False).ratio()
    assert ratio >= 0.95, ratio
    assert len(_lines(src.text)) == len(_lines(truth))  # wrapped lines joined into the same paragraphs
    assert src.encoding == "pdf+ocr" and len(src.pages) == 2
    assert [w.code for w in src.warnings] == ["W-READ-002"] and "pages 1, 2" in src.warnings[0].message


def test_scanned_pdf_extraction_matches_the_txt(scanned):
    txt, _, src = scanned
    a, b = extract_report(src), extract_report(txt)
    assert [s.heading for s in a.sections] == [s.heading for s in b.sections]
    got, want = {u.name for u in a.units}, {u.name for u in b.units}
    assert len(got & want) >= 0.8 * len(want)
    assert len(a.measures) == len(b.measures)
    assert "W-READ-002" in [w.code for w in a.warnings]  # the reader's warning reaches the report


def test_ocr_models_ship_inside_the_package():
    if ocr.model_dir() is None:
        pytest.skip("rapidocr is not installed")
    for name in ocr.MODELS.values():
        f = ocr.model_dir() / name
        assert f.is_file() and f.stat().st_size > 100_000, f


def test_scan_without_ocr_is_a_clear_error(built, tmp_path, monkeypatch):
    _, text_layer = built[REPORTS[0]]
    path = image_pdf(text_layer, tmp_path / "scan.pdf", dpi=60)
    monkeypatch.setattr(ocr, "unavailable_reason", lambda: "the rapidocr package is not installed")
    with pytest.raises(InputError) as exc:
        read_source(path)
    msg = str(exc.value)
    assert str(path) in msg and "scanned PDF" in msg and "policygraph[ocr]" in msg


def test_mixed_pdf_names_the_pages_without_text(built, tmp_path, monkeypatch):
    from pypdfium2 import PdfDocument

    _, text_layer = built["dalian_2021-09-18_review-opinions-report"]
    scan = image_pdf(text_layer, tmp_path / "scan.pdf", dpi=60)
    mixed = PdfDocument.new()
    mixed.import_pages(PdfDocument(str(text_layer)), [0])
    mixed.import_pages(PdfDocument(str(scan)), [1])
    mixed.save(tmp_path / "mixed.pdf")
    monkeypatch.setattr(ocr, "unavailable_reason", lambda: "the onnxruntime package is not installed")
    with pytest.raises(InputError, match="1 of its 2 pages have no usable text layer"):
        read_source(tmp_path / "mixed.pdf")


def test_blank_pages_are_skipped_and_a_blank_pdf_is_refused(tmp_path, monkeypatch):
    from fpdf import FPDF

    monkeypatch.setattr(ocr, "unavailable_reason", lambda: "not needed")
    doc = FPDF()
    doc.add_page()
    doc.add_page()
    doc.output(tmp_path / "blank.pdf")
    with pytest.raises(InputError, match="holds no text"):
        read_source(tmp_path / "blank.pdf")


@pytest.mark.parametrize("content, problem", [
    (b"%PDF-1.7\n garbage that is no PDF", "cannot open the PDF"),
    (b"GIF89a not a pdf at all", "not a PDF file"),
])
def test_damaged_pdf(tmp_path, content, problem):
    p = tmp_path / "bad.pdf"
    p.write_bytes(content)
    with pytest.raises(InputError, match=problem) as exc:
        read_source(p)
    assert str(p) in str(exc.value)


def test_truncated_pdf(built, tmp_path):
    _, path = built[REPORTS[0]]
    raw = path.read_bytes()
    p = tmp_path / "cut.pdf"
    p.write_bytes(raw[: len(raw) // 3])
    try:
        src = read_source(p)  # PDFium may recover the pages it can, or refuse: never another error
    except InputError as exc:
        assert str(p) in str(exc)
    else:
        assert src.text


def test_password_protected_pdf(tmp_path):
    from fpdf import FPDF

    doc = FPDF()
    doc.set_encryption(owner_password="owner", user_password="secret")
    doc.add_page()
    doc.add_font("noto", fname=str(FONT), collection_font_number=2)
    doc.set_font("noto", size=12)
    doc.cell(text="关于营商环境工作的报告")
    doc.output(tmp_path / "locked.pdf")
    with pytest.raises(InputError, match="password"):
        read_source(tmp_path / "locked.pdf")


def test_ocr_page_limit(built, tmp_path, monkeypatch):
    _, text_layer = built[REPORTS[0]]
    path = image_pdf(text_layer, tmp_path / "scan.pdf", dpi=60)
    monkeypatch.setattr(ocr, "unavailable_reason", lambda: None)
    monkeypatch.setattr(pdf_mod, "MAX_OCR_PAGES", 1)
    with pytest.raises(InputError, match="2 pages need OCR, over the limit of 1"):
        read_source(path)


def test_scan_with_a_page_number_in_its_text_layer(built, tmp_path, monkeypatch):
    """A scanner's PDF: a full-page image, and a few characters of text (a page number) on top."""
    import pypdfium2
    from fpdf import FPDF

    _, text_layer = built[REPORTS[0]]
    page = pypdfium2.PdfDocument(str(text_layer))[0].render(scale=60 / 72, grayscale=True).to_pil()
    page.save(tmp_path / "page.png")
    doc = FPDF(format="A4")
    doc.add_page()
    doc.image(str(tmp_path / "page.png"), x=0, y=0, w=210)
    doc.set_font("helvetica", size=9)
    doc.set_xy(100, 285)
    doc.cell(text="- 1 -")
    doc.output(tmp_path / "scan.pdf")
    monkeypatch.setattr(ocr, "unavailable_reason", lambda: "the rapidocr package is not installed")
    with pytest.raises(InputError, match="scanned PDF"):
        read_source(tmp_path / "scan.pdf")
