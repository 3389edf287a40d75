"""Reading files into decoded text: encodings, binary detection, clear errors.

Government files come as UTF-8 (with or without BOM), GB18030/GBK and UTF-16. This module turns
bytes into a :class:`~policygraph.records.Source` or raises :class:`~policygraph.errors.InputError`
naming the file and the problem. Format-specific readers (HTML, .docx) register in ``READERS``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from ..records import Source

# suffix -> reader(path, raw bytes) -> Source. Other modules add HTML and .docx readers.
READERS: dict[str, Callable[[Path, bytes], Source]] = {}


def register_reader(*suffixes: str):
    """Decorator: use ``fn(path, raw) -> Source`` for files with these suffixes."""

    def deco(fn):
        for s in suffixes:
            READERS[s.lower()] = fn
        return fn

    return deco


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    bad = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return bad > max(2, len(text[:4096]) // 100)


def decode_bytes(raw: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode ``raw`` and return ``(text, encoding)``.

    Tries, in order: a BOM (UTF-8, UTF-16), strict UTF-8, UTF-16 without BOM (many NUL bytes),
    GB18030 (a superset of GBK and GB2312), then charset-normalizer's best guess.

    >>> decode_bytes("营商环境".encode("gbk"))
    ('营商环境', 'gb18030')
    """
    if not raw.strip():
        raise InputError(path, "the file is empty")
    if raw.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8"]
        nul = raw[:4096].count(0)
        if nul > len(raw[:4096]) // 4:
            # UTF-16 without BOM: ASCII and CJK both leave NUL bytes in one half of the pairs
            even = raw[0:4096:2].count(0)
            candidates = ["utf-16-be" if even > nul // 2 else "utf-16-le"]
        candidates.append("gb18030")
    for enc in candidates:
        try:
            text = raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_binary(text):
            continue
        return text, ("utf-16" if enc.startswith("utf-16") else enc)
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


def read_plain(path: Path, raw: bytes) -> Source:
    text, enc = decode_bytes(raw, path)
    text = normalise_newlines(text)
    if not text.strip():
        raise InputError(path, "the file holds no text")
    media = "text/markdown" if path.suffix.lower() in (".md", ".markdown") else "text/plain"
    return Source(str(path), text, enc, media, hashlib.sha256(raw).hexdigest())


def read_source(path: str | Path) -> Source:
    """Read ``path`` into a :class:`Source`, choosing the reader by suffix (plain text by default).

    Raises :class:`InputError` for a missing, unreadable, empty, binary or undecodable file.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(p, "no such file")
    if p.is_dir():
        raise InputError(p, "is a folder, not a file")
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(p, f"cannot read the file ({exc.strerror or exc})") from exc
    if not raw:
        raise InputError(p, "the file is empty")
    reader = READERS.get(p.suffix.lower(), read_plain)
    return reader(p, raw)
