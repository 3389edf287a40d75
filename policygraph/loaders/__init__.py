"""Loaders turn files into plain records (see :mod:`policygraph.records`).

``detect(path)`` picks a loader from a small registry of ``(kind, sniff)`` pairs, tried in order:
a laws-format Markdown file is a regulation, a CSV with a ``title`` column is a catalogue, anything
else readable is a report. ``iter_files(paths)`` expands folders.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import InputError

SUFFIXES = {".md", ".markdown", ".txt", ".text", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".csv"}
# Files that describe a folder rather than hold a document.
SKIP_NAMES = ("readme", "notice", "license", "licence", "changelog", "_index")


def _head(path: Path, n: int = 4096) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(n)
    except OSError as exc:
        raise InputError(path, f"cannot read the file ({exc.strerror or exc})") from exc


def _is_regulation(path: Path) -> bool:
    if path.suffix.lower() not in (".md", ".markdown"):
        return False
    head = _head(path).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"# ")


def _is_catalogue(path: Path) -> bool:
    if path.suffix.lower() != ".csv":
        return False
    first = _head(path, 1024).lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    return b"title" in first.lower()


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

    Raises :class:`InputError` when the file is of no kind the package reads.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(p, "no such file or folder")
    for kind, sniff in DETECTORS:
        if sniff(p):
            return kind
    raise InputError(p, f"unsupported file type {p.suffix or '(none)'}; expected one of "
                        f"{', '.join(sorted(SUFFIXES))}")


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand folders (recursively, sorted) into the files the package reads; files pass as they are."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if (f.is_file() and f.suffix.lower() in SUFFIXES
                        and not f.name.lower().startswith(SKIP_NAMES) and not f.name.startswith(".")):
                    yield f
        elif p.exists():
            yield p
        else:
            raise InputError(p, "no such file or folder")
