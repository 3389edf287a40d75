"""Plain records passed between the pipeline's components.

Loaders turn files into these records; :mod:`policygraph.build` maps them to RDF. They hold no RDF
and no store handles, so each component can be tested on its own. Character offsets are Python string
indices into the *decoded* source text (``Source.text``), end exclusive: ``text[start:end] == quote``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Span:
    """A piece of evidence: where a fact stands in its source text."""

    start: int
    end: int
    text: str


@dataclass
class Source:
    """A decoded input file."""

    path: str
    text: str  # the decoded text, exactly as offsets refer to it
    encoding: str
    media_type: str = "text/plain"  # text/plain, text/html, text/markdown, application/pdf, ...docx
    sha256: str = ""  # of the raw bytes
    # (start, end) of each page in ``text``, page 1 first; empty for formats without pages. Pages
    # tile the text: a page starts where the previous one ends, or one character (a newline) later.
    pages: list[tuple[int, int]] = field(default_factory=list)
    # what the reader had to do that the user should know (bytes replaced, pages read by OCR)
    warnings: list[ExtractionWarning] = field(default_factory=list)

    def page_of(self, offset: int) -> int | None:
        """The page (from 1) that holds character ``offset`` of ``text``; None without pages.

        >>> Source("a.pdf", "one\\ntwo", "utf-8", pages=[(0, 3), (4, 7)]).page_of(5)
        2
        """
        from bisect import bisect_right

        if not self.pages:
            return None
        i = bisect_right([start for start, _ in self.pages], offset)
        return max(i, 1)


# ---------------------------------------------------------------- regulations


@dataclass
class Event:
    """A dated event of a regulation version, from one information line (通过, 公布, 施行 ...)."""

    kind: str  # adopted | promulgated | effective | amended | revised | approved | repealed | other
    date: str | None  # ISO yyyy-mm-dd
    body: str | None = None  # who acted (e.g. 国务院第66次常务会议, 辽宁省人民代表大会常务委员会)
    text: str = ""  # the whole information line
    span: Span | None = None


@dataclass
class Part:
    """A structural division of a regulation: 编/章/节, article (条), paragraph (款) or item (项)."""

    kind: str  # book | chapter | section | article | paragraph | item
    number: int  # 第七十二条 -> 72; paragraphs and items count from 1 within their parent
    label: str = ""  # as written: 第七十二条, 第一章, （三）
    suffix: int | None = None  # 第十条之一 -> number 10, suffix 1
    heading: str | None = None  # chapter/section heading (总则); None for articles
    text: str = ""  # the whole text of this part, children included
    span: Span | None = None
    parts: list[Part] = field(default_factory=list)


@dataclass
class Reference:
    """A named reference to another document (根据《X》): resolved later by title."""

    title: str
    relation: str  # based_on | cites | implements | supersedes
    span: Span | None = None


@dataclass
class Regulation:
    """One version of a regulation (a legal work at a version date) read from a file or a catalogue."""

    title: str
    version_date: str | None = None  # ISO; None when undated
    level: str | None = None  # law | administrative_regulation | local_regulation | judicial_interpretation | departmental_rule | normative_document | constitution | other
    issuer: str | None = None  # adopting/issuing body
    region: str | None = None  # province or city for local regulations (辽宁省, 大连市)
    short_title: str | None = None
    doc_number: str | None = None  # 国务院令第722号
    in_force: bool | None = None
    complete: bool = True  # False when the text is known to be partial
    has_articles: bool = True  # False for decisions, cases ... kept as text only
    events: list[Event] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)  # top level: books/chapters or articles
    references: list[Reference] = field(default_factory=list)  # based_on etc.
    supersedes: list[str] = field(default_factory=list)  # version dates (same title) or titles
    note: str | None = None
    source: Source | None = None
    category: str | None = None  # folder category in the laws collection (行政法规, 经济法 ...)
    # set on what one catalogue row says of a version (no text): stored in the version's catalogue
    # graph, apart from the text's own (see policygraph.loaders.catalogue.catalogue_rows)
    catalogue_line: int | None = None

    def articles(self) -> list[Part]:
        """All articles in document order, however deeply nested in books/chapters/sections."""
        out: list[Part] = []

        def walk(parts):
            for p in parts:
                if p.kind == "article":
                    out.append(p)
                else:
                    walk(p.parts)

        walk(self.parts)
        return out


# ---------------------------------------------------------------- reports
# The shapes follow ../shared/gold/README.md; `to_json()` gives that JSON shape.


@dataclass
class Mention:
    text: str
    start: int
    end: int


@dataclass
class Person:
    name: str
    role: str | None = None
    unit: str | None = None  # canonical unit name
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class DocumentInfo:
    """Metadata of the report itself."""

    title: str | None = None
    kind: str = "report"
    genre: str | None = None  # government work report, plan, reply to proposal ... (data/genres.csv)
    issuer: str | None = None
    addressee: str | None = None  # canonical unit name
    signed_date: str | None = None
    published_date: str | None = None
    publisher: str | None = None
    responds_to: str | None = None
    place: str | None = None  # the place the text speaks for (吉林省, 大连市, 某县), as written; None if unread
    persons: list[Person] = field(default_factory=list)
    title_span: Span | None = None
    addressee_span: Span | None = None
    signature_span: Span | None = None


@dataclass
class Section:
    id: str  # S1
    ordinal: int
    heading: str
    marker: str = ""  # 一、
    start: int = 0  # span of the whole section (heading through its last measure)
    end: int = 0
    heading_span: Span | None = None
    tense: str | None = None  # done | planned | present | problems: how the part tells its work


@dataclass
class TensePart:
    """A stretch of a report told in one tense (a section, or the rest of one after 下一步)."""

    start: int
    end: int
    tense: str  # done | planned | present | problems
    cue: Span | None = None  # the words that set it (工作回顾, 下一步); None for the genre's default


@dataclass
class ArticleCandidate:
    """A ranked guess that a measure implements an article (see policygraph.link)."""

    regulation: str
    article: int
    score: float
    matched: list[str] = field(default_factory=list)
    rank: int = 0
    method: str = ""
    asserted: bool = False  # above the threshold: written as an implements link
    version_date: str | None = None
    suffix: int | None = None
    learned: list[str] = field(default_factory=list)  # measure words matched via local regulations' wording
    probability: float | None = None  # calibrated chance that the measure implements the article
    sentence: str | None = None  # the measure's sentence that matched the article best
    sentence_start: int | None = None  # its span: offsets into the report text (measure.start-based)
    sentence_end: int | None = None


@dataclass
class Measure:
    id: str  # S1.M2
    section: str  # S1
    ordinal: int  # 0 for an unnumbered lead paragraph
    marker: str  # 一是, （一）, 1. or ""
    heading: str
    text: str
    start: int
    end: int
    status: list[str] = field(default_factory=list)  # subset of done, ongoing, planned, in that order
    status_evidence: list[Mention] = field(default_factory=list)  # the markers that gave the status
    deadline: str | None = None  # literal phrase (年底前)
    deadline_iso: str | None = None
    units: list[str] = field(default_factory=list)  # canonical unit names
    documents: list[str] = field(default_factory=list)  # canonical document titles
    articles: list[ArticleCandidate] = field(default_factory=list)
    roles: dict[str, list[str]] = field(default_factory=dict)  # lead / responsible / cooperating -> units
    tense: str | None = None  # tense of the part the measure stands in
    level: int = 1  # 1 for the coarsest items of a section, 2 for items inside those ...


@dataclass
class Unit:
    name: str  # canonical
    mentions: list[Mention] = field(default_factory=list)
    level: str | None = None  # national | provincial | municipal | district | other
    kind: str | None = None
    parent: str | None = None
    aliases: list[str] = field(default_factory=list)
    known: bool = False  # True when found in the gazetteer, False when found by a pattern


@dataclass
class DocumentRef:
    """A document the report names."""

    title: str
    mentions: list[Mention] = field(default_factory=list)
    doc_type: str | None = None
    issuer: str | None = None
    level: str | None = None
    doc_number: str | None = None
    status_in_report: str | None = None  # in force | drafting | planned | referenced
    relation: str = "cites"  # is_about | implements | drafts | issues | revises | cites
    cites: list[str] = field(default_factory=list)


@dataclass
class Metric:
    text: str
    start: int
    end: int
    value: float | None
    approx: bool = False
    unit: str | None = None
    what: str | None = None
    subject: str | None = None
    as_of: str | None = None  # the literal phrase
    as_of_iso: str | None = None
    measure: str | None = None  # measure id
    kind: str = "count"  # count | ratio | rank | target | money | duration


@dataclass
class DateMention:
    text: str
    start: int
    end: int
    iso: str  # 2021-09-08, 2021, 2021-07-12/2021-07-13
    what: str | None = None
    role: str | None = None  # published | signed | event | deadline | as_of | range | period | title | doc_number


@dataclass
class ExtractionWarning:
    """Something an extraction component could not do, with a stable code (W1xx: see the module
    policygraph.extractors.warnings for the list)."""

    code: str
    component: str
    message: str
    path: str = ""

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.code} [{self.component}] {self.message}"


@dataclass
class Report:
    """Everything extracted from one report."""

    source: Source
    document: DocumentInfo
    sections: list[Section] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    documents: list[DocumentRef] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    parts: list[TensePart] = field(default_factory=list)  # stretches of one tense, in text order
    warnings: list[ExtractionWarning] = field(default_factory=list)

    def __post_init__(self) -> None:
        # what the reader warned about (bytes replaced, pages read by OCR) comes first in the
        # report's warnings, so every consumer of Report.warnings shows it without asking the Source
        if not self.warnings and self.source is not None:
            self.warnings = list(getattr(self.source, "warnings", []))

    def to_json(self) -> dict:
        """The gold JSON shape of ../shared/gold/README.md, plus spans and extra fields."""
        d = asdict(self)
        d.pop("source")
        d["source"] = {"path": self.source.path, "encoding": self.source.encoding,
                       "media_type": self.source.media_type, "sha256": self.source.sha256}
        if self.source.pages:
            d["source"]["pages"] = [list(p) for p in self.source.pages]
        for m, rec in zip(d["measures"], self.measures, strict=True):
            m["text_start"] = rec.text[:30]
            m["text_end"] = rec.text[-20:]
            m.pop("text")
            m["text"] = rec.text
        return d
