"""Loading, in one pass: read -> extract -> resolve -> link -> build -> write.

:func:`load` is what ``PolicyGraph.load`` and ``graphq load`` run. Each step is a function of
records, and only the last one touches the store:

1. **read and extract** (:func:`read_batch`): every file through the reader of its kind
   (:data:`READERS`, kinds from :func:`policygraph.loaders.detect`) into plain records
   (:mod:`policygraph.records`): regulations from laws Markdown and catalogues, reports through
   :func:`policygraph.loaders.report.extract_report`;
2. **resolve** (:func:`resolve_entities`): extracted names -> canonical entities
   (:mod:`policygraph.resolve`), e.g. the issuer of a regulation -> a unit of the gazetteer;
3. **link** (:func:`link_reports`): each measure's ranked articles (:mod:`policygraph.link`),
   against the regulations a :class:`RegulationIndex` finds for its report: in the batch first,
   then in the store, each read once;
4. **build** (:func:`build_graphs`): records -> quads, one named graph per source
   (:mod:`policygraph.build`); nothing is written before every file has been read and built, so a
   bad file leaves the store as it was;
5. **write** (:func:`write_graphs`): ``store.replace_graphs``; then stored reports that concern a
   regulation of this batch are linked again (:func:`relink_stored`) through the same link and
   build functions, reading their measures back from the store.

>>> from policygraph.datafiles import DATA_DIR
>>> from policygraph.stores.oxigraph import OxigraphStore
>>> store = OxigraphStore(None)
>>> load(store, [DATA_DIR / "regulations" / "优化营商环境条例(2019-10-22).md"]).articles
72
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode, Quad

from . import build, lookup, resolve
from .errors import NotFoundError, PolicyGraphError
from .graphtext import GraphText
from .loaders import detect, iter_files
from .progress import task as step
from .records import Measure, Part, Regulation, Report, Unit
from .stores.base import LoadResult


# ------------------------------------------------------------------ 1. read and extract
def read_regulations(path: Path) -> list[Regulation]:
    from .loaders.law import read_regulation

    return [read_regulation(path)]


def read_catalogue(path: Path) -> list[Regulation]:
    """Each row's facts (``catalogue_line`` set) and, after them, the texts the rows name."""
    from .loaders.catalogue import catalogue_rows

    rows = catalogue_rows(path)
    return [r.facts for r in rows] + [r.text for r in rows if r.text is not None]


def read_report(path: Path) -> list[Report]:
    from .loaders.report import extract_report

    return [extract_report(path)]


# kind (from loaders.detect) -> reader returning records: a new input format is a new entry here
READERS: dict[str, Callable[[Path], list]] = {
    "regulation": read_regulations,
    "catalogue": read_catalogue,
    "report": read_report,
}


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


# ------------------------------------------------------------------ 2. resolve
def resolve_entities(batch: Batch) -> dict[str, Unit]:
    """The canonical units of the batch's issuing bodies, by the name extraction found."""
    return resolve.issuers(batch.regulations)


# ------------------------------------------------------------------ 3. link
def stored_regulation(backend, work: str) -> Regulation | None:
    """The latest stored version of ``work`` that has article text, as a record (None if none)."""
    rows = sorted(backend.stored_versions(work), key=lambda r: (r["ver"], r["title"]))
    rows.sort(key=lambda r: str(r["date"] or ""), reverse=True)  # the latest; undated last
    if not rows:
        return None
    ver, title, date = rows[0]["ver"], rows[0]["title"], rows[0]["date"]
    arts = sorted(backend.article_texts(ver), key=lambda r: (r["n"], r["suf"] or 0))
    # the label matters: the linker cuts it from the text (its bigrams would match any 第七条)
    parts = [Part("article", r["n"], label=r["label"] or "", suffix=r["suf"], text=r["text"]) for r in arts]
    return Regulation(title=title, version_date=date, parts=parts)


class RegulationIndex:
    """The regulations (with article text) to link reports against: those of the batch first,
    then those in the store, each read from the store at most once.

    A work is known by its IRI (:func:`policygraph.build.work_iri`), so a title written in a
    report and the title of a loaded regulation meet when their normalised forms are equal.
    """

    def __init__(self, regulations: Iterable[Regulation] = (), backend=None):
        self.backend = backend
        self.batch: dict[str, Regulation] = {}
        for r in regulations:  # the latest version with article text stands for the work
            key = build.work_iri(r.title)
            old = self.batch.get(key)
            if r.has_articles and (old is None or (r.version_date or "") > (old.version_date or "")):
                self.batch[key] = r
        self._stored: dict[str, Regulation | None] = {}
        self._titles: list[str] | None = None

    def get(self, work: str) -> Regulation | None:
        """The regulation of a work IRI: the batch's, else the store's latest version with text."""
        if work in self.batch:
            return self.batch[work]
        if self.backend is None:
            return None
        if work not in self._stored:
            self._stored[work] = stored_regulation(self.backend, work)
        return self._stored[work]

    def named(self, titles: Iterable[str]) -> list[Regulation]:
        """The regulations with text among ``titles`` (titles or work IRIs), once each, in order."""
        works = dict.fromkeys(t if t.startswith("http") else build.work_iri(t) for t in titles)
        return [r for r in map(self.get, works) if r is not None]

    def titles(self) -> list[str]:
        """Titles of every regulation with article text, in the batch or the store."""
        if self._titles is None:
            stored = self.backend.titles_with_articles() if self.backend is not None else []
            self._titles = sorted({r.title for r in self.batch.values()} | set(stored))
        return self._titles

    def find(self, name: str) -> str:
        """The work IRI of a regulation a user names (full or short title, in the batch or the
        store), which must have article text; else :class:`~policygraph.errors.NotFoundError`."""
        work = name if name.startswith("http") else build.work_iri(lookup.clean(name))
        if work not in self.batch and self.backend is not None:
            work = lookup.find_regulation(self.backend, name)
        if self.get(work) is None:
            titles = self.titles()
            raise NotFoundError("regulation with article text", name, titles[:5], empty=not titles)
        return work

    def for_report(self, rep: Report) -> list[Regulation]:
        """The regulations a report concerns: those it names (about/implements first), then those
        whose title its text writes out although no mention was recognised."""
        return self.named(resolve.concerned_titles(rep) + resolve.titles_in(rep.source.text, self.titles()))


def link_measures(measures: list[Measure], regulations: list[Regulation]) -> None:
    """Fill each measure's ranked ``articles`` from ``regulations`` (nothing to do without either)."""
    if not measures or not regulations:
        return
    from .link.articles import link_measures as rank

    rank(measures, regulations)


def link_reports(reports: Iterable[Report], index: RegulationIndex, regulations: list[str] | None = None) -> None:
    """Link every report's measures, against the ``regulations`` named (titles or work IRIs) or,
    by default, those each report concerns (:meth:`RegulationIndex.for_report`)."""
    named = index.named(regulations) if regulations is not None else None
    for rep in reports:
        link_measures(rep.measures, named if named is not None else index.for_report(rep))


# ------------------------------------------------------------------ 4. build
Graphs = dict[NamedNode, GraphText]


def _own(g: NamedNode, quads: GraphText, shared: GraphText) -> GraphText:
    """A source's graph with the entity lines it contributes attached (once each, in order)."""
    return GraphText(g, quads.lines, list(dict.fromkeys(shared.lines)), quads.index)


def regulation_graph(reg: Regulation, issuers: dict[str, Unit], same: Iterable[Regulation] = ()) -> GraphText:
    """The graph of one regulation version: its text's, or its catalogue rows' (``reg.catalogue_line``
    set, :func:`build.catalogue_graph`); ``same`` are other records for that graph (rows of several
    catalogues): the graph is the union of all."""
    g, quads, ents = build.regulation_quads(reg, issuer=issuers.get(reg.issuer or ""))
    text = _own(g, quads, ents)
    for other in same:
        g2, q2, e2 = build.regulation_quads(other, issuer=issuers.get(other.issuer or ""))
        text = text.union(_own(g2, q2, e2))
    return text


# what a graph must say of its own subjects for the timeline, which is read graph by graph
# (stores.textindex): a catalogue graph keeps them even where its text says them too
_SUBJECT_LINES = (f" <{build.RDF.type}> ", f" <{build.DCT.title}> ")


def _without(facts: GraphText, text: GraphText | None) -> GraphText:
    """A catalogue graph without the other triples its row's own text states (date, level ...): the
    union of graphs holds as few triples twice as it can."""
    if text is None:
        return facts
    tail = len(f" {text.graph} .\n")
    said = {line[:-tail] for line in text.lines}
    tail = len(f" {facts.graph} .\n")
    lines = [line for line in facts.lines if line[:-tail] not in said or any(k in line for k in _SUBJECT_LINES)]
    if len(lines) == len(facts.lines):
        return facts
    return GraphText(facts.graph, lines, facts.shared)  # index None: the store reads it back


def report_graphs(rep: Report) -> list[GraphText]:
    """A report's two graphs: its facts (with the entity lines it contributes) and its links."""
    g, quads, ents = build.report_quads(rep)
    links, link_quads = build.links_quads(build.report_iri(rep), build.report_links(rep))
    out = [_own(g, quads, ents), link_quads]
    for text in out:
        text.whole = True
    return out


def build_graphs(regulations: Iterable[Regulation], reports: Iterable[Report],
                 issuers: dict[str, Unit] | None = None) -> tuple[Graphs, list[Quad]]:
    """The named graphs of a batch (one per regulation version, two per report: its facts and its
    links), each :class:`~policygraph.graphtext.GraphText` carrying the entity lines its source
    contributes; and those entity descriptions, once each, as quads."""
    issuers = issuers or {}
    graphs: Graphs = {}
    for r in regulations:
        text = regulation_graph(r, issuers)
        g = text.graph
        # the same graph twice in one batch (a file and a catalogue's text, two catalogues' rows): the union
        graphs[g] = graphs[g].union(text) if g in graphs else text
    for rep in reports:
        for text in report_graphs(rep):
            graphs[text.graph] = text
    shared = dict.fromkeys(line for t in graphs.values() for line in t.shared)
    return graphs, list(GraphText(build.node(build.ENTITIES), list(shared)))


# ------------------------------------------------------------------ 5. write, and re-link what was stored
def write_graphs(store, graphs: Graphs, shared: list[Quad] = ()) -> LoadResult:
    return store.replace_graphs(graphs, shared=shared)


BATCH_QUADS = 100_000  # quads built before a write: bounds memory (the store's bulk stream makes larger ones no faster)
BATCH_ENV = "POLICYGRAPH_BATCH_QUADS"


class GraphBatch:
    """Graphs built and not yet written; written when they hold ``limit`` quads, so that memory is
    bounded by a batch, not by the corpus (the store's write session keeps the whole load atomic)."""

    def __init__(self, store, result: LoadResult, limit: int = BATCH_QUADS):
        self.store, self.result, self.limit = store, result, limit
        self.graphs: Graphs = {}
        self.size = 0

    def add(self, text: GraphText) -> None:
        g = text.graph
        self.graphs[g] = self.graphs[g].union(text) if g in self.graphs and not text.whole else text
        self.size += len(text) + len(text.shared)
        if self.size >= self.limit:
            self.flush()

    def flush(self) -> None:
        if self.graphs:
            merge_results(self.result, write_graphs(self.store, self.graphs))
        self.graphs, self.size = {}, 0


def merge_results(into: LoadResult, res: LoadResult) -> None:
    into.added += res.added
    into.replaced += [g for g in res.replaced if g not in into.added]
    into.unchanged += res.unchanged
    into.quads += res.quads


def stored_measures(backend, report: str) -> tuple[list[Measure], dict[str, str | None]]:
    """A stored report's measures as records (``id`` is the measure's IRI; the section is not read
    back, linking does not use it) and the IRI of each one's own evidence."""
    measures, evidence = [], {}
    for r in sorted(backend.report_measures(report), key=lambda r: r["m"]):
        measures.append(Measure(id=r["m"], section="", ordinal=r["ord"], marker=r["marker"] or "",
                                heading=r["heading"] or "", text=r["text"], start=r["start"] or 0,
                                end=r["end"] or 0))
        evidence[r["m"]] = r["ev"]
    return measures, evidence


def relink_stored(store, index: RegulationIndex, *, concerning: set[str] | None = None,
                  skip: Iterable[str] = (), reports: Iterable[str] | None = None,
                  regulations: list[str] | None = None) -> int:
    """Link stored reports again and replace their links graphs; returns how many were linked.

    ``concerning``: only reports naming one of these work IRIs; ``skip``: report IRIs to leave
    (just loaded and linked); ``reports``: only these report IRIs; ``regulations``: link against
    these (titles or work IRIs) instead of the regulations each report names.
    """
    with write_session(store):
        return _relink(store, index, concerning, set(skip), reports, regulations)


def _relink(store, index, concerning, skip, reports, regulations) -> int:
    backend = index.backend
    todo = [r for r in (reports if reports is not None else backend.reports()) if r not in skip]
    n = 0
    for rep in todo:
        refs = backend.report_references(rep)
        if concerning is not None and not ({x["doc"] for x in refs} & concerning):
            continue
        if regulations is None:  # the regulations it is about or implements first
            named = [x["title"] for x in sorted(refs, key=lambda x: x["rel"] not in resolve.entities.CONCERNS)]
            regs = index.named(named)
        else:
            regs = index.named(regulations)
        measures, evidence = stored_measures(backend, rep)
        link_measures(measures, regs)
        graph, quads = build.links_quads(rep, ((m.id, m.articles, evidence[m.id]) for m in measures))
        write_graphs(store, {graph: quads})
        n += 1
    return n


def write_session(store):
    """The store's write session (everything in it is visible at once, or not at all), or nothing
    for a store without sessions (a server store writes graph by graph, marking them pending)."""
    return store.writing() if store.capabilities.sessions else contextlib.nullcontext()


# ------------------------------------------------------------------ the whole load
@dataclass
class LoadSummary:
    """What :func:`load` read and wrote."""

    files: dict[str, str] = field(default_factory=dict)  # path -> kind
    regulations: int = 0
    articles: int = 0
    reports: int = 0
    measures: int = 0
    no_articles: list[str] = field(default_factory=list)  # files kept as text: no 第…条 articles
    errors: list[str] = field(default_factory=list)  # files skipped with keep_going
    result: LoadResult = field(default_factory=LoadResult)
    relinked: int = 0  # stored reports linked again because a regulation they concern was loaded
    # files that are one report (the same title: a .txt, .docx and .html of one document), and
    # the one whose text was stored (the last: each replaces the one before)
    duplicates: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what readers had to do (coded W-READ-…), per file
    _same: dict[str, list[tuple]] = field(default_factory=dict, repr=False)  # report IRI -> (path, title, measures)

    @classmethod
    def of(cls, batch: Batch) -> LoadSummary:
        summary = cls()
        summary.add(batch)
        return summary

    def add(self, batch: Batch) -> None:
        """Count what ``batch`` read (a report read again under the same title replaces the one
        before, as its graph does, and is listed in ``duplicates``)."""
        self.files.update(batch.files)
        self.errors += batch.errors
        self.no_articles += batch.no_articles
        # versions, not records: a catalogue row's facts and its text are one version
        self.regulations += len({build.version_iri(r.title, r.version_date) for r in batch.regulations})
        self.articles += sum(len(r.articles()) for r in batch.regulations)
        said = [str(w) for rec in [*batch.regulations, *batch.reports] if rec.source is not None
                for w in rec.source.warnings]
        self.warnings = list(dict.fromkeys(self.warnings + said))  # catalogue rows share one source
        for rep in batch.reports:
            self._same.setdefault(build.report_iri(rep), []).append((rep.source.path, rep.document.title,
                                                                     len(rep.measures)))
        self.reports = len(self._same)
        self.measures = sum(reps[-1][2] for reps in self._same.values())
        self.duplicates = [{"document": reps[-1][1] or iri, "files": [r[0] for r in reps], "kept": reps[-1][0]}
                           for iri, reps in self._same.items() if len(reps) > 1]

    def __repr__(self) -> str:
        # a notebook cell shows this, not the 74,000 characters of every file and graph name
        d = self.as_dict()
        return (f"<LoadSummary {d['files']} files: {d['regulations']} regulation versions "
                f"({d['articles']} articles), {d['reports']} reports ({d['measures']} measures); graphs "
                f"{d['graphs_added']} added, {d['graphs_replaced']} replaced, {d['graphs_unchanged']} unchanged; "
                f"{len(self.errors)} errors, {len(self.duplicates)} duplicate reports>")

    def as_dict(self) -> dict:
        return {
            "files": len(self.files), "regulations": self.regulations, "articles": self.articles,
            "reports": self.reports, "measures": self.measures,
            "files_without_articles": len(self.no_articles), "errors": self.errors,
            "graphs_added": len(self.result.added), "graphs_replaced": len(self.result.replaced),
            "graphs_unchanged": len(self.result.unchanged), "quads_written": self.result.quads,
            "reports_relinked": self.relinked, "duplicates": self.duplicates, "warnings": self.warnings,
        }


def load(store, paths: Iterable[str | Path], *, keep_going: bool = False,
         progress: Callable[[Path], None] | None = None, link: bool = True,
         regulations: list[str] | None = None, batch_quads: int | None = None) -> LoadSummary:
    """Read, extract, resolve, link, build and write ``paths`` into ``store`` (see the module doc).

    Files stream through in batches of about ``batch_quads`` quads (memory is bounded by a batch;
    default ``$POLICYGRAPH_BATCH_QUADS`` or :data:`BATCH_QUADS`),
    inside one write session of the store: the load becomes visible at once when it has finished,
    and a bad file or a failure leaves the store as it was. Catalogues are read first (their rows
    join the version a file of the same regulation gives), then regulations, then reports, which
    are linked against the regulations of the batch and of the store.

    ``regulations`` (names as users write them, in the batch or the store) links the batch's
    reports against those instead of the regulations each report names.
    """
    batch_quads = batch_quads or int(os.environ.get(BATCH_ENV, BATCH_QUADS))
    with write_session(store):
        return _load(store, paths, keep_going, progress, link, regulations, batch_quads)


def _load(store, paths, keep_going, progress, link, regulations, batch_quads) -> LoadSummary:
    summary = LoadSummary()
    kinds = sort_by_kind(paths, summary, keep_going, progress)
    out = GraphBatch(store, summary.result, batch_quads)
    with step("reading and writing the regulations"):
        loaded = _load_regulations(kinds, summary, out, keep_going, progress)
        out.flush()
    index = RegulationIndex((), store.backend())
    if regulations is not None:
        regulations = [index.find(name) for name in regulations]
    fresh = set()
    with step("reading, linking and writing the reports"):
        for f in kinds.get("report", []):
            batch = read_batch([f], keep_going=keep_going, progress=progress)
            summary.add(batch)
            if link:
                link_reports(batch.reports, index, regulations)
            for rep in batch.reports:
                fresh.add(build.report_iri(rep))
                for text in report_graphs(rep):
                    out.add(text)
        out.flush()
    if store.capabilities.sessions:  # graphs several files make, merged (see OxigraphStore.settle)
        with step("merging the graphs several files make"):
            merge_results(summary.result, store.settle())
    if link and loaded:
        with step("linking stored reports to the new regulations"):
            summary.relinked = relink_stored(store, index, concerning=loaded, skip=fresh)
    return summary


def sort_by_kind(paths, summary: LoadSummary, keep_going: bool, progress=None) -> dict[str, list[Path]]:
    """The files under ``paths`` by kind (:func:`policygraph.loaders.detect`), in order; a file of
    no kind raises, or with ``keep_going`` is listed in ``summary.errors``."""
    kinds: dict[str, list[Path]] = {}
    for f in iter_files(paths):
        try:
            kinds.setdefault(detect(f), []).append(f)
        except PolicyGraphError as exc:
            if not keep_going:
                raise
            summary.errors.append(str(exc))
            if progress:
                progress(f)
    return kinds


def _load_regulations(kinds, summary: LoadSummary, out: GraphBatch, keep_going, progress) -> set[str]:
    """Catalogues, then regulation files, into ``out``; the work IRIs loaded. A version's text and
    what catalogue rows say of it are two sources in two graphs (the version's own and
    :func:`build.catalogue_graph`), so reloading either never drops what the other says."""
    batch = read_batch(kinds.get("catalogue", []), keep_going=keep_going, progress=progress)
    summary.add(batch)
    loaded = {build.work_iri(r.title) for r in batch.regulations}
    issuers = resolve_entities(batch)
    rows: dict[str, list[Regulation]] = {}  # version IRI -> catalogue rows' facts (small: no text)
    texts: dict[str, GraphText] = {}  # version IRI -> the text a row names
    for r in batch.regulations:
        if r.catalogue_line is None:
            texts[build.version_iri(r.title, r.version_date)] = text = regulation_graph(r, issuers)
            out.add(text)
        else:
            rows.setdefault(build.version_iri(r.title, r.version_date), []).append(r)
    for ver, same in rows.items():
        facts = regulation_graph(same[0], issuers, same[1:])
        out.add(_without(facts, texts.get(ver)))
    for f in kinds.get("regulation", []):
        b = read_batch([f], keep_going=keep_going, progress=progress)
        summary.add(b)
        issuers = resolve_entities(b)
        for r in b.regulations:
            loaded.add(build.work_iri(r.title))
            out.add(regulation_graph(r, issuers))
    return loaded
