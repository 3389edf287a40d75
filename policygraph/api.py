"""The Python API: :class:`PolicyGraph`, one object per store.

Every public method has a ``graphq`` command of the same name and options (see
:mod:`policygraph.cli`). Loading is :mod:`policygraph.pipeline`; the questions are the
:class:`~policygraph.queries.QueryHelpers` this class inherits; both read the store through its
:class:`~policygraph.stores.base.Backend`.

>>> pg = PolicyGraph.open(memory=True)
>>> pg.stats()
{}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from pyoxigraph import RdfFormat

from . import build, pipeline
from .datafiles import DATA_DIR
from .errors import NotFoundError, PolicyGraphError, ServerError
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
             graph_store: str | None = None, **server_options) -> PolicyGraph:
        """Open a graph.

        - ``PolicyGraph.open()``: the embedded store at ``$POLICYGRAPH_STORE`` or ``~/.policygraph/store``;
        - ``PolicyGraph.open("path/to/store")``: an embedded store in that folder;
        - ``PolicyGraph.open(memory=True)``: an in-memory store (notebooks, tests);
        - ``PolicyGraph.open(falkordb="redis://host:6379")`` / ``neo4j="bolt://host:7687"``: a server;
        - ``PolicyGraph.open(sparql="http://host:8890/sparql")``: an RDF server, any SPARQL 1.1 endpoint
          (``update=`` / ``graph_store=`` URLs when updates or Graph Store writes go elsewhere;
          ``user=``/``password=`` or ``$POLICYGRAPH_SPARQL_USER``/``$POLICYGRAPH_SPARQL_PASSWORD``), see
          :mod:`policygraph.stores.sparql_endpoint`.
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
        return cls(OxigraphStore(store if store is not None else default_path()))

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

    def extract(self, path: str | Path) -> Report:
        """:func:`extract` with this graph's regulations: each measure gets its ranked articles."""
        return extract(path, graph=self)

    # ------------------------------------------------------------------ whole-graph operations
    def sparql(self, query: str, **bindings):
        """Run a SPARQL SELECT and return a DataFrame (ASK -> bool, CONSTRUCT -> list of triples).

        Values in ``bindings`` are bound to the query's variables safely (as RDF terms, never pasted
        into the text): ``pg.sparql("SELECT ?m WHERE { ?m pg:heading ?h }", h="优化机构设置")``.
        """
        import pandas as pd
        from pyoxigraph import QuerySolutions

        from .stores.oxigraph import to_python

        self._require(self.store.capabilities.sparql, "SPARQL needs the embedded store; on a server use graphq cypher")
        res = self.store.query(query, bindings)
        if isinstance(res, bool):
            return res
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

    def export(self, fmt: str = "ttl", path: str | Path | None = None):
        """Serialise the whole graph: ``ttl``, ``nt`` or ``jsonld``. Returns bytes when ``path`` is None."""
        self._require(self.store.capabilities.triples, "export reads the embedded store; on a server use graphq cypher, or push "
                                 "from an embedded store")
        formats = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES}
        if fmt in formats:
            return self.store.dump(formats[fmt], path)
        if fmt == "jsonld":
            data = self.to_rdflib().serialize(format="json-ld", auto_compact=True).encode("utf-8")
            if path is None:
                return data
            Path(path).write_bytes(data)
            return None
        raise PolicyGraphError(f"unknown export format {fmt!r}; use ttl, nt or jsonld")

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

    def validate(self) -> tuple[bool, str]:
        """Check the graph against the SHACL shapes. Returns ``(conforms, report text)``."""
        import pyshacl
        import rdflib

        shapes = rdflib.Graph().parse(ONTOLOGY_DIR / "shapes.ttl")
        ontology = rdflib.Graph().parse(ONTOLOGY_DIR / "policygraph.ttl")  # levels and statuses live here
        conforms, _, text = pyshacl.validate(self.to_rdflib(), shacl_graph=shapes, ont_graph=ontology,
                                             inference="none", advanced=False, allow_warnings=True)
        return bool(conforms), text

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
    def align(self, local: str | Path, national: str | Path, *, k: int = 3, write: bool = False):
        """Align each article of ``local`` with the ``national`` articles it elaborates.

        Both are regulation titles in the store or paths of laws Markdown files. Returns a DataFrame
        (local_article, national_article, score, rank, asserted, matched); ``write=True`` stores the
        alignments (pg:Alignment nodes and pg:elaborates links for asserted rows).

        >>> pg.align("北京市优化营商环境条例", "优化营商环境条例").head()    # doctest: +SKIP
        """
        import pandas as pd

        from .link.align import align as do_align

        loc, nat = self._regulation_arg(local), self._regulation_arg(national)
        rows = do_align(loc, nat, k=k)
        cols = ["local_regulation", "local_article", "national_regulation", "national_article", "score",
                "rank", "asserted", "matched"]
        df = pd.DataFrame(rows).reindex(columns=cols)
        if not df.empty:
            df["matched"] = df["matched"].map(lambda m: ", ".join(m) if isinstance(m, list) else m)
            df["score"] = df["score"].round(4)
        if write:
            self.store.replace_graphs({build.node(build.alignment_graph(loc, nat)):
                                       build.alignment_quads(loc, nat, rows)})
        return df

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

        self._require(self.store.capabilities.views, "to_networkx reads the embedded store; push from it or use graphq cypher")
        return to_networkx(self.store, with_paragraphs=with_paragraphs)

    # Above this many triples a view reads only the nodes it draws instead of the whole graph.
    SMALL_GRAPH = 300_000

    def _view_graph(self, *, focus=None, depth=2, trace=None, coverage=None, max_nodes=3000):
        from . import graphview
        from .lookup import find_node as resolve_node
        from .views import select

        small = self.store.count() <= self.SMALL_GRAPH

        def graph(nodes):
            return graphview.to_networkx(self.store, nodes=None if small else nodes)

        if focus:
            node = resolve_node(self.backend, focus)
            G = graph(graphview.focus_nodes(self.store, node, depth))
            return select.focus(G, node, depth), "focus", f"焦点：{focus}"
        if trace:
            node = resolve_node(self.backend, trace)
            return select.trace(graph(graphview.trace_nodes(self.store, node)), node), "trace", f"追溯：{trace}"
        if coverage:
            cov = self.coverage(coverage)  # the latest version with text, and whether it is complete
            version = cov.attrs["version_iri"]
            H = select.coverage(graph(graphview.coverage_nodes(self.store, version)), version)
            if cov.attrs.get("note"):
                H.graph["pg_view"]["notice"] += " · " + cov.attrs["note"]
            return H, "coverage", f"覆盖：{cov.attrs['regulation']}"
        G = graph(graphview.report_nodes(self.store))
        H = select.overview(G, max_nodes=max_nodes)
        if not small:
            regs = self.store.select("SELECT (COUNT(?w) AS ?n) WHERE { ?w a pg:Regulation }")[0]["n"]
            note = (f"large graph: showing what the reports say and the regulations they concern "
                    f"(of {regs} regulations in the store); use --focus or --coverage for the rest")
            H.graph["pg_view"]["notice"] = "; ".join(x for x in (H.graph["pg_view"].get("notice"), note) if x)
        return H, "overview", "政策实施图谱：总览"

    def view(self, *, focus: str | None = None, depth: int = 2, trace: str | None = None,
             coverage: str | None = None, path: str | Path | None = None, max_nodes: int = 3000) -> Path:
        """Write an interactive, self-contained HTML view and return its path.

        The returned path displays the view inline when it is the last expression of a notebook
        cell (``pg.view(coverage="优化营商环境条例")``).

        One of: the overview (default), ``focus=NAME`` (its neighbourhood, ``depth`` hops),
        ``trace=NAME`` (paths up to the regulations) or ``coverage=REGULATION``.
        """
        from .views.html import render

        if not self.store.capabilities.views:
            raise PolicyGraphError("views read the embedded store; on a server, push from an embedded store "
                                   "or run the view on the embedded copy")
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


def extract(path: str | Path, *, graph: PolicyGraph | None = None) -> Report:
    """Extract a report into a :class:`~policygraph.records.Report` without writing anything.

    With ``graph``, each measure also gets its ranked article candidates against the regulations in
    that graph it concerns (found as loading finds them). ``report.to_json()`` gives the JSON form.

    >>> rep = extract(DATA_DIR / "reports" / "dalian_2021-09-18_review-opinions-report.txt")
    >>> len(rep.measures)
    19
    """
    from .loaders.report import extract_report

    rep = extract_report(path)
    if graph is not None:
        pipeline.link_reports([rep], RegulationIndex((), graph.backend))
    return rep
