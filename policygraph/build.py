"""Map plain records to RDF.

One function per record type, each returning the quads of one *named graph* (the source document's
IRI), so that reloading a source replaces exactly its own triples. IRIs are stable: derived from titles,
version dates, article numbers and character offsets, never from load order, so loading the same file
twice yields the same triples and the same body met in two sources is one node.

Naming rules (see :func:`work_iri`): every titled document — a regulation, a report, a plan named in a
report — has the IRI ``id/work/<title key>``; the same title in a law file and in a report therefore
meets in one node. Units are ``id/unit/<canonical name>``.

>>> from policygraph.records import Regulation
>>> g, quads, shared = regulation_quads(Regulation(title="示例条例", version_date="2020-01-01"))
>>> g.value
'https://w3id.org/policygraph/id/work/示例条例/2020-01-01'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from types import SimpleNamespace

from pyoxigraph import Literal, NamedNode

from .graphtext import GraphText, nt_date, nt_iri, nt_literal
from .ontology.terms import (
    DCT,
    ELI,
    FOAF,
    LEVELS,
    OA,
    ORG,
    PART_CLASSES,
    PG,
    RDF,
    RDFS,
    RELATIONS,
    SKOS,
    STATUSES,
    XSD,
    iri,
    iri_part,
)
from .records import ArticleCandidate, Measure, Part, Regulation, Report, Span, Unit

_NODES: dict[str, NamedNode] = {}


def node(value: str) -> NamedNode:
    """A cached ``NamedNode``: the same few hundred predicate/class IRIs are used millions of times."""
    n = _NODES.get(value)
    if n is None:
        n = NamedNode(value)
        if len(_NODES) < 4096:
            _NODES[value] = n
    return n


_DT = {k: NamedNode(v) for k, v in {
    "integer": XSD.integer, "decimal": XSD.decimal, "boolean": XSD.boolean, "date": XSD.date,
    "gYear": XSD.gYear, "gYearMonth": "http://www.w3.org/2001/XMLSchema#gYearMonth",
}.items()}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_YM = re.compile(r"^\d{4}-\d{2}$")


def literal(value) -> Literal:
    """A typed literal: int -> xsd:integer, float -> xsd:decimal, bool -> xsd:boolean, str as is."""
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=_DT["boolean"])
    if isinstance(value, int):
        return Literal(str(value), datatype=_DT["integer"])
    if isinstance(value, float):
        text = repr(value)
        if "e" in text or "E" in text:
            text = format(value, "f")
        return Literal(text, datatype=_DT["decimal"])
    return Literal(str(value))


def date_literal(value: str) -> Literal:
    """xsd:date, xsd:gYearMonth or xsd:gYear by shape; anything else (ranges) as a plain string."""
    if _DATE.match(value):
        return Literal(value, datatype=_DT["date"])
    if _YM.match(value):
        return Literal(value, datatype=_DT["gYearMonth"])
    if _YEAR.match(value):
        return Literal(value, datatype=_DT["gYear"])
    return Literal(value)


_BRACKETS = str.maketrans({"（": "(", "）": ")", "〈": "<", "〉": ">", "《": "", "》": "", "“": "", "”": "",
                           "—": "-", "–": "-", "－": "-", "〔": "[", "〕": "]", "［": "[", "］": "]"})


def title_key(title: str) -> str:
    """The normalised form of a title used in IRIs: brackets, dashes and spaces folded, 《》 removed,
    a leading 中华人民共和国 dropped (laws are cited with and without it).

    >>> title_key("《中华人民共和国外商投资法》")
    '外商投资法'
    >>> title_key("大连市营商环境升级行动方案（2022—2024）")
    '大连市营商环境升级行动方案(2022-2024)'
    """
    t = unicodedata.normalize("NFKC", title).translate(_BRACKETS)
    t = "".join(t.split())
    if t.startswith("中华人民共和国") and len(t) > 8:
        t = t[len("中华人民共和国"):]
    return t


def work_iri(title: str) -> str:
    return iri("work", title_key(title))


def version_iri(title: str, version_date: str | None) -> str:
    return work_iri(title) + "/" + (version_date or "undated")


def unit_iri(name: str) -> str:
    return iri("unit", unicodedata.normalize("NFKC", name).replace(" ", ""))


def person_iri(name: str) -> str:
    return iri("person", name)


def span_evidence_iri(doc: str, start: int, end: int) -> str:
    return f"{doc}/ev/{start}-{end}"


ENTITIES = iri("graph", "entities")
# predicate -> slot of a node's search-index row (label, text, aliases); types are slot 3
_INDEXED = {str(RDFS.label): 0, str(PG.text): 1, str(SKOS.altLabel): 2}
_PG = str(PG)
_TYPE = RDF.type


# the terms of the hottest builders (evidence, parts), read once: a Namespace attribute is a Python
# call (ontology.terms.Namespace.__getattribute__), 400,000 of them on the laws corpus
_K = SimpleNamespace(
    evidence=PG.evidence, Evidence=PG.Evidence, hasSource=OA.hasSource, hasSelector=OA.hasSelector,
    TextPositionSelector=OA.TextPositionSelector, TextQuoteSelector=OA.TextQuoteSelector, start=OA.start,
    end=OA.end, exact=OA.exact, forProperty=PG.forProperty, forObject=PG.forObject,
    LegalResourceSubdivision=ELI.LegalResourceSubdivision, has_part=ELI.has_part, is_part_of=ELI.is_part_of,
    number=PG.number, suffix=PG.suffix, pg_label=PG.label, label=RDFS.label, heading=PG.heading, text=PG.text,
)


class Quads:
    """Collects the quads of one named graph, as N-Quads lines (see :class:`GraphText`).

    ``entities`` collects, apart, the descriptions of nodes that many sources name (units, titled
    documents, people): they go to one shared graph, so that a query over all graphs meets each
    such fact once instead of once per source that names the node. The store keeps, per source,
    which of them it contributed, so a fact no source states any more leaves that graph.
    """

    def __init__(self, graph: str, *, shared: bool = False):
        self.graph = node(graph)
        self._tail = f" {nt_iri(graph)} .\n"
        self.lines: list[str] = []
        self._terms: dict[str, str] = {}  # IRIs of this graph as N-Quads terms (subjects repeat)
        # what the search index keeps of each node (label, text, aliases, types), gathered while
        # building so the store need not query it back (see GraphText.index)
        self.index: dict[str, list] = {}
        self.entities: Quads = self if shared else Quads(ENTITIES, shared=True)

    def _t(self, value: str) -> str:
        t = self._terms.get(value)
        if t is None:
            t = self._terms[value] = nt_iri(value)
        return t

    # the hot path of a load (a million calls on the laws corpus): the term lookups inlined
    def iri(self, s: str, p: str, o: str) -> None:
        t = self._terms
        self.lines.append(f"{t.get(s) or self._t(s)} {t.get(p) or self._t(p)} {t.get(o) or self._t(o)}{self._tail}")

    def lit(self, s: str, p: str, value) -> None:
        if value is None or value == "":
            return
        t = self._terms
        self.lines.append(f"{t.get(s) or self._t(s)} {t.get(p) or self._t(p)} {nt_literal(value)}{self._tail}")
        slot = _INDEXED.get(p)
        if slot is not None:
            row = self.index.get(s) or self.index.setdefault(s, [None, None, [], []])
            if slot == 2:
                row[2].append(str(value))
            elif row[slot] is None:
                row[slot] = str(value)

    def date(self, s: str, p: str, value: str | None) -> None:
        if value:
            t = self._terms
            self.lines.append(f"{t.get(s) or self._t(s)} {t.get(p) or self._t(p)} {nt_date(value)}{self._tail}")

    def a(self, s: str, *classes: str) -> None:
        for c in classes:
            self.iri(s, _TYPE, c)
            if c.startswith(_PG):
                row = self.index.get(s) or self.index.setdefault(s, [None, None, [], []])
                row[3].append(c)

    @property
    def quads(self) -> GraphText:
        return GraphText(self.graph, self.lines, index=self.index)

    def evidence(self, subject: str, doc: str, span: Span | None, prop: str | None = None,
                 obj: str | None = None, iri: str | None = None) -> str | None:
        """Attach ``span`` of ``doc`` as evidence of ``subject`` (and of its edge ``prop`` -> ``obj``);
        the evidence node is ``iri``, by default the span's own IRI in ``doc``."""
        if span is None:
            return None
        ev = iri or span_evidence_iri(doc, span.start, span.end)
        sel = ev + "/sel"
        k = _K
        self.iri(subject, k.evidence, ev)
        self.a(ev, k.Evidence)
        self.iri(ev, k.hasSource, doc)
        self.iri(ev, k.hasSelector, sel)
        self.a(sel, k.TextPositionSelector, k.TextQuoteSelector)
        self.lit(sel, k.start, span.start)
        self.lit(sel, k.end, span.end)
        self.lit(sel, k.exact, span.text)
        if prop:
            self.iri(ev, k.forProperty, prop)
        if obj:
            self.iri(ev, k.forObject, obj)
        return ev


# ------------------------------------------------------------------ units

# The gazetteer's unit kinds (data/units/*.csv) that have a class of their own: kind prefix -> classes.
KIND_CLASSES = {
    "leading group": (PG.LeadingGroup, ORG.OrganizationalCollaboration),
    "collective": (PG.Collective,),
}


def unit_triples(q: Quads, name: str, *, level=None, kind=None, parent=None, aliases=()) -> str:
    q = q.entities
    u = unit_iri(name)
    q.a(u, PG.Unit, ORG.Organization)
    for prefix, classes in KIND_CLASSES.items():
        if (kind or "").startswith(prefix):
            q.a(u, *classes)
    q.lit(u, SKOS.prefLabel, name)
    q.lit(u, RDFS.label, name)
    for a in aliases:
        if a and a != name:
            q.lit(u, SKOS.altLabel, a)
    q.lit(u, PG.level, level)
    q.lit(u, PG.unitKind, kind)
    if parent and parent != name:
        p = unit_iri(parent)
        q.iri(u, ORG.subOrganizationOf, p)
        q.a(p, PG.Unit, ORG.Organization)
        q.lit(p, SKOS.prefLabel, parent)
        q.lit(p, RDFS.label, parent)
    return u


# ------------------------------------------------------------------ regulations

_PART_PATH = {"book": "b", "chapter": "ch", "section": "sec", "article": "art", "paragraph": "p", "item": "i"}


def _part_local(p: Part) -> str:
    return f"{_PART_PATH[p.kind]}{p.number}" + (f"-{p.suffix}" if p.suffix else "")


def article_iri(title: str, version_date: str | None, number: int, suffix: int | None = None) -> str:
    """The IRI of article ``number`` of a regulation version (articles are addressed flat)."""
    return version_iri(title, version_date) + f"/art{number}" + (f"-{suffix}" if suffix else "")


def regulation_quads(reg: Regulation, *, graph: str | None = None,
                     issuer: Unit | None = None) -> tuple[NamedNode, GraphText, GraphText]:
    """The quads of one regulation version: work, version, issuer, events, structure, references.

    Returns ``(graph, quads, shared)``: the version's named graph, its quads, and the descriptions
    of shared nodes (the work, units, named documents) for the entities graph.

    ``issuer`` is the canonical unit of ``reg.issuer`` found by the resolve step
    (:func:`policygraph.resolve.issuers`), so 国务院 from a law file and from a report is one node;
    without it the issuer's name is used as written.
    """
    work = work_iri(reg.title)
    ver = version_iri(reg.title, reg.version_date)
    q = Quads(graph or (ver if reg.catalogue_line is None else catalogue_graph(ver)))
    _work_triples(q, reg, work, ver)
    _version_triples(q, reg, work, ver)
    _issuer_triples(q, reg, work, ver, issuer)
    for add in (_event_triples, _structure_triples, _reference_triples, _supersedes_triples):
        add(q, reg, work, ver)
    return q.graph, q.quads, q.entities.quads


def _work_triples(q: Quads, reg: Regulation, work: str, ver: str) -> None:
    """The work, described once for all its versions (shared), and that this version realises it."""
    ent = q.entities
    ent.a(work, PG.Regulation, ELI.LegalResource)
    ent.lit(work, DCT.title, reg.title)
    ent.lit(work, RDFS.label, reg.short_title or reg.title)
    ent.lit(work, PG.shortTitle, reg.short_title)
    q.iri(work, ELI.is_realized_by, ver)  # per version: gone with the version's graph
    if reg.level:
        ent.iri(work, PG.legalLevel, LEVELS.get(reg.level, PG.OtherLevel))
    ent.lit(work, PG.region, reg.region)


def _version_triples(q: Quads, reg: Regulation, work: str, ver: str) -> None:
    """The version: title, date, level, document number, completeness, force, source file."""
    q.a(ver, PG.RegulationVersion, ELI.LegalExpression)
    q.iri(ver, ELI.realizes, work)
    q.lit(ver, DCT.title, reg.title)
    q.lit(ver, RDFS.label, f"{reg.title}({reg.version_date})" if reg.version_date else reg.title)
    q.date(ver, ELI.version_date, reg.version_date)
    if reg.level:
        q.iri(ver, PG.legalLevel, LEVELS.get(reg.level, PG.OtherLevel))
    q.lit(ver, PG.region, reg.region)
    q.lit(ver, PG.docNumber, reg.doc_number)
    if reg.catalogue_line is None:  # a catalogue row cannot know what a text holds: the text says it
        q.lit(ver, PG.complete, bool(reg.complete))
        q.lit(ver, PG.hasArticles, bool(reg.has_articles))
    q.lit(ver, PG.category, reg.category)
    q.lit(ver, PG.note, reg.note)
    if reg.in_force is not None:
        q.iri(ver, ELI.in_force, ELI["InForce-inForce"] if reg.in_force else ELI["InForce-notInForce"])
    if reg.source is not None:
        q.lit(ver, PG.sourcePath, reg.source.path)
        q.lit(ver, PG.sha256, reg.source.sha256)
        if not reg.has_articles:  # a decision or case: its text is the only thing to search
            q.lit(ver, PG.text, reg.source.text)


def _issuer_triples(q: Quads, reg: Regulation, work: str, ver: str, issuer: Unit | None) -> None:
    """The issuing body as a unit that passed the work and this version."""
    if not reg.issuer:
        return
    if issuer is not None:
        u = unit_triples(q, issuer.name, level=issuer.level, kind=issuer.kind, parent=issuer.parent)
    else:
        u = unit_triples(q, reg.issuer)
    q.entities.iri(work, ELI.passed_by, u)
    q.iri(ver, ELI.passed_by, u)


# event kind (records.Event.kind) -> the date property of the version it also sets
EVENT_DATES = {"adopted": ELI.date_document, "promulgated": ELI.date_publication,
               "effective": ELI.first_date_entry_in_force, "repealed": ELI.date_no_longer_in_force,
               "amended": PG.dateAmended, "revised": PG.dateAmended, "approved": PG.dateApproved}


def _event_triples(q: Quads, reg: Regulation, work: str, ver: str) -> None:
    """Each information line's event (adopted, promulgated ...) as a pg:Event and a date of the version."""
    # a catalogue row's events are its own nodes (its graph's IRI under them): each graph describes
    # its events whole, so the search index, which reads graph by graph, sees what a query sees
    own = ver if reg.catalogue_line is None else catalogue_graph(ver)
    for i, ev in enumerate(reg.events):
        e = f"{own}/event{i + 1}"
        q.a(e, PG.Event)
        q.iri(ver, PG.event, e)
        q.lit(e, PG.eventKind, ev.kind)
        q.date(e, PG.date, ev.date)
        if reg.catalogue_line is None:
            q.lit(e, RDFS.label, ev.text or ev.kind)
        else:  # no words of its own (the timeline shows the text's, when a text names the event)
            q.lit(e, DCT.source, ev.text)
        q.lit(e, PG.text, ev.body)
        if ev.date and ev.kind in EVENT_DATES:
            q.date(ver, EVENT_DATES[ev.kind], ev.date)


def _structure_triples(q: Quads, reg: Regulation, work: str, ver: str) -> None:
    """Books, chapters, sections, articles, paragraphs and items, each a part of the one above."""
    seen: dict[str, int] = {}
    for p in reg.parts:
        _part_triples(q, p, ver, ver, ver, seen)


def _part_triples(q: Quads, p: Part, ver: str, parent: str, path: str, seen: dict[str, int]) -> None:
    local = _part_local(p)
    # articles are addressed flat under the version (article_iri), other parts by their path
    pi = f"{ver}/art{p.number}" + (f"-{p.suffix}" if p.suffix else "") if p.kind == "article" else f"{path}/{local}"
    # odd texts repeat a number (e.g. amendment decisions quoting articles): -dup2, -dup3 …; ``seen``
    # keeps the next number to try per IRI, so 100,000 repeats cost linear time, not quadratic
    base = pi
    n = seen.get(base, 1)
    while pi in seen:
        n += 1
        pi = f"{base}-dup{n}"
    seen[base] = n
    seen.setdefault(pi, 1)
    _part_lines(q, p, pi, parent, local)
    for c in p.parts:
        _part_triples(q, c, ver, pi, pi, seen)


# N-Quads terms of the part builder's predicates (the same text Quads._t makes of them)
_PART_TERMS = {name: nt_iri(value) for name, value in {
    "type": RDF.type, "subdivision": ELI.LegalResourceSubdivision, "has_part": ELI.has_part,
    "is_part_of": ELI.is_part_of, "number": PG.number, "suffix": PG.suffix, "pg_label": PG.label,
    "label": RDFS.label, "heading": PG.heading, "text": PG.text}.items()}


def _part_lines(q: Quads, p: Part, pi: str, parent: str, local: str) -> None:
    """The lines of one part, as ``q.a``/``q.iri``/``q.lit`` would write them (in that order, with
    the same index row), written in one go: the corpus has 400,000 parts, ten lines each."""
    k, tail = _PART_TERMS, q._tail
    cls = PART_CLASSES[p.kind]
    s, o, c = q._t(pi), q._t(parent), q._t(cls)
    label = (p.label + (" " + p.heading if p.heading else "")) if p.label else local
    text = p.text if p.kind in ("article", "paragraph", "item") else None
    lines = [f"{s} {k['type']} {c}{tail}", f"{s} {k['type']} {k['subdivision']}{tail}",
             f"{o} {k['has_part']} {s}{tail}", f"{s} {k['is_part_of']} {o}{tail}"]
    for pred, value in (("number", p.number), ("suffix", p.suffix or None), ("pg_label", p.label or local),
                        ("label", label), ("heading", p.heading), ("text", text)):
        if value is not None and value != "":
            lines.append(f"{s} {k[pred]} {nt_literal(value)}{tail}")
    q.lines += lines
    row = q.index.get(pi) or q.index.setdefault(pi, [None, None, [], []])
    if cls.startswith(_PG):
        row[3].append(cls)
    if row[0] is None and label:
        row[0] = str(label)
    if row[1] is None and text:
        row[1] = str(text)


def _reference_triples(q: Quads, reg: Regulation, work: str, ver: str) -> None:
    """根据《X》: the documents the version is based on or cites, with the quote as evidence."""
    for ref in reg.references:
        target = work_iri(ref.title)
        prop = RELATIONS.get(ref.relation, ELI.cites)
        q.iri(ver, prop, target)
        if ref.relation == "based_on":  # 根据《X》 binds the work, not only this version
            q.iri(work, prop, target)
        _titled_document(q.entities, target, ref.title)
        if reg.source is not None:
            q.evidence(ver, ver, ref.span, prop, target)


def _supersedes_triples(q: Quads, reg: Regulation, work: str, ver: str) -> None:
    """同时废止: the versions (a date of the same title) or works (a title) this version replaces."""
    for old in reg.supersedes:
        old_iri = version_iri(reg.title, old) if re.match(r"^\d{4}(-\d{2}){0,2}$", old) else work_iri(old)
        q.iri(ver, DCT.replaces, old_iri)
        q.iri(old_iri, DCT.isReplacedBy, ver)


def _titled_document(ent: Quads, iri_: str, title: str) -> None:
    """A document known only by its title (named in a regulation or a report)."""
    ent.a(iri_, PG.Document)
    ent.lit(iri_, DCT.title, title)
    ent.lit(iri_, RDFS.label, title)


# ------------------------------------------------------------------ reports

def report_iri(rep: Report) -> str:
    if rep.document.title:
        return work_iri(rep.document.title)
    return iri("report", rep.source.sha256[:16] or rep.source.path)


class _ReportGraph:
    """What the builders of one report share: its quads, IRI and text, and the IRIs of its units,
    named documents, sections and measures as they are minted (later builders link to them)."""

    def __init__(self, rep: Report):
        self.rep = rep
        self.doc = report_iri(rep)
        self.q = Quads(self.doc)
        self.text = rep.source.text
        self.units = {u.name: u for u in rep.units}
        self.documents: dict[str, str] = {}  # title -> IRI
        self.sections: dict[str, str] = {}  # section id -> IRI
        self.measures: dict[str, str] = {}  # measure id -> IRI

    def unit(self, name: str) -> str:
        """The IRI of a unit the report names, described with what extraction knows of it."""
        u = self.units.get(name)
        if u is None:
            return unit_triples(self.q, name)
        return unit_triples(self.q, u.name, level=u.level, kind=u.kind, parent=u.parent, aliases=u.aliases)

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    def evidence(self, subject: str, start: int, end: int, prop: str | None = None, obj: str | None = None):
        return self.q.evidence(subject, self.doc, self.span(start, end), prop, obj)


def report_quads(rep: Report) -> tuple[NamedNode, GraphText, GraphText]:
    """The quads of one report: the document, its parties and persons, units, named documents,
    sections, measures, figures and dates, each fact with its evidence (the report IRI is the
    evidence source). Returns ``(graph, quads, shared)`` as :func:`regulation_quads` does."""
    r = _ReportGraph(rep)
    for add in REPORT_BUILDERS:
        add(r)
    return r.q.graph, r.q.quads, r.q.entities.quads


def _report_document(r: _ReportGraph) -> None:
    """The report itself: title, type, source file, text, dates."""
    q, doc, info, src = r.q, r.doc, r.rep.document, r.rep.source
    q.a(doc, PG.Report, PG.Document, FOAF.Document)
    title = info.title or src.path
    q.lit(doc, DCT.title, title)
    q.lit(doc, RDFS.label, title)
    q.lit(doc, PG.docType, info.kind)
    q.lit(doc, PG.sourcePath, src.path)
    q.lit(doc, PG.sha256, src.sha256)
    q.lit(doc, PG.encoding, src.encoding)
    q.lit(doc, PG.text, r.text)
    q.date(doc, ELI.date_document, info.signed_date)
    q.date(doc, DCT.issued, info.published_date)
    q.lit(doc, PG.respondsToText, info.responds_to)
    q.evidence(doc, doc, info.title_span)


def _report_parties(r: _ReportGraph) -> None:
    """Who issued the report, whom it is addressed to, who published it."""
    q, doc, info = r.q, r.doc, r.rep.document
    if info.issuer:
        u = r.unit(info.issuer)
        q.iri(doc, DCT.creator, u)
        q.evidence(doc, doc, info.signature_span, DCT.creator, u)
    if info.addressee:
        u = r.unit(info.addressee)
        q.iri(doc, PG.addressee, u)
        q.evidence(doc, doc, info.addressee_span, PG.addressee, u)
    if info.publisher:
        q.iri(doc, PG.publisher, r.unit(info.publisher))


def _report_persons(r: _ReportGraph) -> None:
    """People named in the report (shared), with their role, unit and first mention."""
    ent = r.q.entities
    for person in r.rep.document.persons:
        p = person_iri(person.name)
        ent.a(p, PG.Person, FOAF.Person)
        ent.lit(p, FOAF.name, person.name)
        ent.lit(p, RDFS.label, person.name)
        ent.lit(p, PG.role, person.role)
        if person.unit:
            ent.iri(p, ORG.memberOf, r.unit(person.unit))
        for m in person.mentions[:1]:
            r.evidence(p, m.start, m.end)


def _report_units(r: _ReportGraph) -> None:
    """Every unit the report names, with every mention as evidence."""
    for u in r.rep.units:
        ui = r.unit(u.name)
        r.q.iri(ui, PG.inReport, r.doc)
        for m in u.mentions:
            r.evidence(ui, m.start, m.end)


def _report_documents(r: _ReportGraph) -> None:
    """Documents the report names (shared) and how it relates to each (a pg:DocumentReference)."""
    q, doc, ent = r.q, r.doc, r.q.entities
    for d in r.rep.documents:
        di = work_iri(d.title)
        r.documents[d.title] = di
        ent.a(di, PG.Document, FOAF.Document)
        ent.lit(di, DCT.title, d.title)
        ent.lit(di, RDFS.label, d.title)
        ent.lit(di, PG.docType, d.doc_type)
        ent.lit(di, PG.docNumber, d.doc_number)
        ent.lit(di, PG.level, d.level)
        if d.issuer:
            ent.iri(di, DCT.creator, r.unit(d.issuer))
        prop = RELATIONS.get(d.relation, ELI.cites)
        q.iri(doc, prop, di)
        ref = f"{doc}/ref/{iri_part(title_key(d.title))}"
        q.a(ref, PG.DocumentReference)
        q.iri(doc, PG.reference, ref)
        q.iri(ref, PG.document, di)
        q.lit(ref, PG.relation, d.relation)
        q.lit(ref, PG.statusInReport, d.status_in_report)
        for m in d.mentions:
            r.evidence(ref, m.start, m.end, prop, di)
        for cited in d.cites:
            ci = work_iri(cited)
            ent.iri(di, ELI.cites, ci)
            _titled_document(ent, ci, cited)


def _report_sections(r: _ReportGraph) -> None:
    """The report's numbered sections (一、二、 …) with their headings."""
    q, doc = r.q, r.doc
    for s in r.rep.sections:
        si = f"{doc}/s{s.ordinal}"
        r.sections[s.id] = si
        q.a(si, PG.Section)
        q.iri(doc, PG.hasSection, si)
        q.iri(si, PG.inReport, doc)
        q.lit(si, PG.ordinal, s.ordinal)
        q.lit(si, PG.marker, s.marker)
        q.lit(si, PG.heading, s.heading)
        q.lit(si, RDFS.label, s.heading)
        q.evidence(si, doc, s.heading_span or (r.span(s.start, s.end) if s.end > s.start else None))


def _report_measures(r: _ReportGraph) -> None:
    """Each measure: where it stands, its text, status, deadline, units and documents."""
    for m in r.rep.measures:
        mi = measure_iri(r.doc, m)
        r.measures[m.id] = mi
        _measure_triples(r, m, mi)
        _measure_links(r, m, mi)


def _measure_triples(r: _ReportGraph, m: Measure, mi: str) -> None:
    q = r.q
    q.a(mi, PG.Measure)
    si = r.sections.get(m.section)
    if si:
        q.iri(si, PG.hasMeasure, mi)
        q.iri(mi, PG.inSection, si)
    q.iri(mi, PG.inReport, r.doc)
    q.lit(mi, PG.ordinal, m.ordinal)
    q.lit(mi, PG.marker, m.marker)
    q.lit(mi, PG.heading, m.heading)
    q.lit(mi, RDFS.label, m.heading)
    q.lit(mi, PG.text, m.text)
    r.evidence(mi, m.start, m.end)
    for st in m.status:
        if st in STATUSES:
            q.iri(mi, PG.status, STATUSES[st])
    for sm in m.status_evidence:
        r.evidence(mi, sm.start, sm.end, PG.status)
    q.lit(mi, PG.deadlineText, m.deadline)
    q.date(mi, PG.deadline, m.deadline_iso)


def _measure_links(r: _ReportGraph, m: Measure, mi: str) -> None:
    """The units responsible for a measure (with the mentions inside it) and the documents it names."""
    for name in m.units:
        ui = r.unit(name)
        r.q.iri(mi, PG.responsibleUnit, ui)
        for mention in (r.units[name].mentions if name in r.units else []):
            if m.start <= mention.start and mention.end <= m.end:
                r.evidence(mi, mention.start, mention.end, PG.responsibleUnit, ui)
    for title in m.documents:
        r.q.iri(mi, PG.mentionsDocument, r.documents.get(title) or work_iri(title))


def _report_metrics(r: _ReportGraph) -> None:
    """Reported figures, each owned by the measure it stands in (else by the report)."""
    q, doc = r.q, r.doc
    for x in r.rep.metrics:
        xi = f"{doc}/metric/{x.start}-{x.end}"
        q.a(xi, PG.Metric)
        q.lit(xi, RDFS.label, x.text)
        if x.value is not None:
            q.lit(xi, PG.value, float(x.value))
        q.lit(xi, PG.approximate, bool(x.approx))
        q.lit(xi, PG.measureWord, x.unit)
        q.lit(xi, PG.what, x.what)
        q.lit(xi, PG.metricKind, x.kind)
        q.lit(xi, PG.subjectText, x.subject)
        q.lit(xi, PG.asOfText, x.as_of)
        q.date(xi, PG.asOf, x.as_of_iso)
        q.iri(xi, PG.inReport, doc)
        owner = r.measures.get(x.measure or "", doc)
        q.iri(owner, PG.reportsMetric, xi)
        r.evidence(xi, x.start, x.end)
        r.evidence(owner, x.start, x.end, PG.reportsMetric, xi)


def _report_dates(r: _ReportGraph) -> None:
    """Dates the report mentions, as events of the report."""
    q, doc = r.q, r.doc
    for d in r.rep.dates:
        e = f"{doc}/date/{d.start}-{d.end}"
        q.a(e, PG.Event)
        q.iri(doc, PG.event, e)
        q.lit(e, PG.eventKind, d.role or "mention")
        q.date(e, PG.date, d.iso)
        q.lit(e, RDFS.label, d.what or d.text)
        r.evidence(e, d.start, d.end)


# The report builders in order: each kind of fact is one function; later ones link to the IRIs
# earlier ones minted (documents and sections before measures, measures before figures).
REPORT_BUILDERS = (_report_document, _report_parties, _report_persons, _report_units, _report_documents,
                   _report_sections, _report_measures, _report_metrics, _report_dates)


def measure_iri(doc: str, m: Measure) -> str:
    sec = m.section.lstrip("S") or "0"
    return f"{doc}/s{sec}/m{m.ordinal}"


def catalogue_graph(version: str) -> str:
    """The named graph of what catalogue rows say about a regulation version (its text's graph is the
    version's own): each source replaces only its own facts when it is reloaded.

    >>> catalogue_graph("https://w3id.org/policygraph/id/regulation/x/2019-07-30")
    'https://w3id.org/policygraph/id/regulation/x/2019-07-30/catalogue'
    """
    return version + "/catalogue"


def links_graph(report: str) -> str:
    """The named graph holding a report's measure -> article links (rebuilt by ``link``)."""
    return report + "/links"


def report_links(rep: Report) -> list[tuple[str, list[ArticleCandidate], str]]:
    """``(measure IRI, ranked candidates, evidence IRI)`` of every measure of an extracted report:
    what :func:`links_quads` writes."""
    doc = report_iri(rep)
    return [(measure_iri(doc, m), m.articles, span_evidence_iri(doc, m.start, m.end)) for m in rep.measures]


def links_quads(report: str, measures: Iterable[tuple[str, Iterable[ArticleCandidate], str | None]]
                ) -> tuple[NamedNode, GraphText]:
    """The links graph of a report: the ranked candidates of each ``(measure IRI, candidates,
    evidence IRI)``. The same function serves a fresh report (:func:`report_links`) and stored
    measures re-linked when a regulation arrives after its report."""
    q = Quads(links_graph(report))
    for measure, cands, evidence in measures:
        _candidates(q, measure, cands, evidence, report)
    return q.graph, q.quads


def candidate_quads(report: str, measure: str, cands: Iterable[ArticleCandidate],
                    evidence: str | None = None) -> GraphText:
    """Ranked article candidates of one measure; asserted ones also as direct implements links.

    ``evidence`` is the IRI of the measure's own evidence (its text span in the report): the text a
    reviewer reads to check the link, with ``pg:matchedTerm`` saying which words matched.
    """
    q = Quads(links_graph(report))
    _candidates(q, measure, cands, evidence, report)
    return q.quads


def _candidates(q: Quads, measure: str, cands: Iterable[ArticleCandidate], evidence: str | None,
                report: str | None = None) -> None:
    for c in cands:
        art = article_iri(c.regulation, c.version_date, c.article, c.suffix)
        ci = f"{measure}/cand/{iri_local(art)}"
        q.a(ci, PG.ImplementationCandidate)
        q.iri(ci, PG.candidateFor, measure)
        q.iri(ci, PG.candidateArticle, art)
        q.lit(ci, PG.score, round(float(c.score), 4))
        q.lit(ci, PG.rank, c.rank)
        q.lit(ci, PG.method, c.method)
        q.lit(ci, PG.asserted, bool(c.asserted))
        for t in c.matched:
            q.lit(ci, PG.matchedTerm, t)
        for t in c.learned:
            q.lit(ci, PG.learnedTerm, t)
        if c.probability is not None:
            q.lit(ci, PG.probability, round(float(c.probability), 4))
        if evidence:
            q.iri(ci, PG.evidence, evidence)
        if report and c.sentence and c.sentence_start is not None:
            _sentence_evidence(q, ci, report, c, art)
        if c.asserted:
            q.iri(measure, ELI.ensures_implementation_of, art)


def _sentence_evidence(q: Quads, ci: str, report: str, c: ArticleCandidate, art: str) -> None:
    """The measure's sentence that matched the article best, as the evidence of the candidate link.
    Its IRI is the candidate's own (not a span IRI of the report graph), so that it never merges with
    the evidence of another fact that happens to cover the same characters."""
    q.evidence(ci, report, Span(c.sentence_start, c.sentence_end, c.sentence), ELI.ensures_implementation_of,
               art, iri=f"{ci}/sentence")


def iri_local(article_iri: str) -> str:
    """A short, unique local key for an article IRI (work key + version + article)."""
    return article_iri.rsplit("/work/", 1)[-1].replace("/", "_")


def alignment_graph(local: Regulation, national: Regulation) -> str:
    return iri("alignment", title_key(local.title), local.version_date or "undated",
               title_key(national.title), national.version_date or "undated")


def alignment_quads(local: Regulation, national: Regulation, rows: list[dict]) -> GraphText:
    """Alignment rows (from :func:`policygraph.link.align.align`) as pg:Alignment nodes; asserted
    rows also as ``local article pg:elaborates national article``."""
    q = Quads(alignment_graph(local, national))
    for r in rows:
        la = article_iri(local.title, local.version_date, r["local_article"], r.get("local_suffix"))
        na = article_iri(national.title, national.version_date, r["national_article"], r.get("national_suffix"))
        ai = f"{la}/align/{iri_local(na)}"
        q.a(ai, PG.Alignment)
        q.iri(ai, PG.alignmentOf, la)
        q.iri(ai, PG.alignedArticle, na)
        q.lit(ai, PG.score, round(float(r["score"]), 4))
        q.lit(ai, PG.rank, r["rank"])
        q.lit(ai, PG.asserted, bool(r["asserted"]))
        for t in r.get("matched") or []:
            q.lit(ai, PG.matchedTerm, t)
        if r["asserted"]:
            q.iri(la, PG.elaborates, na)
    return q.quads
