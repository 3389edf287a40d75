"""Reading files into decoded text: regular files only, size limits, encodings, clear errors.

Government files come as UTF-8 (with or without BOM), GB18030/GBK and UTF-16. This module turns
bytes into a :class:`~policygraph.records.Source` or raises :class:`~policygraph.errors.InputError`
naming the file and the problem. Format-specific readers (HTML, .docx, PDF) register in ``READERS``.

Limits (module constants, read at call time so a caller may raise them):

* :data:`MAX_FILE_BYTES`: the largest input file read (a FIFO, a device or a folder is never read);
* :data:`MAX_TEXT_CHARS`: the longest decoded text one file may give.

A file that is nearly all valid UTF-8 (or GB18030) with a few bad bytes is read with those bytes
replaced by U+FFFD and a coded warning ``W-READ-001`` on ``Source.warnings``; offsets refer to the decoded
text, replacement characters included, so spans stay right.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from ..records import ExtractionWarning, Source

MAX_FILE_BYTES = 128 * 1024 * 1024  # a scanned PDF of a long report is tens of MB; text is far less
MAX_TEXT_CHARS = 10_000_000  # about 30 times the longest regulation (刑事诉讼规则, 313 kB)

# Codes of what a reader had to do (Source.warnings; the extractors use W1xx).
READ_WARNINGS = {
    "W-READ-001": "bytes not valid in the file's encoding were replaced by U+FFFD",
    "W-READ-002": "pages without a text layer were read by OCR: check names and figures against the PDF",
    "W-READ-003": "article numbers repeat (kept as 第N条, then artN-dup2, -dup3 …): check the file's structure",
}

# suffix -> reader(path, raw bytes) -> Source. Other modules add HTML, .docx and PDF readers.
READERS: dict[str, Callable[[Path, bytes], Source]] = {}
# the modules of this package whose readers register themselves on import (see read_source)
BUILTIN_READERS = ("html", "docx", "pdf")

# what a path that is not a regular file is, in words (the first predicate that matches)
_NOT_REGULAR: list[tuple[Callable[[int], bool], str]] = [
    (stat.S_ISDIR, "is a folder, not a file"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a regular file; save its content to a file first"),
    (stat.S_ISCHR, "is a character device, not a regular file"),
    (stat.S_ISBLK, "is a block device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
]


def register_reader(*suffixes: str):
    """Decorator: use ``fn(path, raw) -> Source`` for files with these suffixes."""

    def deco(fn):
        for s in suffixes:
            READERS[s.lower()] = fn
        return fn

    return deco


def read_warning(code: str, path: str | Path, message: str | None = None) -> ExtractionWarning:
    """A coded reading warning (component ``read``) for ``Source.warnings``."""
    return ExtractionWarning(code, "read", message or READ_WARNINGS[code], str(path))


# ---------------------------------------------------------------- bytes


def _check_regular(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    for is_kind, problem in _NOT_REGULAR:
        if is_kind(mode):
            raise InputError(path, problem)
    raise InputError(path, "is not a regular file")


def file_size(path: str | Path) -> int:
    """The size of ``path`` after checking it is a regular file (without opening it: opening a FIFO
    would wait for a writer). InputError for a missing path or anything but a regular file."""
    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise InputError(p, "no such file") from None
    except OSError as exc:
        raise InputError(p, f"cannot read the file ({exc.strerror or exc})") from None
    _check_regular(p, st.st_mode)
    return st.st_size


def _too_big(path: Path, size: int, limit: int) -> InputError:
    return InputError(path, f"the file is {size / 2**20:.1f} MB, over the limit of {limit / 2**20:.0f} MB "
                            "for one input file (policygraph.loaders.text.MAX_FILE_BYTES)")


def read_bytes(path: str | Path, n: int | None = None) -> bytes:
    """The bytes of a regular file (the first ``n`` only, when given), refusing what is not one and
    files over :data:`MAX_FILE_BYTES`.

    The file is opened non-blocking and checked again after opening, so a path swapped for a FIFO
    between the check and the open cannot hang the read.
    """
    p = Path(path)
    limit = MAX_FILE_BYTES
    size = file_size(p)
    if n is None and size > limit:
        raise _too_big(p, size, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(p, flags)
        with os.fdopen(fd, "rb") as fh:
            _check_regular(p, os.fstat(fh.fileno()).st_mode)
            raw = fh.read(n if n is not None else limit + 1)
    except OSError as exc:
        raise InputError(p, f"cannot read the file ({exc.strerror or exc})") from None
    if n is None and len(raw) > limit:  # the file grew after the check
        raise _too_big(p, len(raw), limit)
    return raw


def check_length(path: str | Path, n_chars: int) -> None:
    """InputError when a decoded text of ``n_chars`` is over :data:`MAX_TEXT_CHARS`."""
    if n_chars > MAX_TEXT_CHARS:
        raise InputError(path, f"the text is {n_chars:,} characters, over the limit of {MAX_TEXT_CHARS:,} "
                               "for one document (policygraph.loaders.text.MAX_TEXT_CHARS)")


# ---------------------------------------------------------------- decoding


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")  # control characters text does not hold (tabs and line breaks it does)


def _looks_binary(text: str) -> bool:
    r"""More than 1% control characters in the first 4,096 characters (at least 3).

    >>> _looks_binary("第一条\t为了\r\n"), _looks_binary("\x00\x01\x02\x03 PK")
    (False, True)
    """
    head = text[:4096]
    return len(_CONTROL.findall(head)) > max(2, len(head) // 100)


def _candidates(raw: bytes) -> list[str]:
    """Encodings to try, most likely first (a BOM decides alone)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return ["utf-8-sig"]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return ["utf-16"]
    nul = raw[:4096].count(0)
    if nul > len(raw[:4096]) // 4:
        # UTF-16 without BOM: ASCII and CJK both leave NUL bytes in one half of the pairs
        even = raw[0:4096:2].count(0)
        return ["utf-16-be" if even > nul // 2 else "utf-16-le", "utf-8", "gb18030"]
    return ["utf-8", "gb18030"]


def _replaced(raw: bytes, enc: str) -> tuple[str, int] | None:
    """``raw`` decoded with bad sequences replaced, when they are few enough to be damage in a file
    of that encoding rather than a sign of another encoding; else None.

    Few means: at most 1% of the characters, and at least 20 well-formed non-ASCII characters per
    replaced one (text in another encoding decoded as UTF-8 or GB18030 fails far more often).
    """
    try:
        text = raw.decode(enc, errors="replace")
    except LookupError:
        return None
    legit = raw.count("\ufffd".encode(enc.replace("-sig", ""))) if enc.startswith("utf-8") else 0
    bad = text.count("\ufffd") - legit
    if bad <= 0:
        return text, 0
    non_ascii = len(text) - len(text.encode("ascii", "ignore")) - bad - legit
    if bad > len(text) // 100 + 1 or non_ascii < 20 * bad:
        return None
    return text, bad


def decode_bytes(raw: bytes, path: str | Path = "<bytes>",
                 warnings: list[ExtractionWarning] | None = None) -> tuple[str, str]:
    """Decode ``raw`` and return ``(text, encoding)``.

    Tries, in order: a BOM (UTF-8, UTF-16), UTF-16 without BOM (many NUL bytes), UTF-8, GB18030 (a
    superset of GBK and GB2312) - each strictly, then with a few bad bytes replaced (and a ``W-READ-001``
    warning appended to ``warnings``) - then charset-normalizer's best guess.

    >>> decode_bytes("营商环境".encode("gbk"))
    ('营商环境', 'gb18030')
    >>> w = []; decode_bytes("营商环境优化".encode() * 10 + b"\\xff", warnings=w)[0][-2:], w[0].code
    ('化\\ufffd', 'W-READ-001')
    """
    if not raw.strip():
        raise InputError(path, "the file is empty")
    for enc in _candidates(raw):
        # strictly first; then with replacements, before the next encoding is tried: GB18030
        # decodes most UTF-8 byte strings into nonsense without an error
        try:
            text = raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            if not _looks_binary(text):
                return text, _name(enc)
            continue
        got = _replaced(raw, enc)
        if got is not None and not _looks_binary(got[0]):
            text, bad = got
            if warnings is not None:
                first = text.find("\ufffd")
                warnings.append(read_warning("W-READ-001", path, f"{bad} byte sequence(s) not valid {_name(enc)} "
                                             f"replaced by U+FFFD (the first at character {first})"))
            return text, _name(enc)
    return _guess(raw, path)


def _name(enc: str) -> str:
    return "utf-16" if enc.startswith("utf-16") else enc


def _guess(raw: bytes, path: str | Path) -> tuple[str, str]:
    """charset-normalizer's best guess, or the InputError that says why there is none."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
    except Exception:  # pragma: no cover - a detector crash is treated as "undetectable"
        best = None
    if best is not None:
        text = str(best)
        if not _looks_binary(text):
            return text, best.encoding
    if b"\x00" in raw[:4096] or _looks_binary(raw[:4096].decode("latin-1")):
        raise InputError(path, "the file is binary, not text (expected UTF-8, GB18030/GBK or UTF-16 text)")
    raise InputError(path, "cannot detect the text encoding (tried UTF-8, UTF-16, GB18030/GBK)")


def normalise_newlines(text: str) -> str:
    """CRLF and CR to LF, so offsets do not depend on the platform that wrote the file."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------- readers


def read_plain(path: Path, raw: bytes) -> Source:
    """Reader for plain text and Markdown: decoded, newlines normalised."""
    warnings: list[ExtractionWarning] = []
    text, enc = decode_bytes(raw, path, warnings)
    text = normalise_newlines(text)
    if not text.strip():
        raise InputError(path, "the file holds no text")
    media = "text/markdown" if path.suffix.lower() in (".md", ".markdown") else "text/plain"
    return Source(str(path), text, enc, media, hashlib.sha256(raw).hexdigest(), warnings=warnings)


def read_source(path: str | Path) -> Source:
    """Read ``path`` into a :class:`Source`, choosing the reader by suffix (plain text by default).

    Raises :class:`InputError` for a missing, unreadable, empty, binary or undecodable file, for
    anything but a regular file, and for a file or text over the limits (:data:`MAX_FILE_BYTES`,
    :data:`MAX_TEXT_CHARS`).
    """
    p = Path(path)
    _import_readers()
    raw = read_bytes(p)
    if not raw:
        raise InputError(p, "the file is empty")
    reader = READERS.get(p.suffix.lower(), read_plain)
    src = reader(p, raw)
    check_length(p, len(src.text))
    return src


def _import_readers() -> None:
    """Import the built-in format modules once, so their readers are in :data:`READERS` whichever
    loader asks first."""
    import importlib

    for name in BUILTIN_READERS:
        importlib.import_module(f"{__package__}.{name}")
