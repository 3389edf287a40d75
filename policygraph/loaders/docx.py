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
MAX_XML_BYTES = 256 * 1024 * 1024  # uncompressed main document part; a 300-page report is a few MB

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# run content -> the text it stands for (w:t holds text; deleted text is w:delText and not read)
_RUN_TEXT = {W + "tab": "\t", W + "ptab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}
# subtrees whose text is not the document's current text
_SKIPPED = {MC_FALLBACK, W + "moveFrom", W + "del"}
P, T, TC, TR, TBL, BR = W + "p", W + "t", W + "tc", W + "tr", W + "tbl", W + "br"
_TAGS = [P, T, TC, TR, TBL, *_RUN_TEXT, *_SKIPPED]
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


class _Builder:
    """Lines of a document from the start/end events of its elements (see :func:`iter_lines`)."""

    def __init__(self, path: Path):
        self.path = path
        self.lines: list[str] = []
        self.containers: list[list[str]] = [self.lines]  # the document, then each open table cell
        self.rows: list[list[str]] = []  # cells of each open table row
        self.paragraphs: list[list[str]] = []  # pieces of each open paragraph (text boxes nest them)
        self.skip = 0  # depth inside a skipped subtree
        self.size = 0

    def start(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skip += 1
        elif self.skip:
            return
        elif tag == P:
            self.paragraphs.append([])
        elif tag == TC:
            self.containers.append([])
        elif tag == TR:
            self.rows.append([])

    def end(self, tag: str, elem) -> None:
        if tag in _SKIPPED:
            self.skip -= 1
        elif self.skip:
            return
        elif tag == T or tag in _RUN_TEXT:
            self._piece(tag, elem)
        elif tag == P and self.paragraphs:
            self.containers[-1].append("".join(self.paragraphs.pop()))
        elif tag == TC and len(self.containers) > 1:
            cell = "\n".join(self.containers.pop()).strip()
            if self.rows:
                self.rows[-1].append(cell)
        elif tag == TR and self.rows:
            self.containers[-1].append("\t".join(self.rows.pop()))

    def _piece(self, tag: str, elem) -> None:
        if not self.paragraphs:
            return
        if tag == T:
            piece = elem.text or ""
        elif tag == BR and elem.get(W + "type") not in (None, "textWrapping"):
            piece = ""  # a page or column break is layout, not a line break (as in python-docx)
        else:
            piece = _RUN_TEXT[tag]
        self.paragraphs[-1].append(piece)
        self.size += len(piece)
        if self.size > _text.MAX_TEXT_CHARS:
            _text.check_length(self.path, self.size)


def iter_lines(stream, path: Path) -> list[str]:
    """The lines of a WordprocessingML main part read from ``stream`` (see the module docstring)."""
    from lxml import etree

    build = _Builder(path)
    parser = etree.iterparse(stream, events=("start", "end"), tag=_TAGS, resolve_entities=False,
                             no_network=True, load_dtd=False, remove_comments=True)
    for event, elem in parser:
        if event == "start":
            build.start(elem.tag)
            continue
        build.end(elem.tag, elem)
        if elem.tag in (P, TR, TBL):
            elem.clear()  # its text is taken: keep memory flat on a long document
            parent = elem.getparent()
            while parent is not None and elem.getprevious() is not None:
                del parent[0]
    return build.lines


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
