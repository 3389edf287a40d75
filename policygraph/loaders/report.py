"""The report pipeline: a file (or text) in, a :class:`~policygraph.records.Report` out.

:func:`extract_report` reads the file (plain text, HTML, .docx via ``text.READERS``), builds a
length-preserving Simplified view of the text (so Traditional reports work and every span stays
valid on the original), and runs the small components of :data:`COMPONENTS` in order. Each
component reads and fills a shared :class:`Context`; adding a step is adding a function to the list.
Components do not depend on sections: a report without recognisable structure still yields its
document info, units, documents, figures and dates.

Unit and document mentions come from :mod:`policygraph.extractors.units` / ``.documents`` (written
separately); when those modules are missing the lists stay empty and a warning says so.

>>> rep = extract_report("关于某区营商环境工作的报告\\n区人大常委会：\\n一、主要工作\\n一是优化服务。已建成驿站30个。\\n特此报告。\\n某区人民政府\\n2022年3月1日")
>>> [(m.id, m.status, [x.value for x in rep.metrics if x.measure == m.id]) for m in rep.measures]
[('S1.M1', ['done'], [30.0])]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..extractors.dates import find_dates, guess_report_date
from ..extractors.document_info import find_document_info
from ..extractors.metrics import find_metrics
from ..extractors.normalize import simplified_view
from ..extractors.status import measure_status
from ..extractors.structure import find_structure
from ..records import DocumentInfo, Report, Source
from . import docx as _docx  # noqa: F401  (registers the .docx reader)
from . import html as _html  # noqa: F401  (registers the .html reader)
from .text import normalise_newlines, read_source


def _optional(name: str):
    """A function of a colleague's module, or None while that module does not exist yet."""
    try:
        mod = __import__(f"policygraph.extractors.{name.split('.')[0]}", fromlist=["_"])
    except ImportError:
        return None
    return getattr(mod, name.split(".")[1], None)


@dataclass
class Context:
    """What the components share: the source, its Simplified view and the report being built."""

    source: Source
    view: str  # same length as source.text
    report: Report
    linker: Callable | None = None
    city: str | None = None
    province: str | None = None
    report_date: str | None = None
    year: int | None = None
    title_spans: list[tuple[int, int]] = field(default_factory=list)


# ------------------------------------------------------------------ components


def c_place(ctx: Context) -> None:
    guess = _optional("units.guess_place")
    if guess is not None:
        ctx.city, ctx.province = _safe(ctx, "guess_place", guess, ctx.view) or (None, None)
    if ctx.city is None:  # fall back on the signature: a line 沈阳市人民政府 near the end -> 沈阳市
        m = re.search(r"(?m)^\s*([\u4e00-\u9fff]{2,3}?市)(?:人民政府|人大常委会|[\u4e00-\u9fff]{0,12}(?:局|委员会|办公室))\s*$",
                      ctx.view[-400:])
        ctx.city = m.group(1) if m else None


def c_units(ctx: Context) -> None:
    find_units = _optional("units.find_units")
    if find_units is None:
        ctx.report.warnings.append("policygraph.extractors.units is not available: no units extracted")
        return
    ctx.report.units = _safe(ctx, "find_units", find_units, ctx.view, city=ctx.city, province=ctx.province) or []


def c_document_info(ctx: Context) -> None:
    ctx.report.document = find_document_info(ctx.view, units=ctx.report.units, city=ctx.city,
                                             province=ctx.province)
    doc = ctx.report.document
    ctx.report_date = doc.signed_date or doc.published_date or guess_report_date(ctx.view)
    ctx.year = int(ctx.report_date[:4]) if ctx.report_date else None
    if doc.title is None:
        ctx.report.warnings.append("no report title found")
    if ctx.report_date is None:
        ctx.report.warnings.append("no report date found: relative dates (年底前, 今年) are not resolved")


def c_dates(ctx: Context) -> None:
    dates = find_dates(ctx.view, report_date=ctx.report_date, year=ctx.year)
    doc = ctx.report.document
    for d in dates:  # the header and signature dates say what they are
        if doc.signature_span and doc.signature_span.start <= d.start < doc.signature_span.end:
            d.role, d.what = "signed", "signing date"
        elif doc.published_date and d.iso == doc.published_date and d.start < 400 and d.role == "event":
            d.role, d.what = "published", "published date"
    ctx.report.dates = dates


def c_structure(ctx: Context) -> None:
    ctx.report.sections, ctx.report.measures = find_structure(ctx.view)
    if not ctx.report.sections:
        ctx.report.warnings.append("no numbered sections found (一、二、 or （一）（二）)")


def c_documents(ctx: Context) -> None:
    find_documents = _optional("documents.find_documents")
    if find_documents is None:
        ctx.report.warnings.append("policygraph.extractors.documents is not available: no documents extracted")
        return
    ctx.report.documents = _safe(ctx, "find_documents", find_documents, ctx.view, city=ctx.city,
                                 report_date=ctx.report_date) or []


def c_metrics(ctx: Context) -> None:
    ctx.report.metrics = find_metrics(ctx.view, year=ctx.year, report_date=ctx.report_date,
                                      dates=ctx.report.dates)


def c_status(ctx: Context) -> None:
    for m in ctx.report.measures:
        st = measure_status(ctx.view[m.start:m.end], m.start, year=ctx.year,
                            report_date=ctx.report_date, dates=ctx.report.dates)
        m.status, m.status_evidence = st.status, st.evidence
        m.deadline, m.deadline_iso = st.deadline, st.deadline_iso


def c_assign(ctx: Context) -> None:
    """Units, documents and figures of each measure, from the mentions inside its span.

    A unit mentioned only inside a document title (《…领导小组办公室工作细则》) is not a unit of the
    measure: titles are names.
    """
    rep = ctx.report
    titles = [(m.start(), m.end()) for m in re.finditer(r"《[^《》\n]{1,300}》", ctx.view)]
    titles += [(mm.start, mm.end) for d in rep.documents for mm in d.mentions]

    def in_title(a, b):
        return any(s <= a and b <= e and (s, e) != (a, b) for s, e in titles)

    for m in rep.measures:
        m.units = _unique(u.name for u in rep.units for x in u.mentions
                          if m.start <= x.start and x.end <= m.end and not in_title(x.start, x.end))
        m.documents = _unique(d.title for d in rep.documents for x in d.mentions
                              if m.start <= x.start and x.end <= m.end)
    for x in rep.metrics:
        owner = next((m for m in rep.measures if m.start <= x.start < m.end), None)
        x.measure = owner.id if owner else None


def c_link(ctx: Context) -> None:
    """``linker(measures)`` fills ``measure.articles`` (e.g. partial(link_measures, regulations=…))."""
    if ctx.linker is not None and ctx.report.measures:
        ctx.linker(ctx.report.measures)


def c_quotes(ctx: Context) -> None:
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


# The pipeline, in order. Each step is `fn(ctx) -> None`.
COMPONENTS: list[Callable[[Context], None]] = [
    c_place, c_units, c_document_info, c_dates, c_structure, c_documents, c_metrics, c_status,
    c_assign, c_link, c_quotes,
]


def _safe(ctx: Context, what: str, fn, *args, **kw):
    """Call a colleague's component; a crash there becomes a warning instead of losing the report."""
    try:
        return fn(*args, **kw)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - keep the rest of the extraction
        ctx.report.warnings.append(f"{what} failed: {type(exc).__name__}: {exc}")
        return None


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))


def _to_source(source_or_path) -> Source:
    if isinstance(source_or_path, Source):
        return source_or_path
    if isinstance(source_or_path, str) and ("\n" in source_or_path or len(source_or_path) > 255):
        text = normalise_newlines(source_or_path)  # a text given directly, not a path
        return Source("<text>", text, "utf-8")
    return read_source(Path(source_or_path))


MIN_CHINESE = 10  # fewer than this is a truncated page or a stub, not something to extract from


def extract_report(source_or_path, *, linker: Callable | None = None) -> Report:
    """Extract everything from one report.

    ``source_or_path``: a :class:`Source`, a path (str or Path), or the report text itself (a str
    with a line break). ``linker``: optional ``fn(measures)`` that fills ``measure.articles``.
    Raises :class:`InputError` for unreadable files and for texts with (almost) no Chinese.
    """
    src = _to_source(source_or_path)
    cjk = len(re.findall(r"[\u4e00-\u9fff]", src.text))
    if not cjk:
        raise InputError(src.path, "not a report: the text holds no Chinese characters")
    if cjk < MIN_CHINESE:
        raise InputError(src.path, f"not a report: only {cjk} Chinese characters "
                                   f"(an empty or truncated file?)")
    ctx = Context(src, simplified_view(src.text), Report(src, DocumentInfo()), linker)
    for step in COMPONENTS:
        step(ctx)
    return ctx.report


extract = extract_report
