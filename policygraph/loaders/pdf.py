"""PDF reports as plain text, registered in :data:`policygraph.loaders.text.READERS`.

A page with a text layer is read with pypdfium2 (PDFium): its characters, line by line, with their
boxes. A page without one (a scan) is rendered and read by OCR (:mod:`policygraph.loaders.ocr`,
``pip install policygraph[ocr]``); without OCR such a PDF is an :class:`InputError` that says so.
Lines wrapped at the right margin are joined into paragraphs and page numbers dropped
(:mod:`policygraph.loaders.pdf_layout`), since the extractors read one paragraph per line.

``Source.text`` is the page texts joined by a newline (by nothing where a paragraph runs on from one
page to the next); ``Source.pages`` holds each page's ``(start, end)`` in it, so evidence spans can
name their page (``Source.page_of``). Pages read by OCR give a ``W-READ-002`` warning naming them.

>>> page1 = [Line("一是推进政务服务改革，已建", 0, 130, 0, 10), Line("成驿站30个。二是优化审批", 0, 130, 12, 22),
...          Line("流程。", 0, 30, 24, 34), Line("— 1 —", 55, 75, 60, 70)]
>>> page2 = [Line("三是强化监管。", 20, 90, 0, 10)]
>>> join_pages([page1, page2])
('一是推进政务服务改革，已建成驿站30个。二是优化审批流程。\\n三是强化监管。', [(0, 29), (30, 37)])
"""

from __future__ import annotations

import hashlib
import statistics
from pathlib import Path

from ..errors import InputError
from ..records import Source
from . import ocr
from . import text as _text
from .pdf_layout import Line, drop_page_numbers, em_of, glue, group_boxes, margins, paragraphs
from .text import read_warning, register_reader

MEDIA = "application/pdf"
MAX_OCR_PAGES = 300  # about 2 s a page on 2 cores: a 300-page scan is already a long wait
SCANNED_TEXT_CHARS = 20  # a page with fewer characters whose image covers it is read as a scan


def _pdfium():
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as pdfium_c
    except ImportError:  # pragma: no cover - pypdfium2 is a declared dependency
        return None, None
    return pdfium, pdfium_c


def text_lines(page, height: float) -> list[Line]:
    """The lines of a page's text layer, y downwards (PDFium marks line ends with CR LF)."""
    tp = page.get_textpage()
    try:
        n = tp.count_chars()
        whole = tp.get_text_range(0, n) if n else ""
        # one string character per PDFium character, unless the page has characters outside the
        # Basic Multilingual Plane (two UTF-16 units each): then ask character by character
        at = whole.__getitem__ if len(whole) == n else (lambda i: tp.get_text_range(i, 1))
        lines, chars, boxes = [], [], []
        for i in range(n):
            ch = at(i)
            if ch == "\n":
                _close_line(lines, chars, boxes, height)
                chars, boxes = [], []
            elif ch == "\t" or ch.isspace():
                chars.append(" ")
                boxes.append(None)
            elif ch >= " " and ch != "\ufffe":
                chars.append(ch)
                boxes.append(tp.get_charbox(i, loose=True))  # font-height boxes: 。 is as tall as 国
        _close_line(lines, chars, boxes, height)
        return lines
    finally:
        tp.close()


def _close_line(lines: list[Line], chars: list[str], boxes: list, height: float) -> None:
    text = "".join(chars).strip()
    real = [b for b in boxes if b is not None]
    if not text or not real:
        return
    left, right = min(b[0] for b in real), max(b[2] for b in real)
    top, bottom = height - max(b[3] for b in real), height - min(b[1] for b in real)
    lines.append(Line(" ".join(text.split()) if "  " in text else text, left, right, top, bottom))


def _is_scan(page, pdfium_c, n_chars: int) -> bool:
    """True for a page with (almost) no text whose area is mostly an image."""
    if n_chars >= SCANNED_TEXT_CHARS:
        return False
    if n_chars == 0:
        return True
    area = page.get_width() * page.get_height()
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = obj.get_pos()
        if (right - left) * (top - bottom) >= 0.5 * area:
            return True
    return False


def garbled(text: str) -> bool:
    """True for a text layer that is mostly characters with no meaning: U+FFFD or private-use code
    points, what PDFium gives for fonts without a Unicode map. Such a page is read by OCR.

    >>> garbled("\ue001\ue002\ue003" * 10), garbled("一是推进政务服务改革" * 3)
    (True, False)
    """
    chars = [c for c in text if not c.isspace()]
    if len(chars) < SCANNED_TEXT_CHARS:
        return False
    bad = sum(c == "\ufffd" or "\ue000" <= c <= "\uf8ff" for c in chars)
    return bad > 0.3 * len(chars)


def _blank(page) -> bool:
    """True for a page that renders (nearly) white: nothing to read on it."""
    img = page.render(scale=24 / 72, grayscale=True).to_pil()
    lo, _ = img.getextrema()
    return lo >= 245


def ocr_lines(page) -> tuple[list[Line], list[float]]:
    """The lines of a page read by OCR (in pixels of a :data:`ocr.DPI` rendering) and the scores."""
    image = page.render(scale=ocr.DPI / 72, grayscale=True).to_pil()
    found = ocr.recognise(image)
    lines = group_boxes([b[:5] for b in found])
    lines.sort(key=lambda ln: ln.top)
    return lines, [b[5] for b in found]


def _page_lines(path: Path, doc, pdfium_c) -> tuple[list[list[Line]], list[int]]:
    """Each page's lines, and the numbers (from 1) of the pages read by OCR."""
    pages, scanned, need = [], [], []
    for i in range(len(doc)):
        page = doc[i]
        try:
            lines = text_lines(page, page.get_height())
            text = "".join(ln.text for ln in lines)
            if (_is_scan(page, pdfium_c, len(text)) or garbled(text)) and not _blank(page):
                need.append(i)
            pages.append(lines)
        finally:
            page.close()
    if need:
        reason = ocr.unavailable_reason()
        if reason is not None:
            which = ("it has no usable text layer" if len(need) == len(pages)
                     else f"{len(need)} of its {len(pages)} pages have no usable text layer")
            raise InputError(path, f"scanned PDF: {which} and reading it needs OCR, but {reason}; "
                                   "install it with: pip install 'policygraph[ocr]'")
        if len(need) > MAX_OCR_PAGES:
            raise InputError(path, f"scanned PDF: {len(need)} pages need OCR, over the limit of {MAX_OCR_PAGES} "
                                   "(policygraph.loaders.pdf.MAX_OCR_PAGES)")
        for i in need:
            page = doc[i]
            try:
                pages[i], _scores = ocr_lines(page)
            except Exception as exc:  # the OCR engine's own errors (onnxruntime, OpenCV): name the page
                raise InputError(path, f"OCR failed on page {i + 1} ({type(exc).__name__}: {exc})") from None
            finally:
                page.close()
            scanned.append(i + 1)
    return pages, scanned


def join_pages(pages: list[list[Line]]) -> tuple[str, list[tuple[int, int]]]:
    """The text of the pages and each page's ``(start, end)`` in it (see the module docstring)."""
    pages = [drop_page_numbers(p) for p in pages]
    all_lines = [ln for p in pages for ln in p]
    em = em_of(all_lines) if all_lines else 1.0
    edges = [margins(p, em) for p in pages]
    known = [e for e in edges if e is not None]
    fallback = (statistics.median(e[0] for e in known), statistics.median(e[1] for e in known)) if known else None
    text, spans = "", []
    for i, lines in enumerate(pages):
        page_edges = edges[i] or fallback
        paras = paragraphs(lines, em, page_edges)
        if text and paras:
            prev_lines = pages[i - 1] if i else []
            runs_on = bool(prev_lines) and _runs_on(prev_lines[-1], lines[0], edges[i - 1] or fallback, em)
            text += glue(text, paras[0]) if runs_on else "\n"
        start = len(text)
        text += "\n".join(paras)
        spans.append((start, len(text)))
    return text, spans


def _runs_on(last: Line, first: Line, edges, em: float) -> bool:
    """A paragraph goes on from a page's last line to the next page's first line."""
    if edges is None or last.right < edges[1] - 1.6 * em:
        return False
    return first.left <= edges[0] + 0.8 * em


@register_reader(".pdf")
def read_pdf(path: Path, raw: bytes) -> Source:
    """Reader for PDF files: the text layer, or OCR for scanned pages; InputError for a damaged,
    encrypted or empty PDF, and for a scan when OCR is not installed."""
    pdfium, pdfium_c = _pdfium()
    if pdfium is None:  # pragma: no cover
        raise InputError(path, "reading PDF needs the pypdfium2 package (pip install pypdfium2)")
    if not raw.lstrip()[:5].startswith(b"%PDF"):
        raise InputError(path, "not a PDF file (it does not start with %PDF)")
    try:
        doc = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        problem = "password-protected" if "password" in str(exc).lower() else f"damaged ({exc})"
        raise InputError(path, f"cannot open the PDF: it is {problem}") from None
    try:
        if len(doc) == 0:
            raise InputError(path, "the PDF has no pages")
        pages, scanned = _page_lines(path, doc, pdfium_c)
    except pdfium.PdfiumError as exc:
        raise InputError(path, f"cannot read the PDF ({exc})") from None
    finally:
        doc.close()
    text, spans = join_pages(pages)
    _text.check_length(path, len(text))
    if not text.strip():
        raise InputError(path, "the PDF holds no text (blank pages only)")
    warnings = []
    if scanned:
        listed = ", ".join(map(str, scanned[:20])) + (" …" if len(scanned) > 20 else "")
        warnings.append(read_warning("W-READ-002", path, f"{len(scanned)} page(s) without a text layer were read by "
                                     f"OCR (pages {listed}): check names and figures against the PDF"))
    encoding = "pdf+ocr" if scanned else "pdf"
    return Source(str(path), text, encoding, MEDIA, hashlib.sha256(raw).hexdigest(), pages=spans,
                  warnings=warnings)
