"""Word documents (.docx) as plain text, registered in :data:`policygraph.loaders.text.READERS`.

Paragraphs become lines in document order; table cells follow their table, one row per line, cells
separated by a tab. A file that is not a valid .docx zip (truncated download, a renamed .doc)
raises :class:`~policygraph.errors.InputError` naming the file.

>>> import io, docx
>>> d = docx.Document(); _ = d.add_paragraph("关于X的报告"); buf = io.BytesIO(); d.save(buf)
>>> read_docx(Path("r.docx"), buf.getvalue()).text
'关于X的报告'
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from ..errors import InputError
from ..records import Source
from .text import normalise_newlines, register_reader

MEDIA = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _blocks(document):
    """Paragraphs and tables in body order (python-docx lists them separately)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(child, document).text
        elif tag == "tbl":
            for row in Table(child, document).rows:
                yield "\t".join(c.text.strip() for c in row.cells)


@register_reader(".docx")
def read_docx(path: Path, raw: bytes) -> Source:
    """Reader for .docx files; InputError for a broken zip or a document without text."""
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - python-docx is a declared dependency
        raise InputError(path, "reading .docx needs the python-docx package") from exc
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise InputError(path, "not a valid .docx file (not a zip archive; truncated, or an old .doc?)")
    try:
        document = docx.Document(io.BytesIO(raw))
        lines = list(_blocks(document))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(path, f"not a valid .docx file ({exc})") from exc
    except Exception as exc:  # lxml/python-docx errors on a damaged package
        raise InputError(path, f"cannot read the .docx file ({type(exc).__name__}: {exc})") from exc
    text = normalise_newlines("\n".join(lines)).strip("\n")
    if not text.strip():
        raise InputError(path, "the .docx document holds no text")
    return Source(str(path), text, "utf-8", MEDIA, hashlib.sha256(raw).hexdigest())
