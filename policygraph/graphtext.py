"""The quads of a named graph as N-Quads text: what the builder writes and the store parses.

Building a ``pyoxigraph`` object per term (a million ``NamedNode``/``Literal``/``Quad`` calls on the
laws corpus) cost as much as the store's own write. The builder (:mod:`policygraph.build`) writes
each quad as one N-Quads line instead, and the embedded store bulk-loads the text in one pass
(its parser is Rust). A :class:`GraphText` still iterates as ``pyoxigraph.Quad`` objects (parsed on
demand), so every reader of quads (server stores, tests) keeps working unchanged.

Terms are written so that any text gives a valid line: characters an IRI may not hold (spaces,
``<>"{}|^`\\``, controls, non-characters such as U+FFFD's neighbours) are percent-encoded, and
literals escape backslash, quote and line breaks.

>>> t = GraphText.of("urn:g", [nt_iri("urn:s") + " " + nt_iri("urn:p") + " " + nt_literal("a\\"b") + " <urn:g> .\\n"])
>>> [q.object.value for q in t]
['a"b']
>>> nt_iri("urn:x y\\ufffd")
'<urn:x%20y%EF%BF%BD>'
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from urllib.parse import quote

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from .ontology.terms import _UCSCHAR

XSD = "http://www.w3.org/2001/XMLSchema#"
# what RFC 3987 allows in an IRI (ASCII subset and the ucschar ranges the IRI builder keeps, see
# ontology.terms.iri_part); anything else is percent-encoded
_IRI_BAD = re.compile("[^A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%"
                      + "".join(f"{chr(a)}-{chr(b)}" for a, b in _UCSCHAR) + "]")
_PCT_BAD = re.compile(r"%(?![0-9A-Fa-f]{2})")  # a % that does not start an escape
# what a literal escapes, backslash first (str.replace per character present: ~50x faster than
# str.translate with a table on CJK text, which looks every character up)
_ESCAPES = (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"))


def nt_iri(value: str) -> str:
    """An IRI as an N-Quads term, percent-encoding what an IRI may not contain."""
    if _IRI_BAD.search(value) or "%" in value and _PCT_BAD.search(value):
        value = _PCT_BAD.sub("%25", value)
        value = _IRI_BAD.sub(lambda m: quote(m.group(0).encode("utf-8", "replace"), safe=""), value)
    return f"<{value}>"


def _string(text: str) -> str:
    # a lone surrogate (from a broken decode) becomes "?" when the text is encoded (errors="replace")
    for ch, esc in _ESCAPES:
        if ch in text:
            text = text.replace(ch, esc)
    return '"' + text + '"'


def nt_literal(value) -> str:
    """A typed literal as an N-Quads term: int -> xsd:integer, float -> xsd:decimal, bool ->
    xsd:boolean, anything else as a string (the terms :func:`policygraph.build.literal` makes)."""
    if type(value) is str:  # most literals: tested first
        return _string(value)
    if isinstance(value, bool):
        return f'"{"true" if value else "false"}"^^<{XSD}boolean>'
    if isinstance(value, int):
        return f'"{value}"^^<{XSD}integer>'
    if isinstance(value, float):
        text = repr(value)
        if "e" in text or "E" in text:
            text = format(value, "f")
        return f'"{text}"^^<{XSD}decimal>'
    return _string(str(value))


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YM = re.compile(r"^\d{4}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")


def nt_date(value: str) -> str:
    """xsd:date, xsd:gYearMonth or xsd:gYear by shape; anything else (ranges) as a plain string."""
    if _DATE.match(value):
        return f'"{value}"^^<{XSD}date>'
    if _YM.match(value):
        return f'"{value}"^^<{XSD}gYearMonth>'
    if _YEAR.match(value):
        return f'"{value}"^^<{XSD}gYear>'
    return _string(value)


def _union_index(a: dict | None, b: dict | None) -> dict | None:
    if a is None or b is None:
        return None
    out = {n: [r[0], r[1], list(r[2]), list(r[3])] for n, r in a.items()}
    for n, r in b.items():
        row = out.setdefault(n, [None, None, [], []])
        row[0] = row[0] if row[0] is not None else r[0]
        row[1] = row[1] if row[1] is not None else r[1]
        row[2] += r[2]
        row[3] += r[3]
    return out


def shared_quads(quads) -> list:
    """The entity descriptions a source's :class:`GraphText` carries (none for plain quads)."""
    if isinstance(quads, GraphText) and quads.shared:
        return list(GraphText(quads.graph, quads.shared))
    return []


class GraphText(Sequence):
    """The quads of one named graph as N-Quads lines, and the lines of the shared entities graph
    this source contributes (``shared``). Iterates as ``pyoxigraph.Quad`` objects.

    The digest is a SHA-1 of the lines in the order the builder wrote them (the builder is
    deterministic: the same records give the same lines in the same order), computed in one pass
    without sorting.
    """

    def __init__(self, graph: NamedNode, lines: list[str], shared: list[str] | None = None,
                 index: dict[str, list] | None = None):
        self.graph = graph
        self.lines = lines
        self.shared = shared if shared is not None else []
        # node -> [label, text, aliases, types] as the search index keeps them (None: unknown,
        # the store queries them back)
        self.index = index
        self.merged = False  # the union of several sources' records of one graph (see digest)
        self._parts: list[str] | None = None  # of a union: its records' digests (see parts)
        # everything one source says (a report's graphs): written again in a session, it replaces the
        # earlier text instead of being merged with it (two files of one report: the last is kept)
        self.whole = False

    @classmethod
    def of(cls, graph: str | NamedNode, lines: Iterable[str], shared: Iterable[str] = ()) -> GraphText:
        g = graph if isinstance(graph, NamedNode) else NamedNode(graph)
        return cls(g, list(lines), list(shared))

    @classmethod
    def from_quads(cls, graph: NamedNode, quads: Iterable[Quad]) -> GraphText:
        """Quads given as objects (older callers, tests), written into ``graph``."""
        tail = f" {graph} .\n"
        return cls(graph, [f"{q.subject} {q.predicate} {q.object}{tail}" for q in quads])

    def text(self) -> str:
        return "".join(self.lines)

    def data(self) -> bytes:
        """The lines as UTF-8 (made once: the digest and the store's write both read it)."""
        if getattr(self, "_data", None) is None or self._data_n != len(self.lines):
            self._data, self._data_n = self.text().encode("utf-8", "replace"), len(self.lines)
        return self._data

    def digest(self, merged: bool | None = None) -> str:
        """SHA-1 of the lines in build order (and of the shared lines); of a merged graph (``u:``
        first), the SHA-1 of the sorted digests of the records it is the union of, since its records
        may arrive in any order (two files of one version, in one batch or in two). ``merged=True``
        gives the merged form of any graph (to compare with a stored merged digest: one source of a
        union reloaded alone, with the same lines, is the same graph).

        A union's digest needs its records' digests only, not their lines: a record written earlier
        in a load can be merged with a later one without reading it back from the store.

        >>> a = GraphText.of("urn:g", ['<urn:s> <urn:p> "1" <urn:g> .\\n'])
        >>> b = GraphText.of("urn:g", ['<urn:s> <urn:p> "2" <urn:g> .\\n'])
        >>> a.union(b).digest() == b.union(a).digest() == GraphText.merge_digest([a.digest(), b.digest()])
        True
        >>> a.union(a).digest() == a.digest(merged=True)
        True
        """
        if self.merged if merged is None else merged:
            return self.merge_digest(self.parts())
        key = (len(self.lines), len(self.shared))
        if getattr(self, "_digest", None) is None or self._digest[0] != key:  # the store asks three times
            h = hashlib.sha1(self.data())
            if self.shared:
                h.update(b"\x00shared\x00")
                h.update("".join(self.shared).encode("utf-8", "replace"))
            self._digest = (key, h.hexdigest())
        return self._digest[1]

    def parts(self) -> list[str]:
        """The digests of the records this graph is the union of (its own, if it is one record)."""
        return self._parts if self.merged and self._parts is not None else [self.digest(merged=False)]

    @staticmethod
    def merge_digest(parts: Iterable[str]) -> str:
        """The digest of the union of records with these digests."""
        return "u:" + hashlib.sha1("\n".join(sorted(set(parts))).encode("ascii")).hexdigest()

    def union(self, other: GraphText) -> GraphText:
        """Both graphs' lines once each, in order (the same version read from two sources)."""
        out = GraphText(self.graph, list(dict.fromkeys(self.lines + other.lines)),
                        list(dict.fromkeys(self.shared + other.shared)), _union_index(self.index, other.index))
        out.merged = True
        out._parts = list(dict.fromkeys(self.parts() + other.parts()))
        return out

    def as_union(self, parts: Iterable[str] | None = None) -> GraphText:
        """The same lines as a merged graph of the records with digests ``parts`` (default: this
        graph's own), e.g. a record whose other records are already in the store."""
        out = GraphText(self.graph, self.lines, self.shared, self.index)
        out.merged, out._parts = True, list(dict.fromkeys(self.parts() if parts is None else parts))
        return out

    def __len__(self) -> int:
        return len(self.lines)

    def __iter__(self) -> Iterator[Quad]:
        if not self.lines:
            return iter(())
        return parse(self.text().encode("utf-8", "replace"), format=RdfFormat.N_QUADS)

    def __getitem__(self, i):
        return list(self)[i]

    def __eq__(self, other) -> bool:
        if isinstance(other, GraphText):
            return self.graph == other.graph and self.lines == other.lines and self.shared == other.shared
        return isinstance(other, (list, tuple)) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<GraphText {self.graph.value} {len(self.lines)} quads, {len(self.shared)} shared>"
