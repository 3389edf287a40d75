"""Building real PDFs from report texts for the tests: one with a text layer (fpdf2, Noto Sans CJK SC
from Debian's fonts-noto-cjk), and one of page images only, as a scanner makes (PDFium renders the
first, Pillow writes the images as a PDF).

Layout as Chinese government documents set it: A4, the title centred, every other paragraph
indented by two full-width spaces, 12-point body text wrapping at the right margin.
"""

from __future__ import annotations

from pathlib import Path

FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SC = 2  # the face of the collection with Simplified Chinese forms (fc-list shows the index)


def text_pdf(text: str, out: Path) -> Path:
    """``out``: a PDF with a text layer, one paragraph per non-blank line of ``text``."""
    from fpdf import FPDF

    doc = FPDF(format="A4")
    doc.set_margins(25, 25, 25)
    doc.set_auto_page_break(True, margin=25)
    doc.add_font("noto", fname=str(FONT), collection_font_number=SC)
    doc.set_font("noto", size=12)
    doc.add_page()
    lines = [ln for ln in text.splitlines() if ln.strip()]
    for i, line in enumerate(lines):
        if i == 0:
            doc.multi_cell(0, 9, line, align="C", new_x="LMARGIN", new_y="NEXT")
        else:
            doc.multi_cell(0, 7, "\u3000\u3000" + line, new_x="LMARGIN", new_y="NEXT")
    doc.output(str(out))
    return out


def image_pdf(source: Path, out: Path, dpi: int = 200) -> Path:
    """``out``: the pages of the PDF ``source`` as grey images only (no text layer)."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(source))
    images = [doc[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(doc))]
    images[0].save(out, save_all=True, append_images=images[1:], resolution=dpi)
    doc.close()
    return out
