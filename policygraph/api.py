"""The Python API: :class:`PolicyGraph`, one object per store.

Every public method has a ``graphq`` command of the same name and options (see
:mod:`policygraph.cli`). Loading is :mod:`policygraph.pipeline`; the questions are the
:class:`~policygraph.queries.QueryHelpers` this class inherits; both read the store through its
:class:`~policygraph.stores.base.Backend`.

>>> pg = PolicyGraph.open(memory=True)
>>> pg.stats().empty
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from pyoxigraph import RdfFormat

from . import build, pipeline, progress
from .datafiles import DATA_DIR
from .errors import NotFoundError, PolicyGraphError, ServerError, StoreError
from .pipeline import LoadSummary, RegulationIndex
from .queries import QueryHelpers
from .records import Regulation, Report
from .stores.oxigraph import OxigraphStore, default_path

ONTOLOGY_DIR = Path(__file__).parent / "ontology"
__all__ = ["PolicyGraph", "LoadSummary", "extract", "DATA_DIR", "ONTOLOGY_DIR"]


class ViewFile(type(Path())):  # type(Path()): subclassing Path itself needs Python 3.12
    """The path of a written view; in a notebook it displays the view inline."""

    def _repr_html_(self) -> str:
        from .views.html import iframe

        return iframe(self.read_text(encoding="utf-8"))


class PolicyGraph(QueryHelpers):
    """A policy knowledge graph in a store: load files, ask questions, export, validate, view.

    The questions (``measures``, ``units``, ``coverage`` …) are inherited from
    :class:`~policygraph.queries.QueryHelpers`.
    """

    def __init__(self, store):
        self.store = store

    @property
    def backend(self):
        """The store's named fetches (SPARQL on the embedded store, Cypher on a server)."""
        return self.store.backend()

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, store: str | Path | None = None, *, memory: bool = False, neo4j: str | None = None,
             falkordb: str | None = None, sparql: str | None = None, update: str | None = None,
             graph_store: str | None = None, create: bool = True, **server_options) -> PolicyGraph:
        """Open a graph.

        - ``PolicyGraph.open()``: the embedded store at ``$POLICYGRAPH_STORE`` or ``~/.policygraph/store``;
        - ``PolicyGraph.open("path/to/store")``: an embedded store in that folder;
        - ``PolicyGraph.open(memory=True)``: an in-memory store (notebooks, tests);
        - ``PolicyGraph.open(falkordb="redis://host:6379")`` / ``neo4j="bolt://host:7687"``: a server;
        - ``PolicyGraph.open(sparql="http://host:8890/sparql")``: an RDF server, any SPARQL 1.1 endpoint
          (``update=`` / ``graph_store=`` URLs when updates or Graph Store writes go elsewhere;
          ``user=``/``password=`` or ``$POLICYGRAPH_SPARQL_USER``/``$POLICYGRAPH_SPARQL_PASSWORD``), see
          :mod:`policygraph.stores.sparql_endpoint`.

        ``create=False`` opens only a store that exists: a folder that does not exist, or that
        holds no store, is a :class:`~policygraph.errors.StoreError` naming it (``graphq`` opens
        stores so for every command but ``load`` and ``demo``, so a mistyped path is an error,
        not an empty answer).
        """
        if (update or graph_store) and not sparql:
            raise PolicyGraphError("update= and graph_store= need sparql= (the query URL of the endpoint)")
        if sparql:
            from .stores.sparql_endpoint import SparqlEndpointStore

            return cls(SparqlEndpointStore(sparql, update, graph_store, **server_options))
        if falkordb or neo4j:
            from .stores.server import open_server

            return cls(open_server(neo4j=neo4j, falkordb=falkordb, **server_options))
        if memory:
            return cls(OxigraphStore(None))
        path = Path(store).expanduser() if store is not None else default_path()
        if not create:
            _check_store_folder(path)
        return cls(OxigraphStore(path))

    def close(self) -> None:
        self.store.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @staticmethod
    def _require(capable: bool, message: str) -> None:
        """What a store lacks is a clear error (only server stores lack anything)."""
        if not capable:
            raise ServerError(message)

    # ------------------------------------------------------------------ loading and linking
    def load(self, paths: str | Path | Iterable[str | Path], *, keep_going: bool = False,
             progress: Callable[[Path], None] | None = None, link: bool = True,
             regulations: list[str] | None = None) -> LoadSummary:
        """Read files and folders (regulations, catalogues, reports) and write them to the store.

        Everything is read and built before anything is written: a bad file raises
        :class:`~policygraph.errors.InputError` naming it and the store stays as it was (with
        ``keep_going=True`` bad files are skipped and listed in ``summary.errors``). Loading the
        same file twice changes nothing. Reports are linked to the articles of the regulations
        they concern, taken from this batch and from the store (or of the ``regulations`` named);
        stored reports concerning a regulation of the batch are linked again. The steps are
        :mod:`policygraph.pipeline`.

        >>> pg = PolicyGraph.open(memory=True)
        >>> pg.load(DATA_DIR / "catalogue.csv").regulations > 0
        True
        """
        if isinstance(paths, (str, Path)):
            paths = [paths]
        return pipeline.load(self.store, paths, keep_going=keep_going, progress=progress, link=link,
                             regulations=regulations)

    def link(self, *, regulations: list[str] | None = None, report: str | None = None) -> int:
        """Rank again the measure -> article links of the stored reports (or of ``report``, a
        report's title) against the regulations each names, or against ``regulations`` (names as
        written, with article text in the store). Returns how many reports were linked; run it
        after loading a regulation's text with ``link=False``."""
        index = RegulationIndex((), self.backend)
        works = [index.find(name) for name in regulations] if regulations is not None else None
        reports = [self._report(report)] if report is not None else None
        n = pipeline.relink_stored(self.store, index, reports=reports, regulations=works)
        self.store.flush()
        return n

    def _report(self, name: str) -> str:
        """The IRI of a stored report, by its title as written."""
        from .lookup import find_regulation

        stored = self.backend.reports()
        try:
            iri = find_regulation(self.backend, name)
        except NotFoundError:
            iri = None
        if iri not in stored:
            titles = sorted(t for r in stored for t in self.backend.titles(r))
            raise NotFoundError("report", name, titles[:5], empty=not stored)
        return iri

    def extract(self, path: str | Path, *, regulations: list[str] | None = None) -> Report:
        """:func:`extract` with this graph's regulations (or the ``regulations`` named): each measure
        gets its ranked articles; nothing is written."""
        return extract(path, graph=self, regulations=regulations)

    # ------------------------------------------------------------------ whole-graph operations
    def sparql(self, query: str, **bindings):
        """Run a SPARQL query: SELECT -> DataFrame, ASK -> bool, CONSTRUCT/DESCRIBE -> list of triples.

        Values in ``bindings`` are bound to the query's variables safely (as RDF terms, never pasted
        into the text): ``pg.sparql("SELECT ?m WHERE { ?m pg:heading ?h }", h="优化机构设置")``; a
        value that starts with ``http://`` or ``https://`` binds as an IRI and must be a valid one.
        An update (INSERT, DELETE, DROP …) is refused: the store is written by loading, which keeps
        each source's graph, digest and derived index in step. A syntax error says where it is.
        """
        import pandas as pd
        from pyoxigraph import QueryBoolean, QuerySolutions

        from .stores.oxigraph import to_python
        from .stores.sparql_queries import check_query

        self._require(self.store.capabilities.sparql, "SPARQL needs the embedded store; on a server use graphq cypher")
        check_query(query)
        res = self.store.query(query, _iri_bindings(bindings))
        if isinstance(res, (bool, QueryBoolean)):
            return bool(res)
        if isinstance(res, QuerySolutions):
            names = [v.value for v in res.variables]
            return pd.DataFrame([[to_python(s[n]) for n in names] for s in res], columns=names)
        return list(res)

    def cypher(self, query: str, **params):
        """Run Cypher on a server store (values as parameters, ``$name``); a DataFrame of the rows."""
        import pandas as pd

        if not self.store.capabilities.cypher:
            raise PolicyGraphError("cypher needs a server store: graphq --falkordb URL cypher ... or --neo4j URI")
        return pd.DataFrame(self.store.cypher(query, **params))

    EXPORT_FORMATS = {"ttl": "TURTLE", "nt": "N_TRIPLES", "nq": "N_QUADS", "trig": "TRIG", "jsonld": None}

    def export(self, fmt: str = "ttl", path: str | Path | None = None):
        """Serialise the whole graph: ``ttl`` (Turtle) or ``nt`` (N-Triples) as one graph, ``nq``
        (N-Quads) or ``trig`` (TriG) with each source's named graph kept (what a reload of one file
        replaces), or ``jsonld``. Writes ``path`` and returns None, or returns bytes when ``path``
        is None."""
        self._require(self.store.capabilities.triples, "export reads the embedded store; on a server use graphq cypher, or push "
                                 "from an embedded store")
        if fmt not in self.EXPORT_FORMATS:
            raise PolicyGraphError(f"unknown export format {fmt!r}; use {', '.join(self.EXPORT_FORMATS)}")
        if fmt == "jsonld":
            data = self.to_rdflib().serialize(format="json-ld", auto_compact=True).encode("utf-8")
            if path is None:
                return data
            Path(path).write_bytes(data)
            return None
        from .stores.export import write

        with progress.task(f"exporting ({fmt})", total=self.store.count()) as advance:
            return write(self.store, getattr(RdfFormat, self.EXPORT_FORMATS[fmt]), path, advance)

    def to_rdflib(self):
        """The whole graph as an ``rdflib.Graph`` (for pySHACL and rdflib users)."""
        import rdflib

        from .ontology.terms import NAMESPACES

        self._require(self.store.capabilities.triples, "a server store holds the property-graph projection, not the RDF triples")
        g = rdflib.Graph()
        g.parse(data=self.store.dump(RdfFormat.N_TRIPLES), format="nt")
        for p, ns in NAMESPACES.items():
            g.bind(p, str(ns))
        return g

    def validate(self, graphs: list[str] | None = None) -> tuple[bool, str]:
        """Check the graph against the SHACL shapes. Returns ``(conforms, report text)``; the
        report names the source graph (file) each failing node comes from.

        Each constraint of the shapes runs as one SPARQL query in the store itself
        (:mod:`policygraph.validation`), so nothing is copied out and the whole laws corpus takes
        seconds; the answer is pySHACL's (the tests compare them). ``graphs`` (named-graph IRIs)
        keeps only the failing nodes those graphs describe.
        """
        from .validation import validate

        self._require(self.store.capabilities.triples, "validate reads the RDF triples of the embedded store")
        return validate(self.store, graphs=graphs)

    def push(self, *, neo4j: str | None = None, falkordb: str | None = None, database: str | None = None,
             graph: str = "policygraph", user: str | None = None, password: str | None = None,
             batch_size: int = 2000, progress: Callable[[int, int], None] | None = None) -> dict:
        """Copy the embedded graph's property-graph projection into a Neo4j or FalkorDB server
        (batched ``UNWIND … MERGE``, idempotent). Returns ``{"nodes", "relationships", "batches", "seconds"}``."""
        from .stores.server import push

        if bool(neo4j) == bool(falkordb):
            raise PolicyGraphError("give exactly one of neo4j= (--neo4j URI) or falkordb= (--falkordb URL)")
        self._require(self.store.capabilities.triples, "push copies an embedded store; this store is a server already")
        return push(self.store, neo4j=neo4j, falkordb=falkordb, database=database, graph=graph, user=user,
                    password=password, batch_size=batch_size, progress=progress)

    # ------------------------------------------------------------------ links, alignments and views
    def align(self, local: str | Path, national: str | Path, *, k: int = 3, write: bool = False,
              limit: int | None = None):
        """Align each article of ``local`` with the ``national`` articles it elaborates.

        Both are regulation titles in the store or paths of laws Markdown files. Returns a DataFrame
        (local_regulation, local_article, national_regulation, national_article, score, rank,
        asserted, matched: the list of shared terms); ``write=True`` stores the alignments
        (pg:Alignment nodes and pg:elaborates links for asserted rows).

        >>> pg.align("北京市优化营商环境条例", "优化营商环境条例").head()    # doctest: +SKIP
        """
        from .link.align import align as do_align
        from .queries import frame

        loc, nat = self._regulation_arg(local), self._regulation_arg(national)
        rows = do_align(loc, nat, k=k)
        if write:
            self.store.replace_graphs({build.node(build.alignment_graph(loc, nat)):
                                       build.alignment_quads(loc, nat, rows)})
        return frame("align", [{**r, "score": round(r["score"], 4), "matched": list(r.get("matched") or [])}
                               for r in rows], limit=limit)

    def _regulation_arg(self, name: str | Path) -> Regulation:
        p = Path(name)
        if p.suffix.lower() in (".md", ".markdown") and p.exists():
            from .loaders.law import read_regulation

            return read_regulation(p)
        from .lookup import find_regulation

        reg = pipeline.stored_regulation(self.backend, find_regulation(self.backend, str(name)))
        if reg is None:
            raise PolicyGraphError(f"{name}: no article text is loaded for this regulation")
        return reg

    def to_networkx(self, *, with_paragraphs: bool = False):
        """The graph as a ``networkx.MultiDiGraph`` (nodes: IRIs with type, label, description,
        status, deadline, figures, evidence; edges with their relation as ``type``)."""
        from .graphview import to_networkx

        with progress.task("reading the graph into networkx"):
            return to_networkx(self.backend, with_paragraphs=with_paragraphs)

    # Above this many triples a view reads only the nodes it draws instead of the whole graph.
    SMALL_GRAPH = 300_000

    def _view_graph(self, *, focus=None, depth=2, trace=None, coverage=None, max_nodes=3000):
        from . import graphview, tracing
        from .ontology.terms import PG
        from .views import reach, select

        b = self.backend  # every read goes through the store's fetches: any store can be drawn
        small = b.view_size(self.SMALL_GRAPH) <= self.SMALL_GRAPH

        def graph(nodes):
            return graphview.to_networkx(b, nodes=None if small else nodes)

        if focus:
            node = self._view_node(focus)
            G = graph(reach.focus_nodes(b, node, depth))
            return select.focus(G, node, depth), "focus", f"焦点：{focus}"
        if trace:
            node = self._view_node(trace)
            paths = tracing.store_paths(b, node)  # the paths graphq trace lists
            return select.trace(graph(reach.path_nodes(paths, node)), node, paths), "trace", f"追溯：{trace}"
        if coverage:
            cov = self.coverage(coverage)  # the latest version with text, and whether it is complete
            version = cov.attrs["version_iri"]
            H = select.coverage(graph(reach.coverage_nodes(b, version)), version)
            if cov.attrs.get("note"):
                H.graph["pg_view"]["notice"] += " · " + cov.attrs["note"]
            return H, "coverage", f"覆盖：{cov.attrs['regulation']}"
        H = select.overview(graph(reach.report_nodes(b)), max_nodes=max_nodes)
        if not small:
            regs = b.class_counts().get(PG.Regulation, 0)
            note = (f"large graph: showing what the reports say and the regulations they concern "
                    f"(of {regs} regulations in the store); use --focus or --coverage for the rest")
            H.graph["pg_view"]["notice"] = "; ".join(x for x in (H.graph["pg_view"].get("notice"), note) if x)
        return H, "overview", "政策实施图谱：总览"

    def _view_node(self, name: str) -> str:
        """The node a view is about. A name that resolves to nothing drawable (an IRI not in the
        store, or no valid IRI at all, which no fetch puts into a query) is a :class:`NotFoundError`."""
        from .lookup import find_node as resolve_node

        node = resolve_node(self.backend, name)
        if not self.backend.view_nodes([node]):
            raise NotFoundError("node", name)
        return node

    def view(self, *, focus: str | None = None, depth: int = 2, trace: str | None = None,
             coverage: str | None = None, path: str | Path | None = None, max_nodes: int = 3000) -> Path:
        """Write an interactive, self-contained HTML view and return its path.

        The returned path displays the view inline when it is the last expression of a notebook
        cell (``pg.view(coverage="优化营商环境条例")``).

        One of: the overview (default), ``focus=NAME`` (its neighbourhood, ``depth`` hops),
        ``trace=NAME`` (paths up to the regulations) or ``coverage=REGULATION``.
        """
        from .views.html import render

        with progress.task("drawing the view"):
            sub, kind, title = self._view_graph(focus=focus, depth=depth, trace=trace, coverage=coverage,
                                                max_nodes=max_nodes)
            if path is None:
                path = Path.cwd() / f"policygraph-{kind}.html"
            return ViewFile(render(sub, path, title=title, kind=kind, max_nodes=max_nodes))

    def show(self, **kwargs):
        """Display a view inline in a notebook (same keywords as :meth:`view`, without ``path``)."""
        from .views.html import display

        sub, kind, title = self._view_graph(**kwargs)
        return display(sub, title=title, kind=kind)

    def __repr__(self) -> str:
        return f"<PolicyGraph {self.store.path or self.store.kind}>"


def _check_store_folder(path: Path) -> None:
    """A store folder that exists and holds a store (its pointer file), else why not."""
    from .stores.folder import StoreFolder

    if not path.exists():
        raise StoreError(f"no store at {path}: the folder does not exist (check the path; "
                         f"graphq --store {path} load FILE or graphq --store {path} demo creates one)")
    if not path.is_dir() or not StoreFolder.holds_store(path):
        raise StoreError(f"{path} is not a policygraph store (no store files in it); pass the folder "
                         f"a load created, or load into a new folder")


def _iri_bindings(bindings: dict) -> dict:
    """SPARQL bindings; a value written as an IRI must be a valid one (it is bound as an IRI)."""
    from .lookup import looks_like_iri, valid_iri

    for name, value in bindings.items():
        if isinstance(value, str) and looks_like_iri(value) and not valid_iri(value):
            raise PolicyGraphError(f"binding {name}={value!r}: not a valid IRI")
    return bindings


def extract(path: str | Path, *, graph: PolicyGraph | None = None,
            regulations: list[str] | None = None) -> Report:
    """Extract a report into a :class:`~policygraph.records.Report` without writing anything.

    With ``graph``, each measure also gets its ranked article candidates against the regulations in
    that graph it concerns (found as loading finds them), or against ``regulations`` (names as users
    write them, with article text in the graph: most reports carry out the State Council
    《优化营商环境条例》 without naming it). ``report.to_json()`` gives the JSON form, each measure's
    ``articles`` holding its candidates (score, rank, method, matched terms, the sentence that
    matched best, whether the link is asserted).

    >>> rep = extract(DATA_DIR / "reports" / "dalian_2021-09-18_review-opinions-report.txt")
    >>> len(rep.measures)
    19
    """
    from .loaders.report import extract_report

    rep = extract_report(path)
    if regulations is not None and graph is None:
        raise PolicyGraphError("extract(..., regulations=[...]) ranks against a graph's regulations: pass graph=")
    if graph is not None:
        index = RegulationIndex((), graph.backend)
        works = [index.find(name) for name in regulations] if regulations is not None else None
        pipeline.link_reports([rep], index, works)
    return rep
