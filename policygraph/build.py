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

from pyoxigraph import Literal, NamedNode, Quad

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
from .records import ArticleCandidate, Measure, Part, Regulation, Report, Span

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


class Quads:
    """Collects the quads of one named graph.

    ``entities`` collects, apart, the descriptions of nodes that many sources name (units, titled
    documents, people): they go to one shared graph, added to and never replaced, so that a query
    over all graphs meets each such fact once instead of once per source that names the node.
    """

    def __init__(self, graph: str, *, shared: bool = False):
        self.graph = node(graph)
        self.quads: list[Quad] = []
        self.entities: Quads = self if shared else Quads(ENTITIES, shared=True)

    def iri(self, s: str, p: str, o: str) -> None:
        self.quads.append(Quad(node(s), node(p), node(o), self.graph))

    def lit(self, s: str, p: str, value) -> None:
        if value is None or value == "":
            return
        self.quads.append(Quad(node(s), node(p), literal(value), self.graph))

    def date(self, s: str, p: str, value: str | None) -> None:
        if value:
            self.quads.append(Quad(node(s), node(p), date_literal(value), self.graph))

    def a(self, s: str, *classes: str) -> None:
        for c in classes:
            self.iri(s, RDF.type, c)

    def evidence(self, subject: str, doc: str, span: Span | None, prop: str | None = None,
                 obj: str | None = None) -> str | None:
        """Attach ``span`` of ``doc`` as evidence of ``subject`` (and of its edge ``prop`` -> ``obj``)."""
        if span is None:
            return None
        ev = span_evidence_iri(doc, span.start, span.end)
        sel = ev + "/sel"
        self.iri(subject, PG.evidence, ev)
        self.a(ev, PG.Evidence)
        self.iri(ev, OA.hasSource, doc)
        self.iri(ev, OA.hasSelector, sel)
        self.a(sel, OA.TextPositionSelector, OA.TextQuoteSelector)
        self.lit(sel, OA.start, span.start)
        self.lit(sel, OA.end, span.end)
        self.lit(sel, OA.exact, span.text)
        if prop:
            self.iri(ev, PG.forProperty, prop)
        if obj:
            self.iri(ev, PG.forObject, obj)
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
                     resolve_issuer=None) -> tuple[NamedNode, list[Quad], list[Quad]]:
    """The quads of one regulation version: work, version, structure, events, references.

    Returns ``(graph, quads, shared)``: the version's named graph, its quads, and the descriptions
    of shared nodes (the work, units, named documents) for the entities graph.

    ``resolve_issuer(name) -> (canonical name, level, kind, parent) | None`` turns an issuer name into
    a unit (so 国务院 from a law file and from a report is one node).
    """
    work = work_iri(reg.title)
    ver = version_iri(reg.title, reg.version_date)
    q = Quads(graph or ver)
    ent = q.entities
    ent.a(work, PG.Regulation, ELI.LegalResource)
    ent.lit(work, DCT.title, reg.title)
    ent.lit(work, RDFS.label, reg.short_title or reg.title)
    ent.lit(work, PG.shortTitle, reg.short_title)
    q.iri(work, ELI.is_realized_by, ver)  # per version: gone with the version's graph
    if reg.level:
        ent.iri(work, PG.legalLevel, LEVELS.get(reg.level, PG.OtherLevel))
    ent.lit(work, PG.region, reg.region)

    q.a(ver, PG.RegulationVersion, ELI.LegalExpression)
    q.iri(ver, ELI.realizes, work)
    q.lit(ver, DCT.title, reg.title)
    q.lit(ver, RDFS.label, f"{reg.title}({reg.version_date})" if reg.version_date else reg.title)
    q.date(ver, ELI.version_date, reg.version_date)
    if reg.level:
        q.iri(ver, PG.legalLevel, LEVELS.get(reg.level, PG.OtherLevel))
    q.lit(ver, PG.region, reg.region)
    q.lit(ver, PG.docNumber, reg.doc_number)
    q.lit(ver, PG.complete, bool(reg.complete))
    q.lit(ver, PG.hasArticles, bool(reg.has_articles))
    q.lit(ver, PG.category, reg.category)
    q.lit(ver, PG.note, reg.note)
    if reg.in_force is not None:
        q.iri(ver, ELI.in_force, ELI["InForce-inForce"] if reg.in_force else ELI["InForce-notInForce"])
    if reg.source is not None:
        q.lit(ver, PG.sourcePath, reg.source.path)
        q.lit(ver, PG.sha256, reg.source.sha256)
        if not reg.has_articles:
            q.lit(ver, PG.text, reg.source.text)
    if reg.issuer:
        resolved = resolve_issuer(reg.issuer) if resolve_issuer else None
        name, level, kind, parent = resolved or (reg.issuer, None, None, None)
        u = unit_triples(q, name, level=level, kind=kind, parent=parent)
        ent.iri(work, ELI.passed_by, u)
        q.iri(ver, ELI.passed_by, u)

    date_props = {"adopted": ELI.date_document, "promulgated": ELI.date_publication,
                  "effective": ELI.first_date_entry_in_force, "repealed": ELI.date_no_longer_in_force,
                  "amended": PG.dateAmended, "revised": PG.dateAmended, "approved": PG.dateApproved}
    for i, ev in enumerate(reg.events):
        e = f"{ver}/event{i + 1}"
        q.a(e, PG.Event)
        q.iri(ver, PG.event, e)
        q.lit(e, PG.eventKind, ev.kind)
        q.date(e, PG.date, ev.date)
        q.lit(e, RDFS.label, ev.text or ev.kind)
        q.lit(e, PG.text, ev.body)
        if ev.date and ev.kind in date_props:
            q.date(ver, date_props[ev.kind], ev.date)

    seen: set[str] = set()

    def add_part(p: Part, parent_iri: str, path: str) -> None:
        local = _part_local(p)
        if p.kind == "article":
            pi = f"{ver}/art{p.number}" + (f"-{p.suffix}" if p.suffix else "")
        else:
            pi = f"{path}/{local}"
        base, n = pi, 2
        while pi in seen:  # odd texts repeat a number (e.g. amendment decisions quoting articles)
            pi = f"{base}-dup{n}"
            n += 1
        seen.add(pi)
        q.a(pi, PART_CLASSES[p.kind], ELI.LegalResourceSubdivision)
        q.iri(parent_iri, ELI.has_part, pi)
        q.iri(pi, ELI.is_part_of, parent_iri)
        q.lit(pi, PG.number, p.number)
        if p.suffix:
            q.lit(pi, PG.suffix, p.suffix)
        q.lit(pi, PG.label, p.label or local)
        q.lit(pi, RDFS.label, (p.label + (" " + p.heading if p.heading else "")) if p.label else local)
        q.lit(pi, PG.heading, p.heading)
        if p.kind in ("article", "paragraph", "item"):
            q.lit(pi, PG.text, p.text)
        for c in p.parts:
            add_part(c, pi, pi if p.kind != "article" else pi)

    for p in reg.parts:
        add_part(p, ver, ver)

    for ref in reg.references:
        target = work_iri(ref.title)
        prop = RELATIONS.get(ref.relation, ELI.cites)
        q.iri(ver, prop, target)
        if ref.relation == "based_on":  # 根据《X》 binds the work, not only this version
            q.iri(work, prop, target)
        ent.a(target, PG.Document)
        ent.lit(target, DCT.title, ref.title)
        ent.lit(target, RDFS.label, ref.title)
        if reg.source is not None:
            q.evidence(ver, ver, ref.span, prop, target)
    for old in reg.supersedes:
        old_iri = version_iri(reg.title, old) if re.match(r"^\d{4}(-\d{2}){0,2}$", old) else work_iri(old)
        q.iri(ver, DCT.replaces, old_iri)
        q.iri(old_iri, DCT.isReplacedBy, ver)
    return q.graph, q.quads, q.entities.quads


# ------------------------------------------------------------------ reports

def report_iri(rep: Report) -> str:
    if rep.document.title:
        return work_iri(rep.document.title)
    return iri("report", rep.source.sha256[:16] or rep.source.path)


def _span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def report_quads(rep: Report, *, resolve_document=None) -> tuple[NamedNode, list[Quad], list[Quad]]:
    """The quads of one report: the document, its sections, measures, units, documents, figures,
    dates and persons, each fact with its evidence (the report IRI is the evidence source).

    ``resolve_document(title) -> IRI | None`` maps a named document to a node already in the store
    (e.g. a short title to a loaded regulation); by default documents get :func:`work_iri`.
    """
    doc = report_iri(rep)
    q = Quads(doc)
    text = rep.source.text
    info = rep.document
    q.a(doc, PG.Report, PG.Document, FOAF.Document)
    title = info.title or rep.source.path
    q.lit(doc, DCT.title, title)
    q.lit(doc, RDFS.label, title)
    q.lit(doc, PG.docType, info.kind)
    q.lit(doc, PG.sourcePath, rep.source.path)
    q.lit(doc, PG.sha256, rep.source.sha256)
    q.lit(doc, PG.encoding, rep.source.encoding)
    q.lit(doc, PG.text, text)
    q.date(doc, ELI.date_document, info.signed_date)
    q.date(doc, DCT.issued, info.published_date)
    q.lit(doc, PG.respondsToText, info.responds_to)
    q.evidence(doc, doc, info.title_span)
    unit_by_name = {u.name: u for u in rep.units}

    def unit(name: str) -> str:
        u = unit_by_name.get(name)
        if u is None:
            return unit_triples(q, name)
        return unit_triples(q, u.name, level=u.level, kind=u.kind, parent=u.parent, aliases=u.aliases)

    if info.issuer:
        u = unit(info.issuer)
        q.iri(doc, DCT.creator, u)
        q.evidence(doc, doc, info.signature_span, DCT.creator, u)
    if info.addressee:
        u = unit(info.addressee)
        q.iri(doc, PG.addressee, u)
        q.evidence(doc, doc, info.addressee_span, PG.addressee, u)
    if info.publisher:
        u = unit(info.publisher)
        q.iri(doc, PG.publisher, u)
    for person in info.persons:
        p = person_iri(person.name)
        ent = q.entities
        ent.a(p, PG.Person, FOAF.Person)
        ent.lit(p, FOAF.name, person.name)
        ent.lit(p, RDFS.label, person.name)
        ent.lit(p, PG.role, person.role)
        if person.unit:
            ent.iri(p, ORG.memberOf, unit(person.unit))
        for m in person.mentions[:1]:
            q.evidence(p, doc, _span(text, m.start, m.end))

    # units: every unit with every mention as evidence
    for u in rep.units:
        ui = unit(u.name)
        q.iri(ui, PG.inReport, doc)
        for m in u.mentions:
            q.evidence(ui, doc, _span(text, m.start, m.end))

    # documents named in the report
    doc_iris: dict[str, str] = {}
    for d in rep.documents:
        di = (resolve_document(d.title) if resolve_document else None) or work_iri(d.title)
        doc_iris[d.title] = di
        ent = q.entities
        ent.a(di, PG.Document, FOAF.Document)
        ent.lit(di, DCT.title, d.title)
        ent.lit(di, RDFS.label, d.title)
        ent.lit(di, PG.docType, d.doc_type)
        ent.lit(di, PG.docNumber, d.doc_number)
        ent.lit(di, PG.level, d.level)
        if d.issuer:
            ent.iri(di, DCT.creator, unit(d.issuer))
        prop = RELATIONS.get(d.relation, ELI.cites)
        q.iri(doc, prop, di)
        ref = f"{doc}/ref/{iri_part(title_key(d.title))}"
        q.a(ref, PG.DocumentReference)
        q.iri(doc, PG.reference, ref)
        q.iri(ref, PG.document, di)
        q.lit(ref, PG.relation, d.relation)
        q.lit(ref, PG.statusInReport, d.status_in_report)
        for m in d.mentions:
            q.evidence(ref, doc, _span(text, m.start, m.end), prop, di)
        for cited in d.cites:
            ci = work_iri(cited)
            ent.iri(di, ELI.cites, ci)
            ent.a(ci, PG.Document)
            ent.lit(ci, DCT.title, cited)
            ent.lit(ci, RDFS.label, cited)

    # sections and measures
    sec_iris: dict[str, str] = {}
    for s in rep.sections:
        si = f"{doc}/s{s.ordinal}"
        sec_iris[s.id] = si
        q.a(si, PG.Section)
        q.iri(doc, PG.hasSection, si)
        q.iri(si, PG.inReport, doc)
        q.lit(si, PG.ordinal, s.ordinal)
        q.lit(si, PG.marker, s.marker)
        q.lit(si, PG.heading, s.heading)
        q.lit(si, RDFS.label, s.heading)
        q.evidence(si, doc, s.heading_span or (_span(text, s.start, s.end) if s.end > s.start else None))
    measure_iris: dict[str, str] = {}
    for m in rep.measures:
        mi = measure_iri(doc, m)
        measure_iris[m.id] = mi
        q.a(mi, PG.Measure)
        si = sec_iris.get(m.section)
        if si:
            q.iri(si, PG.hasMeasure, mi)
            q.iri(mi, PG.inSection, si)
        q.iri(mi, PG.inReport, doc)
        q.lit(mi, PG.ordinal, m.ordinal)
        q.lit(mi, PG.marker, m.marker)
        q.lit(mi, PG.heading, m.heading)
        q.lit(mi, RDFS.label, m.heading)
        q.lit(mi, PG.text, m.text)
        q.evidence(mi, doc, _span(text, m.start, m.end))
        for st in m.status:
            if st in STATUSES:
                q.iri(mi, PG.status, STATUSES[st])
        for sm in m.status_evidence:
            q.evidence(mi, doc, _span(text, sm.start, sm.end), PG.status)
        q.lit(mi, PG.deadlineText, m.deadline)
        q.date(mi, PG.deadline, m.deadline_iso)
        for name in m.units:
            ui = unit(name)
            q.iri(mi, PG.responsibleUnit, ui)
            for mention in (unit_by_name[name].mentions if name in unit_by_name else []):
                if m.start <= mention.start and mention.end <= m.end:
                    q.evidence(mi, doc, _span(text, mention.start, mention.end), PG.responsibleUnit, ui)
        for title in m.documents:
            di = doc_iris.get(title) or work_iri(title)
            q.iri(mi, PG.mentionsDocument, di)

    for x in rep.metrics:
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
        owner = measure_iris.get(x.measure or "", doc)
        q.iri(owner, PG.reportsMetric, xi)
        q.evidence(xi, doc, _span(text, x.start, x.end))
        q.evidence(owner, doc, _span(text, x.start, x.end), PG.reportsMetric, xi)
    for d in rep.dates:
        e = f"{doc}/date/{d.start}-{d.end}"
        q.a(e, PG.Event)
        q.iri(doc, PG.event, e)
        q.lit(e, PG.eventKind, d.role or "mention")
        q.date(e, PG.date, d.iso)
        q.lit(e, RDFS.label, d.what or d.text)
        q.evidence(e, doc, _span(text, d.start, d.end))
    return q.graph, q.quads, q.entities.quads


def measure_iri(doc: str, m: Measure) -> str:
    sec = m.section.lstrip("S") or "0"
    return f"{doc}/s{sec}/m{m.ordinal}"


def links_graph(report: str) -> str:
    """The named graph holding a report's measure -> article links (rebuilt by ``link``)."""
    return report + "/links"


def candidate_quads(report: str, measure: str, cands: Iterable[ArticleCandidate],
                    evidence: str | None = None) -> list[Quad]:
    """Ranked article candidates of one measure; asserted ones also as direct implements links.

    ``evidence`` is the IRI of the measure's own evidence (its text span in the report): the text a
    reviewer reads to check the link, with ``pg:matchedTerm`` saying which words matched.
    """
    q = Quads(links_graph(report))
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
        if evidence:
            q.iri(ci, PG.evidence, evidence)
        if c.asserted:
            q.iri(measure, ELI.ensures_implementation_of, art)
    return q.quads


def iri_local(article_iri: str) -> str:
    """A short, unique local key for an article IRI (work key + version + article)."""
    return article_iri.rsplit("/work/", 1)[-1].replace("/", "_")


def alignment_graph(local: Regulation, national: Regulation) -> str:
    return iri("alignment", title_key(local.title), local.version_date or "undated",
               title_key(national.title), national.version_date or "undated")


def alignment_quads(local: Regulation, national: Regulation, rows: list[dict]) -> list[Quad]:
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
