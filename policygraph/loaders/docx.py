"""Word documents (.docx) as plain text, registered in :data:`policygraph.loaders.text.READERS`.

Paragraphs become lines in document order; a table gives one line per row, cells separated by a tab
(the paragraphs of a cell joined by a newline, as python-docx's ``cell.text``). Text boxes give
their own lines, once (the VML fallback copy Word also stores is skipped). The main document part is
stream-parsed (lxml ``iterparse``), so time and memory grow with its size, never faster; its
uncompressed size is capped by :data:`MAX_XML_BYTES` (a zip bomb gets a clear error). A file that is
not a valid .docx zip (truncated download, a renamed .doc) raises
:class:`~policygraph.errors.InputError` naming the file.

>>> import io, docx
>>> d = docx.Document(); _ = d.add_paragraph("关于X的报告"); buf = io.BytesIO(); d.save(buf)
>>> read_docx(Path("r.docx"), buf.getvalue()).text
'关于X的报告'
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from pathlib import Path

from ..errors import InputError
from ..records import Source
from . import text as _text
from .text import normalise_newlines, register_reader

MEDIA = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_XML_BYTES = 128 * 1024 * 1024  # uncompressed main document part; a 300-page report is a few MB

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# run content -> the text it stands for (w:t holds text; deleted text is w:delText and not read)
_RUN_TEXT = {W + "tab": "\t", W + "ptab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}
# subtrees whose text is not the document's current text
_SKIPPED = {MC_FALLBACK, W + "moveFrom", W + "del"}
P, T, TC, TR, TBL, BR = W + "p", W + "t", W + "tc", W + "tr", W + "tbl", W + "br"
_WALK_TAGS = (P, T, TBL, *_RUN_TEXT, *_SKIPPED)
_HOLDERS = {P, TBL}
_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "moveTo", W + "smartTag"}
_OFFICE_DOC = re.compile(rb'Type="[^"]*/officeDocument"[^>]*Target="/?([^"]+)"|'
                         rb'Target="/?([^"]+)"[^>]*Type="[^"]*/officeDocument"')


class _Capped(io.RawIOBase):
    """A read-only stream that raises once more than ``limit`` bytes have been read from it."""

    def __init__(self, stream, limit: int, path: Path):
        self._s, self._left, self._path = stream, limit, path

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        data = self._s.read(len(b))
        self._left -= len(data)
        if self._left < 0:
            raise InputError(self._path, f"the .docx document part is over {MAX_XML_BYTES // 2**20} MB "
                                         "uncompressed (policygraph.loaders.docx.MAX_XML_BYTES)")
        b[: len(data)] = data
        return len(data)


def _main_part(zf: zipfile.ZipFile) -> str:
    """The name of the main document part (from the package relationships; word/document.xml)."""
    try:
        rels = zf.read("_rels/.rels")[:65536]
    except KeyError:
        rels = b""
    m = _OFFICE_DOC.search(rels)
    name = (m.group(1) or m.group(2)).decode("utf-8", "replace") if m else "word/document.xml"
    return name if name in zf.NameToInfo else "word/document.xml"


def _run_text(el) -> str:
    if el.tag == T:
        return el.text or ""
    if el.tag == BR and el.get(W + "type") not in (None, "textWrapping"):
        return ""  # a page or column break is layout, not a line break (as in python-docx)
    return _RUN_TEXT[el.tag]


def paragraph_text(p, out: list[str]) -> str:
    """The text of the paragraph ``p``. Lines of what is nested in it (a text box's paragraphs, a
    table) go to ``out`` first; deleted and fallback copies are skipped."""
    pieces = []
    it = p.iter(*_WALK_TAGS)
    next(it)  # p itself
    for el in it:  # the common case, a paragraph of runs, in one pass of lxml's C iterator
        if el.tag == T or el.tag in _RUN_TEXT:
            pieces.append(_run_text(el))
        else:  # something nested or skipped: walk the children by hand
            pieces = []
            _walk(p, pieces, out)
            break
    return "".join(pieces)


def _walk(el, pieces: list[str], out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag in _SKIPPED:
            continue
        if tag == T or tag in _RUN_TEXT:
            pieces.append(_run_text(child))
        elif tag == P or tag == TBL:
            blocks(child, out)
        else:
            _walk(child, pieces, out)


def blocks(el, out: list[str]) -> None:
    """Append the lines of a block element (paragraph, table, or a wrapper such as w:sdt) to ``out``."""
    tag = el.tag
    if tag == P:
        out.append(paragraph_text(el, out))
    elif tag == TBL:
        for tr in _within(el, TR):
            cells = []
            for tc in _within(tr, TC):
                lines: list[str] = []
                for child in tc:
                    blocks(child, lines)
                cells.append("\n".join(lines).strip())
            out.append("\t".join(cells))
    elif tag not in _SKIPPED and isinstance(tag, str):
        for child in el:
            blocks(child, out)


def _within(el, tag: str):
    """The ``tag`` children of ``el``, also those wrapped in content controls (w:sdt, w:customXml)."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _within(child, tag)


def _is_top(el) -> bool:
    """True for a paragraph or table no other paragraph or table holds (it is read on its own)."""
    up = el.getparent()
    while up is not None:
        if up.tag in _HOLDERS:
            return False
        up = up.getparent()
    return True


def iter_lines(stream, path: Path) -> list[str]:
    """The lines of a WordprocessingML main part read from ``stream`` (see the module docstring).

    Streamed: each top-level paragraph or table is read when its end tag arrives, then dropped
    from the tree, so memory stays flat and time grows with the size of the part.
    """
    from lxml import etree

    lines: list[str] = []
    size = 0
    # huge_tree: one text run may be over libxml2's 10 MB text-node limit (a pasted report in one
    # run); the part's size (MAX_XML_BYTES) and the text's length (MAX_TEXT_CHARS) are the bounds
    parser = etree.iterparse(stream, events=("end",), tag=(P, TBL), resolve_entities=False, no_network=True,
                             load_dtd=False, remove_comments=True, remove_pis=True, huge_tree=True)
    for _event, elem in parser:
        if not _is_top(elem):
            continue  # read with the paragraph or table that holds it
        n = len(lines)
        blocks(elem, lines)
        size += sum(len(x) + 1 for x in lines[n:])
        if size > _text.MAX_TEXT_CHARS:
            _text.check_length(path, size)
        parent = elem.getparent()
        elem.clear()  # its text is taken: keep memory flat on a long document
        while parent is not None and elem.getprevious() is not None:
            del parent[0]
    return lines


@register_reader(".docx")
def read_docx(path: Path, raw: bytes) -> Source:
    """Reader for .docx files; InputError for a broken zip or a document without text."""
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise InputError(path, "not a valid .docx file (not a zip archive; truncated, or an old .doc?)")
    try:
        from lxml import etree
    except ImportError as exc:  # pragma: no cover - lxml comes with python-docx, a declared dependency
        raise InputError(path, "reading .docx needs the lxml package") from exc
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            name = _main_part(zf)
            if zf.getinfo(name).file_size > MAX_XML_BYTES:
                raise InputError(path, f"the .docx document part is over {MAX_XML_BYTES // 2**20} MB "
                                       "uncompressed (policygraph.loaders.docx.MAX_XML_BYTES)")
            with zf.open(name) as member:
                lines = iter_lines(io.BufferedReader(_Capped(member, MAX_XML_BYTES, path)), path)
    except InputError:
        raise
    except KeyError:
        raise InputError(path, "not a valid .docx file (no word/document.xml part)") from None
    except etree.XMLSyntaxError as exc:
        raise InputError(path, f"the .docx document XML is damaged ({exc})") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, EOFError, OSError,
            ValueError) as exc:
        # a truncated or corrupt member, an unsupported compression method
        raise InputError(path, f"not a valid .docx file ({type(exc).__name__}: {exc})") from None
    text = normalise_newlines("\n".join(lines)).strip("\n")
    if not text.strip():
        raise InputError(path, "the .docx document holds no text")
    return Source(str(path), text, "utf-8", MEDIA, hashlib.sha256(raw).hexdigest())
