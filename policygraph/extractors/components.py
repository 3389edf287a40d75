"""The default extraction components, registered by name (see :mod:`policygraph.extractors.pipeline`).

Each is ``fn(ctx) -> None`` and does one job; the registration says which fields of the context it
reads and writes, so a replacement knows what it must provide.
"""

from __future__ import annotations

import bisect
import re

from ..records import Unit
from . import genre as _genre
from .dates import find_dates, guess_report_date
from .document_info import find_document_info
from .documents import find_documents
from .metrics import find_metrics
from .pipeline import Context, component
from .places import find_place
from .responsibilities import find_responsibilities
from .status import measure_status
from .structure import body_range, find_structure, paragraphs
from .units import find_units


@component("place", reads=("view",), writes=("place", "city", "province", "district"))
def place(ctx: Context) -> None:
    """The place the text speaks for (市 in a city's report means that city, 省 its province), read
    from its title block, addressee, signature and source lines; never guessed."""
    ctx.place = find_place(ctx.view)
    ctx.city, ctx.province, ctx.district = ctx.place.city, ctx.place.province, ctx.place.district
    for w in ctx.place.warnings:
        code, _, message = w.partition(" ")
        ctx.warn(code, "place", message or None)


@component("units", reads=("view", "place"), writes=("report.units",))
def units(ctx: Context) -> None:
    """Units (bodies, offices, platforms, collectives) with every mention."""
    warnings: list[str] = []
    ctx.report.units = find_units(ctx.view, place=ctx.place, model=False, warnings=warnings)
    for w in warnings:
        code, _, message = w.partition(" ")
        ctx.warn(code, "units", message or None)


@component("document_info", reads=("view", "report.units", "city", "province"),
           writes=("report.document", "report_date", "year"))
def document_info(ctx: Context) -> None:
    """Title, issuer, addressee, dates, publisher and persons of the text itself."""
    doc = find_document_info(ctx.view, units=ctx.report.units, city=ctx.city, province=ctx.province,
                             district=ctx.district)
    ctx.report.document = doc
    doc.place = ctx.place.name if ctx.place else None
    ctx.report_date = doc.signed_date or doc.published_date or guess_report_date(ctx.view)
    ctx.year = int(ctx.report_date[:4]) if ctx.report_date else None
    if doc.title is None:
        ctx.warn("W-INFO-001", "document_info")
    if ctx.report_date is None:
        # an undated plan is of the year its title names (2020年…工作计划): month-days resolve to it
        m = re.search(r"((?:19|20)\d{2})年", doc.title or "")
        ctx.year = int(m.group(1)) if m else None
        ctx.warn("W-INFO-002", "document_info", None if m is None else
                 f"no report date found: relative dates are read in {ctx.year}, the year of the title")


@component("genre", reads=("view", "report.document"),
           writes=("report.document.genre", "report.document.kind", "genre_tense", "body"))
def genre(ctx: Context) -> None:
    """The kind of text (work report, plan, reply …) and the tense its body is told in by default."""
    paras = paragraphs(ctx.view)
    first, stop = body_range(paras)
    body = paras[first:stop]
    ctx.body = (body[0].start, body[-1].end) if body else (0, len(ctx.view))
    opening = "\n".join(p.text for p in paras[:first + 3])
    doc = ctx.report.document
    doc.genre, ctx.genre_tense = _genre.find_genre(doc.title, opening)
    doc.kind = _genre.kind_of_genre(doc.genre) or doc.kind
    if doc.issuer is None and doc.publisher and doc.genre in ("reply to proposal", "news"):
        doc.issuer = doc.publisher  # an unsigned reply is the replying bureau's; news is its outlet's
    if doc.genre is None:
        ctx.warn("W-GENRE-001", "genre")


@component("dates", reads=("view", "report_date", "year", "report.document"), writes=("report.dates",))
def dates(ctx: Context) -> None:
    """Calendar-anchored dates, periods and deadlines; the header and signature dates say what they are."""
    found = find_dates(ctx.view, report_date=ctx.report_date, year=ctx.year)
    doc = ctx.report.document
    for d in found:
        if doc.signature_span and doc.signature_span.start <= d.start < doc.signature_span.end:
            d.role, d.what = "signed", "signing date"
        elif doc.published_date and d.iso == doc.published_date and d.start < 400 and d.role == "event":
            d.role, d.what = "published", "published date"
    ctx.report.dates = found


@component("structure", reads=("view", "report.document"), writes=("report.sections", "report.measures"))
def structure(ctx: Context) -> None:
    """Sections and measures (every marked item and every heading-led paragraph)."""
    doc = ctx.report.document
    frame = [(x.start, x.end) for x in (doc.title_span, doc.addressee_span, doc.signature_span) if x]
    ctx.report.sections, ctx.report.measures = find_structure(ctx.view, skip=frame)
    if not ctx.report.sections:
        ctx.warn("W-STRUCTURE-001", "structure")
    if not ctx.report.measures:
        ctx.warn("W-STRUCTURE-002", "structure")


@component("tense", reads=("view", "body", "genre_tense", "report.sections", "report.measures"),
           writes=("report.parts", "section.tense", "measure.tense"))
def tense(ctx: Context) -> None:
    """Parts told as done (回顾), to be done (安排, 下一步) or as problems, and each measure's part."""
    rep = ctx.report
    rep.parts = _genre.tense_parts(ctx.view, ctx.body, ctx.genre_tense, rep.sections, rep.measures)
    for s in rep.sections:
        s.tense = ctx.tense_at(s.heading_span.start if s.heading_span else s.start)
    for m in rep.measures:
        m.tense = ctx.tense_at(m.start)


@component("documents", reads=("view", "place", "report_date", "report.parts"), writes=("report.documents",))
def documents(ctx: Context) -> None:
    """Documents named in the text, in 《》 or not, with how the text uses each (read against the
    tense of the part: 出台 in a plan part drafts a document, in a review part issues it)."""
    warnings: list[str] = []
    ctx.report.documents = find_documents(ctx.view, city=ctx.city, province=ctx.province, district=ctx.district,
                                          report_date=ctx.report_date, tense_at=ctx.tense_at, warnings=warnings)
    for w in warnings:
        code, _, message = w.partition(": ")
        ctx.warn(code, "documents", message or None)


@component("metrics", reads=("view", "year", "report_date", "report.dates", "report.parts"),
           writes=("report.metrics",))
def metrics(ctx: Context) -> None:
    """Figures: value, unit, kind (count, ratio, rank, target, money, duration), subject and as-of date."""
    ctx.report.metrics = find_metrics(ctx.view, year=ctx.year, report_date=ctx.report_date,
                                      dates=ctx.report.dates, tense_at=ctx.tense_at)


@component("responsibilities", reads=("view", "report.measures", "report.units", "report.dates"),
           writes=("measure.roles", "measure.deadline", "report.units"))
def responsibilities(ctx: Context) -> None:
    """Lead, responsible and cooperating units and deadlines from 牵头单位：/完成时限： lines."""
    rep = ctx.report
    for m in rep.measures:
        found = find_responsibilities(ctx.view, m.start, m.end, rep.units, rep.dates,
                                      city=ctx.city, province=ctx.province)
        m.roles = found.roles
        for u in found.new_units:
            _merge_unit(rep.units, u)
        if found.deadline:
            m.deadline, m.deadline_iso = found.deadline.text, found.deadline.iso
        ctx.settings.setdefault("role_spans", {})[m.id] = found.spans


def _merge_unit(units: list[Unit], new: Unit) -> None:
    for u in units:
        if u.name == new.name:
            u.mentions.extend(x for x in new.mentions if x not in u.mentions)
            return
    units.append(new)


@component("status", reads=("view", "report.measures", "report.parts", "report.dates", "year", "report_date"),
           writes=("measure.status", "measure.status_evidence", "measure.deadline"))
def status(ctx: Context) -> None:
    """Status of each measure (done / ongoing / planned), read against the tense of its part."""
    rep = ctx.report
    blank = ctx.settings.get("role_spans", {})
    for m in rep.measures:
        text = _blanked(ctx.view, m.start, m.end, blank.get(m.id, []))
        st = measure_status(text, m.start, tense=m.tense or ctx.genre_tense, year=ctx.year,
                            report_date=ctx.report_date, dates=rep.dates, heading_only=_heading_only(m, rep.measures),
                            skip=len(m.marker))
        m.status, m.status_evidence = st.status, st.evidence
        if m.deadline is None:
            m.deadline, m.deadline_iso = st.deadline, st.deadline_iso


def _blanked(view: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """The measure's text with the 牵头单位 … lines blanked (same length): they state no action."""
    text = view[start:end]
    for a, b in spans:
        text = text[:a - start] + " " * (b - a) + text[b - start:]
    return text


def _heading_only(m, measures) -> bool:
    """A block heading whose work is told by the items nested in it: (一)营造公平竞争的市场环境。"""
    rest = re.sub(r"\s", "", m.text[len(m.marker):])
    rest = re.sub(r"(?<=。)[^。]*[：:]$", "", rest)  # 重点任务。主要包括：announces the items below
    one_sentence = rest.count("。") <= 1 and rest.endswith("。") or "。" not in rest
    has_children = any(x.id.startswith(m.id + ".") for x in measures)
    return bool(m.marker) and one_sentence and has_children


@component("assign", reads=("report.measures", "report.units", "report.documents", "report.metrics"),
           writes=("measure.units", "measure.documents", "metric.measure"))
def assign(ctx: Context) -> None:
    """Units, documents and figures of each measure, from the mentions inside its span.

    A unit mentioned only inside a document title (《…领导小组办公室工作细则》) is not a unit of the
    measure: titles are names. Figures belong to the innermost measure that holds them.
    """
    rep = ctx.report
    titles = [(m.start(), m.end()) for m in re.finditer(r"《[^《》\n]{1,300}》", ctx.view)]
    titles += [(mm.start, mm.end) for d in rep.documents for mm in d.mentions]
    in_title = _encloser(titles)
    # mentions by start, so that each measure looks only at those inside its span (linear, not
    # measures x mentions: a report of one long line has hundreds of thousands)
    units = _Spans((x.start, x.end, u.name) for u in rep.units for x in u.mentions
                   if not in_title(x.start, x.end))
    docs = _Spans((x.start, x.end, d.title) for d in rep.documents for x in d.mentions)  # in the order given
    for m in rep.measures:
        names = units.inside(m.start, m.end) + [n for role in m.roles.values() for n in role]
        m.units = _unique(names)
        m.documents = _unique(docs.inside(m.start, m.end))
    for x in rep.metrics:
        owners = [m for m in rep.measures if m.start <= x.start < m.end]
        x.measure = max(owners, key=lambda m: m.start).id if owners else None


@component("link", reads=("report.measures",), writes=("measure.articles",))
def link(ctx: Context) -> None:
    """``ctx.linker(measures)`` fills ``measure.articles`` (e.g. partial(link_measures, regulations=…))."""
    if ctx.linker is not None and ctx.report.measures:
        ctx.linker(ctx.report.measures)


@component("quotes", reads=("source", "view", "report"), writes=("report",))
def quotes(ctx: Context) -> None:
    """Quotes from the original text: components saw the Simplified view, spans are the same."""
    text = ctx.source.text
    if text == ctx.view:
        return
    rep = ctx.report
    spans = [*rep.metrics, *rep.dates]
    spans += [x for u in rep.units for x in u.mentions] + [x for d in rep.documents for x in d.mentions]
    spans += [x for p in rep.document.persons for x in p.mentions]
    spans += [x for m in rep.measures for x in m.status_evidence]
    spans += [s.heading_span for s in rep.sections if s.heading_span]
    doc = rep.document
    spans += [s for s in (doc.title_span, doc.addressee_span, doc.signature_span) if s]
    for s in spans:
        s.text = text[s.start:s.end]
    for s in rep.sections:
        if s.heading_span:
            s.heading = s.heading_span.text
    for m in rep.measures:
        i = ctx.view.find(m.heading, m.start, m.end) if m.heading else -1
        m.text = text[m.start:m.end]
        if i >= 0:
            m.heading = text[i:i + len(m.heading)]
    if doc.title_span:
        doc.title = doc.title_span.text


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))


def _encloser(spans: list[tuple[int, int]]):
    """``in_any(a, b)``: whether some span other than (a, b) itself holds [a, b], in O(log n).

    >>> _encloser([(0, 10), (3, 5)])(3, 5), _encloser([(3, 5)])(3, 5), _encloser([(3, 9)])(3, 5)
    (True, False, True)
    """
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    reach, best = [], -1  # reach[i]: the furthest end among the first i + 1 spans
    for _, e in spans:
        best = max(best, e)
        reach.append(best)
    longest = {s: e for s, e in spans}  # sorted: the last (longest) span of each start wins

    def in_any(a: int, b: int) -> bool:
        i = bisect.bisect_left(starts, a)  # spans starting before a: any reaching b holds it
        return (i > 0 and reach[i - 1] >= b) or longest.get(a, -1) > b

    return in_any


class _Spans:
    """Labels of (start, end, label) spans, asked for those inside a range, in the order given."""

    def __init__(self, items):
        self.items = sorted(((s, e, n, label) for n, (s, e, label) in enumerate(items)), key=lambda t: t[0])
        self.starts = [t[0] for t in self.items]

    def inside(self, start: int, end: int) -> list[str]:
        i = bisect.bisect_left(self.starts, start)
        j = bisect.bisect_left(self.starts, end)
        held = sorted((t for t in self.items[i:j] if t[1] <= end), key=lambda t: t[2])
        return [t[3] for t in held]


