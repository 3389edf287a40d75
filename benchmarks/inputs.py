"""Read times of big and awkward inputs, at n, 2n, 4n and 8n, against the former readers in the same run.

Inputs are synthetic, made here: a .docx whose document.xml is 7.5/15/30 MB of paragraphs (and of
one big table), an HTML page of nested <div>s with a menu, a report of one long line (read, and
read with extraction: the report's units, documents and measures); and PDFs built
from ../shared/reports (text layer; with --ocr also page images read by OCR). The baselines are the
readers as they were before streaming: python-docx's object model for .docx, a text() per block for
HTML link lists. Times are CPU seconds (OCR: wall seconds); growth is the time at 8n over the time
at n (8.0 is linear).

    python benchmarks/inputs.py [--ocr] [--quick]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "loaders"))

from policygraph.loaders.docx import read_docx  # noqa: E402
from policygraph.loaders.html import _link_lists  # noqa: E402
from policygraph.loaders.text import read_source  # noqa: E402

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
PARA = "<w:p><w:r><w:t>一是推进政务服务改革，已建成驿站30个。</w:t></w:r></w:p>"
ROW = "<w:tr>" + "<w:tc><w:p><w:r><w:t>指标95%</w:t></w:r></w:p></w:tc>" * 10 + "</w:tr>"
SHARED = ROOT.parent / "shared" / "reports"


def timed(fn, repeat: int = 1) -> float:
    """CPU seconds of ``fn`` (best of ``repeat``): the machine is shared, so wall time is noisy."""
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def docx_bytes(body: str) -> bytes:
    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>'
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            zout.writestr(name, xml if name == "word/document.xml" else zin.read(name))
    return out.getvalue()


def docx_baseline(raw: bytes) -> int:
    """The former reader: python-docx's paragraphs and table rows in body order."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    d = docx.Document(io.BytesIO(raw))
    n = 0
    for child in d.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            n += len(Paragraph(child, d).text)
        elif tag == "tbl":
            for row in Table(child, d).rows:
                n += sum(len(c.text) for c in row.cells)
    return n


def links_baseline(body) -> int:
    """The former link-list test: each block's whole text and links, once per block."""
    n = 0
    for node in body.css("ul, ol, table, div, p"):
        text = node.text(deep=True, separator="").strip()
        if text and len(text) <= 400:
            links = sum(len(a.text(deep=True, separator="").strip()) for a in node.css("a"))
            n += links / len(text) > 0.7 and len(node.css("a")) >= 2
    return n


def row(label: str, sizes: list[str], new: list[float], old: list[float] | None) -> None:
    cells = "  ".join(f"{s}: {t:6.2f} s" for s, t in zip(sizes, new, strict=True))
    growth = new[-1] / new[0] if new[0] else float("nan")
    line = f"{label:34} {cells}   growth x{growth:4.1f}"
    if old:
        line += "   former: " + "  ".join(f"{t:6.2f} s" for t in old) + f"   speed-up at 8n x{old[-1] / new[-1]:5.1f}"
    print(line, flush=True)


def bench_docx(mb: list[float], baseline: bool) -> None:
    for label, unit, wrap in (("docx paragraphs", PARA, "{}"), ("docx one table", ROW, "<w:tbl>{}</w:tbl>")):
        raws = [docx_bytes(wrap.format(unit * int(m * 1e6 // len(unit.encode())))) for m in mb]
        new = [timed(lambda r=r: read_docx(Path("b.docx"), r)) for r in raws]
        old = [timed(lambda r=r: docx_baseline(r)) for r in raws] if baseline else None
        row(label, [f"{m:g} MB" for m in mb], new, old)


def bench_html(depths: list[int], baseline: bool) -> None:
    from selectolax.lexbor import LexborHTMLParser

    menu = "<ul><li><a href=a>首页</a></li><li><a href=b>机构</a></li></ul>"
    # parsed once, outside the timing: the pass over the tree is what changed (neither mutates it)
    trees = [LexborHTMLParser(f"<html><body>{menu}" + "<div>一是推进。" * d + "</div>" * d + "</body></html>")
             for d in depths]
    new = [timed(lambda t=t: _link_lists(t.body), repeat=3) for t in trees]
    old = [timed(lambda t=t: links_baseline(t.body)) for t in trees] if baseline else None
    row("html link lists, nested <div>s", [f"{d} deep" for d in depths], new, old)


def bench_long_line(mb: list[float], folder: Path) -> None:
    unit = "推进政务服务改革，已建成驿站30个。"
    times = []
    for m in mb:
        for suffix, wrap in ((".txt", "{}"), (".html", "<html><body><p>{}</p></body></html>")):
            p = folder / f"line{m}{suffix}"
            p.write_text(wrap.format(unit * int(m * 1e6 // len(unit.encode()))), encoding="utf-8")
        times.append((timed(lambda m=m: read_source(folder / f"line{m}.txt")),
                      timed(lambda m=m: read_source(folder / f"line{m}.html"))))
    row("text, one line", [f"{m:g} MB" for m in mb], [t[0] for t in times], None)
    row("html, one line", [f"{m:g} MB" for m in mb], [t[1] for t in times], None)


def bench_long_line_extraction(chars: list[int], folder: Path) -> None:
    """Read and extract a report of one line: every mention is on it (the red team's 5 MB line)."""
    from policygraph.loaders.report import extract_report

    unit = "市营商局落实《优化营商环境条例》，完成整改。"
    warm = folder / "warm.txt"  # the first extraction reads the data files: not part of the figure
    warm.write_text("关于落实的报告\n" + unit, encoding="utf-8")
    extract_report(read_source(warm))
    times = []
    for n in chars:
        p = folder / f"report{n}.txt"
        p.write_text("关于落实的报告\n" + unit * (n // len(unit)), encoding="utf-8")
        times.append(timed(lambda p=p: extract_report(read_source(p))))
    row("report of one line, extracted", [f"{n // 1000}k ch" for n in chars], times, None)


def bench_pdf(folder: Path, ocr: bool) -> None:
    from pdf_maker import FONT, image_pdf, text_pdf

    if not FONT.exists() or not SHARED.exists():
        print("pdf: skipped (no Noto CJK font or no ../shared/reports)")
        return
    for name in ("jilin_2026_gov-work-report_excerpt", "guangdong_2026_gov-work-report"):
        pdf = text_pdf((SHARED / f"{name}.txt").read_text(encoding="utf-8"), folder / f"{name}.pdf")
        src = read_source(pdf)
        t = timed(lambda p=pdf: read_source(p), repeat=3)
        print(f"pdf text layer {name:40} {len(src.pages):3} pages {t:6.2f} s  {t / len(src.pages) * 1000:6.1f} ms/page")
    if ocr:
        import difflib

        name = "jilin_2026_gov-work-report_excerpt"
        scan = image_pdf(folder / f"{name}.pdf", folder / "scan.pdf")
        t = time.perf_counter()
        src = read_source(scan)
        t = time.perf_counter() - t
        truth = "".join((SHARED / f"{name}.txt").read_text(encoding="utf-8").split())
        ratio = difflib.SequenceMatcher(None, "".join(src.text.split()), truth, autojunk=False).ratio()
        print(f"pdf OCR {name:47} {len(src.pages):3} pages {t:6.2f} s  {t / len(src.pages):6.1f} s/page  "
              f"character similarity to the .txt {ratio:.4f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ocr", action="store_true", help="also read a scanned PDF by OCR (slow)")
    ap.add_argument("--quick", action="store_true", help="smaller inputs, no baselines")
    args = ap.parse_args()
    scale = 0.25 if args.quick else 1.0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        grow = (1, 2, 4, 8)
        bench_docx([3.75 * scale * k for k in grow], baseline=not args.quick)
        bench_html([int(2500 * scale) * k for k in grow], baseline=not args.quick)
        bench_long_line([0.625 * scale * k for k in grow], folder)
        bench_long_line_extraction([int(50_000 * scale) * k for k in grow], folder)
        bench_pdf(folder, args.ocr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
