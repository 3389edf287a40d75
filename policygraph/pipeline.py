"""From files to named graphs: read -> extract -> resolve -> link -> RDF quads.

Each step is a small function; :func:`build_graphs` runs them over a batch of files and returns the
quads per named graph without touching any store, so a failure leaves every store as it was.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, Quad

from . import build
from .errors import PolicyGraphError
from .loaders import detect, iter_files
from .records import Regulation, Report


def _optional(module: str, name: str):
    """A function from a component that may be absent in a minimal install; None if missing."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def read_regulations(path: Path) -> list[Regulation]:
    from .loaders.law import read_regulation

    return [read_regulation(path)]


def read_catalogue(path: Path) -> list[Regulation]:
    from .loaders.catalogue import read_catalogue as rc

    return list(rc(path))


def read_report(path: Path) -> list[Report]:
    from .loaders.report import extract_report

    return [extract_report(path)]


# kind (from loaders.detect) -> reader returning records
READERS: dict[str, Callable[[Path], list]] = {
    "regulation": read_regulations,
    "catalogue": read_catalogue,
    "report": read_report,
}


def resolve_issuer(name: str):
    """Canonical (name, level, kind, parent) of an issuing body, via the units gazetteer if present."""
    canonical_unit = _optional("policygraph.extractors.units", "canonical_unit")
    if canonical_unit is None:
        return None
    try:
        u = canonical_unit(name)
    except Exception:  # the gazetteer must never stop a load; the raw name is kept instead
        return None
    if u is None:
        return None
    return (u.name, u.level, u.kind, u.parent)


@dataclass
class Batch:
    """The records read from a batch of files, and the files that failed."""

    regulations: list[Regulation] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # path -> kind
    errors: list[str] = field(default_factory=list)
    no_articles: list[str] = field(default_factory=list)


def read_batch(paths: Iterable[str | Path], *, keep_going: bool = False,
               progress: Callable[[Path], None] | None = None) -> Batch:
    """Read every file under ``paths`` into records. Raises on the first bad file unless
    ``keep_going``, in which case the error is recorded and the file skipped."""
    batch = Batch()
    for f in iter_files(paths):
        try:
            kind = detect(f)
            records = READERS[kind](f)
        except PolicyGraphError as exc:
            if not keep_going:
                raise
            batch.errors.append(str(exc))
            continue
        finally:
            if progress:
                progress(f)
        batch.files[str(f)] = kind
        for r in records:
            if isinstance(r, Regulation):
                batch.regulations.append(r)
                if not r.has_articles and r.source is not None:
                    batch.no_articles.append(str(f))
            else:
                batch.reports.append(r)
    return batch


def build_graphs(regulations: Iterable[Regulation], reports: Iterable[Report]
                 ) -> tuple[dict[NamedNode, list[Quad]], list[Quad]]:
    """The named graphs of a batch (one per regulation version, two per report: its facts and its
    links) and the shared entity descriptions."""
    graphs: dict[NamedNode, list[Quad]] = {}
    shared: list[Quad] = []
    for r in regulations:
        g, quads, ents = build.regulation_quads(r, resolve_issuer=resolve_issuer)
        if g in graphs:  # the same version twice in one batch (file + catalogue row): union
            graphs[g] = list(dict.fromkeys(graphs[g] + quads))
        else:
            graphs[g] = quads
        shared += ents
    for rep in reports:
        g, quads, ents = build.report_quads(rep)
        graphs[g] = quads
        shared += ents
        doc = build.report_iri(rep)
        links = []
        for m in rep.measures:
            links += build.candidate_quads(doc, build.measure_iri(doc, m), m.articles,
                                           build.span_evidence_iri(doc, m.start, m.end))
        graphs[build.node(build.links_graph(doc))] = links
    return graphs, list(dict.fromkeys(shared))


def concerned_titles(rep: Report) -> list[str]:
    """Titles of the regulations a report is about or implements (in the order named)."""
    first = [d.title for d in rep.documents if d.relation in ("is_about", "implements")]
    rest = [d.title for d in rep.documents if d.title not in first]
    return first + rest


def link_report(rep: Report, regulations: list[Regulation]) -> None:
    """Rank, for every measure, the articles of ``regulations`` it implements (fills measure.articles)."""
    link_measures = _optional("policygraph.link.articles", "link_measures")
    if link_measures is None or not regulations or not rep.measures:
        return
    link_measures(rep.measures, regulations)
