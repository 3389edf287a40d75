"""Loaders turn files into plain records (see :mod:`policygraph.records`).

``detect(path)`` picks a loader from a small registry of ``(kind, sniff)`` pairs, tried in order:
a laws-format Markdown file (``# Title`` first, after optional front matter) is a regulation, a CSV
is a catalogue, anything else readable is a report (text, web page, .docx, PDF). A sniff may also
refuse a file with a clear :class:`InputError` (a Markdown site page with front matter and no title).
Only regular files are read: a FIFO, a device or a folder given as a file is refused at once.
``iter_files(paths)`` expands folders.

>>> from policygraph.loaders.catalogue import DEFAULT_CATALOGUE
>>> detect(DEFAULT_CATALOGUE)
'catalogue'
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from .text import file_size, read_bytes

SUFFIXES = {".md", ".markdown", ".txt", ".text", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".csv", ".pdf"}
MARKDOWN = (".md", ".markdown")
# Files that describe a folder rather than hold a document.
SKIP_NAMES = ("readme", "notice", "license", "licence", "changelog", "_index")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*(?:\n|\Z)", re.S)


def _head_text(path: Path, n: int = 65536) -> str:
    """The start of a text file decoded leniently (enough to sniff it; UTF-16 by BOM or NULs)."""
    head = read_bytes(path, n)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:512].count(0) > len(head[:512]) // 4:
        enc = "utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else (
            "utf-16-be" if head[0:512:2].count(0) > head[1:512:2].count(0) else "utf-16-le")
        return head[: len(head) // 2 * 2].decode(enc, errors="replace")
    return head.decode("utf-8", errors="replace")  # a '# ' and '---' are the same bytes in GB18030


def _markdown_start(path: Path) -> tuple[bool, str]:
    """(has front matter, the first non-blank text after it)."""
    text = _head_text(path).lstrip("\ufeff").replace("\r\n", "\n")
    m = _FRONT_MATTER.match(text)
    rest = text[m.end():] if m else text
    return m is not None, rest.lstrip(" \t\r\n\u3000")


def _is_regulation(path: Path) -> bool:
    if path.suffix.lower() not in MARKDOWN:
        return False
    front, rest = _markdown_start(path)
    if rest.startswith("# "):
        return True
    if front:  # a site page (Hugo _index.md, a blog post): reading it as a report would be wrong
        raise InputError(path, "a Markdown page with front matter (--- … ---) and no '# Title' line after "
                               "it: not a regulation in the laws format, and not read as a report (for a "
                               "report, remove the front matter or save it as .txt)")
    return False


def _is_catalogue(path: Path) -> bool:
    # every CSV is read as a catalogue, so a comment line, UTF-16 or a wrong header gets the
    # catalogue reader's precise message instead of "unsupported file type"
    return path.suffix.lower() == ".csv"


def _is_report(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES - {".csv"}


# kind -> sniffing predicate; order matters (first match wins)
DETECTORS: list[tuple[str, Callable[[Path], bool]]] = [
    ("regulation", _is_regulation),
    ("catalogue", _is_catalogue),
    ("report", _is_report),
]


def detect(path: str | Path) -> str:
    """The kind of file: ``regulation``, ``catalogue`` or ``report``.

    Raises :class:`InputError` when the path is missing or not a regular file, or the file is of no
    kind the package reads.
    """
    p = Path(path)
    if not os.path.lexists(p):
        raise InputError(p, "no such file or folder")
    file_size(p)  # refuses folders, FIFOs and devices before anything opens them
    for kind, sniff in DETECTORS:
        if sniff(p):
            return kind
    raise InputError(p, f"unsupported file type {p.suffix or '(none)'}; expected one of "
                        f"{', '.join(sorted(SUFFIXES))}")


def _wanted(f: Path) -> bool:
    return (f.suffix.lower() in SUFFIXES and not f.name.lower().startswith(SKIP_NAMES)
            and not f.name.startswith(".") and f.is_file())


def _walk(folder: Path) -> list[Path]:
    """The files to read under ``folder``, sorted by path. Symbolic links to folders are not
    followed (a link loop cannot make the walk endless) and hidden folders are skipped."""
    out = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        out += [f for f in (Path(root) / name for name in files) if _wanted(f)]
    return sorted(out)


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand folders (recursively, sorted) into the files the package reads; files pass as they are
    (:func:`detect` then refuses what is not a regular file)."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            yield from _walk(p)
        elif os.path.lexists(p):
            yield p
        else:
            raise InputError(p, "no such file or folder")
