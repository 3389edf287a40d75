"""The Python API: :class:`PolicyGraph`, one object per store.

>>> pg = PolicyGraph.open(memory=True)
>>> pg.stats()
{}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import RdfFormat

from . import build, pipeline
from .errors import PolicyGraphError
from .ontology.terms import PG, local_name
from .records import Measure, Part, Regulation
from .stores.oxigraph import LoadResult, OxigraphStore, default_path

ONTOLOGY_DIR = Path(__file__).parent / "ontology"


class ViewFile(type(Path())):  # type(Path()): subclassing Path itself needs Python 3.12
    """The path of a written view; in a notebook it displays the view inline."""

    def _repr_html_(self) -> str:
        from .views.html import iframe

        return iframe(self.read_text(encoding="utf-8"))
DATA_DIR = Path(__file__).parent / "data"


@dataclass
class LoadSummary:
    """What :meth:`PolicyGraph.load` read and wrote."""

    files: dict[str, str] = field(default_factory=dict)  # path -> kind
    regulations: int = 0
    articles: int = 0
    reports: int = 0
    measures: int = 0
    no_articles: list[str] = field(default_factory=list)  # files kept as text: no 第…条 articles
    errors: list[str] = field(default_factory=list)  # files skipped with keep_going
    result: LoadResult = field(default_factory=LoadResult)
    relinked: int = 0  # reports re-linked because a regulation they concern was loaded

    def as_dict(self) -> dict:
        return {
            "files": len(self.files), "regulations": self.regulations, "articles": self.articles,
            "reports": self.reports, "measures": self.measures,
            "files_without_articles": len(self.no_articles), "errors": self.errors,
            "graphs_added": len(self.result.added), "graphs_replaced": len(self.result.replaced),
            "graphs_unchanged": len(self.result.unchanged), "quads_written": self.result.quads,
            "reports_relinked": self.relinked,
        }


class PolicyGraph:
    """A policy knowledge graph in a store: load files, ask questions, export, validate, view."""

    def __init__(self, store):
        self.store = store

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, store: str | Path | None = None, *, memory: bool = False, neo4j: str | None = None,
             falkordb: str | None = None, **server_options) -> PolicyGraph:
        """Open a graph.

        - ``PolicyGraph.open()``: the embedded store at ``$POLICYGRAPH_STORE`` or ``~/.policygraph/store``;
        - ``PolicyGraph.open("path/to/store")``: an embedded store in that folder;
        - ``PolicyGraph.open(memory=True)``: an in-memory store (notebooks, tests);
        - ``PolicyGraph.open(falkordb="redis://host:6379")`` / ``neo4j="bolt://host:7687"``: a server.
        """
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

    # ------------------------------------------------------------------ loading
    def load(self, paths: str | Path | Iterable[str | Path], *, keep_going: bool = False,
             progress: Callable[[Path], None] | None = None, link: bool = True) -> LoadSummary:
        """Read files and folders (regulations, catalogues, reports) and write them to the store.

        Everything is read and built before anything is written: a bad file raises
        :class:`~policygraph.errors.InputError` naming it and the store stays as it was (with
        ``keep_going=True`` bad files are skipped and listed in ``summary.errors``). Loading the
        same file twice changes nothing. Reports are linked to the articles of the regulations
        they concern, taken from this batch and from the store.

        >>> pg = PolicyGraph.open(memory=True)
        >>> s = pg.load(DATA_DIR / "catalogue.csv")   # doctest: +SKIP
        """
        if isinstance(paths, (str, Path)):
            paths = [paths]
        batch = pipeline.read_batch(paths, keep_going=keep_going, progress=progress)
        summary = LoadSummary(files=batch.files, errors=batch.errors, no_articles=batch.no_articles)
        summary.regulations = len(batch.regulations)
        summary.articles = sum(len(r.articles()) for r in batch.regulations)
        summary.reports = len(batch.reports)
        summary.measures = sum(len(r.measures) for r in batch.reports)
        if link:
            by_key: dict[str, Regulation] = {}
            for r in batch.regulations:  # the latest version with article text stands for the work
                key = build.title_key(r.title)
                if r.has_articles and (key not in by_key or (r.version_date or "") > (by_key[key].version_date or "")):
                    by_key[key] = r
            for rep in batch.reports:
                titles = pipeline.concerned_titles(rep) + self._titles_in(rep.source.text, by_key)
                pipeline.link_report(rep, self._regulations_for(titles, by_key))
        graphs, shared = pipeline.build_graphs(batch.regulations, batch.reports)
        summary.result = self.store.replace_graphs(graphs, shared=shared)
        if link and batch.regulations:
            loaded = {build.work_iri(r.title) for r in batch.regulations}
            fresh = {build.report_iri(r) for r in batch.reports}
            summary.relinked = self.relink(concerning=loaded, skip=fresh)
        self.store.flush()
        return summary

    def _backend(self):
        """The store's fetches (SPARQL on the embedded store, Cypher on a server)."""
        from .queries import backend

        return backend(self.store)

    def _regulations_for(self, titles: Iterable[str], batch: dict[str, Regulation] | None = None
                         ) -> list[Regulation]:
        """The regulations (with article text) named by ``titles``, from the batch or the store."""
        out, seen = [], set()
        for t in titles:
            key = build.title_key(t)
            if key in seen:
                continue
            seen.add(key)
            if batch and key in batch:
                out.append(batch[key])
                continue
            reg = self._stored_regulation(build.work_iri(t))
            if reg is not None:
                out.append(reg)
        return out

    def _titles_in(self, text: str, batch: dict[str, Regulation] | None = None) -> list[str]:
        """Titles of regulations with article text (batch or store) that ``text`` names literally,
        a fallback for reports whose document mentions were not recognised."""
        titles = {r.title for r in (batch or {}).values()}
        titles |= set(self._backend().titles_with_articles())
        return sorted((t for t in titles if len(t) >= 4 and t in text), key=lambda t: text.find(t))

    def _stored_regulation(self, work: str) -> Regulation | None:
        """The latest version of a stored regulation that has articles, as a record."""
        rows = sorted(self._backend().stored_versions(work), key=lambda r: (r["ver"], r["title"]))
        rows.sort(key=lambda r: str(r["date"] or ""), reverse=True)  # the latest; undated last
        if not rows:
            return None
        ver, title, date = rows[0]["ver"], rows[0]["title"], rows[0]["date"]
        arts = sorted(self._backend().article_texts(ver), key=lambda r: (r["n"], r["suf"] or 0))
        parts = [Part("article", r["n"], suffix=r["suf"], text=r["text"]) for r in arts]
        return Regulation(title=title, version_date=date, parts=parts)

    def relink(self, *, concerning: set[str] | None = None, skip: set[str] = frozenset()) -> int:
        """Re-rank measure -> article links of stored reports (all, or those concerning the given
        regulation work IRIs). Returns how many reports were re-linked."""
        b = self._backend()
        n = 0
        for rep in b.reports():
            if rep in skip:
                continue
            refs = b.report_references(rep)
            docs = {x["doc"] for x in refs}
            if concerning is not None and not (docs & concerning):
                continue
            ordered = sorted(refs, key=lambda x: x["rel"] not in ("is_about", "implements"))
            regs = self._regulations_for([x["title"] for x in ordered])
            measures = sorted(b.report_measures(rep), key=lambda m: m["m"])
            recs = [Measure(id=m["m"], section="", ordinal=m["ord"], marker="", heading="", text=m["text"],
                            start=0, end=0) for m in measures]
            evidence = {m["m"]: m["ev"] for m in measures}
            link_measures = pipeline._optional("policygraph.link.articles", "link_measures")
            if link_measures is None:
                return 0
            if regs and recs:
                link_measures(recs, regs)
            quads = []
            for m in recs:
                quads += build.candidate_quads(rep, m.id, m.articles, evidence.get(m.id))
            self.store.replace_graphs({build.node(build.links_graph(rep)): quads})
            n += 1
        return n

    # ------------------------------------------------------------------ whole-graph operations
    def stats(self) -> dict[str, int]:
        """Node counts per class of the ontology, keyed by the class's local name.

        >>> PolicyGraph.open(memory=True).stats()
        {}
        """
        counts = self._backend().class_counts()
        return {local_name(c): n for c, n in sorted(counts.items()) if c.startswith(str(PG))}

    def sparql(self, query: str, **bindings):
        """Run a SPARQL SELECT and return a DataFrame (ASK -> bool, CONSTRUCT -> list of triples).

        Values in ``bindings`` are bound to the query's variables safely (as RDF terms, never pasted
        into the text): ``pg.sparql("SELECT ?m WHERE { ?m pg:heading ?h }", h="优化机构设置")``.
        """
        import pandas as pd
        from pyoxigraph import QuerySolutions

        from .stores.oxigraph import to_python

        res = self.store.query(query, bindings)
        if isinstance(res, bool):
            return res
        if isinstance(res, QuerySolutions):
            names = [v.value for v in res.variables]
            return pd.DataFrame([[to_python(s[n]) for n in names] for s in res], columns=names)
        return list(res)

    def export(self, fmt: str = "ttl", path: str | Path | None = None):
        """Serialise the whole graph: ``ttl``, ``nt`` or ``jsonld``. Returns bytes when ``path`` is None."""
        formats = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES}
        if fmt in formats:
            return self.store.dump(formats[fmt], path)
        if fmt == "jsonld":
            g = self.to_rdflib()
            data = g.serialize(format="json-ld", auto_compact=True).encode("utf-8")
            if path is None:
                return data
            Path(path).write_bytes(data)
            return None
        raise PolicyGraphError(f"unknown export format {fmt!r}; use ttl, nt or jsonld")

    def to_rdflib(self):
        """The whole graph as an ``rdflib.Graph`` (for pySHACL and rdflib users)."""
        import rdflib

        g = rdflib.Graph()
        g.parse(data=self.store.dump(RdfFormat.N_TRIPLES), format="nt")
        from .ontology.terms import NAMESPACES

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
                                             inference="none",
                                             advanced=False, allow_warnings=True)
        return bool(conforms), text

    # ------------------------------------------------------------------ links and views
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
        df = pd.DataFrame(rows)
        cols = ["local_regulation", "local_article", "national_regulation", "national_article", "score",
                "rank", "asserted", "matched"]
        df = df.reindex(columns=cols)
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
        from .resolve import resolve_regulation

        work = resolve_regulation(self.store, str(name))
        reg = self._stored_regulation(work)
        if reg is None:
            raise PolicyGraphError(f"{name}: no article text is loaded for this regulation")
        return reg

    def to_networkx(self, *, with_paragraphs: bool = False):
        """The graph as a ``networkx.MultiDiGraph`` (nodes: IRIs with type, label, description,
        status, deadline, figures, evidence; edges with their relation as ``type``)."""
        from .graphview import to_networkx

        return to_networkx(self.store, with_paragraphs=with_paragraphs)

    # Above this many triples a view reads only the nodes it draws instead of the whole graph.
    SMALL_GRAPH = 300_000

    def _view_graph(self, *, focus=None, depth=2, trace=None, coverage=None, max_nodes=3000):
        from . import graphview
        from .resolve import resolve_node
        from .views import select

        small = self.store.count() <= self.SMALL_GRAPH

        def graph(nodes):
            return graphview.to_networkx(self.store, nodes=None if small else nodes)

        if focus:
            node = resolve_node(self.store, focus)
            G = graph(graphview.focus_nodes(self.store, node, depth))
            return select.focus(G, node, depth), "focus", f"焦点：{focus}"
        if trace:
            node = resolve_node(self.store, trace)
            paths = graphview.trace_paths(self.store, node)  # the paths graphq trace lists
            return select.trace(graph(graphview.path_nodes(paths, node)), node, paths), "trace", f"追溯：{trace}"
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

        if not hasattr(self.store, "raw"):
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
        where = getattr(self.store, "path", None) or getattr(self.store, "kind", "?")
        return f"<PolicyGraph {where}>"


from . import queries as _queries  # noqa: E402  (helpers are attached to the class)

_queries.attach(PolicyGraph)


def extract(path: str | Path, *, graph: PolicyGraph | None = None):
    """Extract a report into a :class:`~policygraph.records.Report` without writing anything.

    With ``graph``, each measure also gets its ranked article candidates against the regulations in
    that graph. ``report.to_json()`` gives the JSON form.

    >>> rep = extract(DATA_DIR / "reports" / "dalian_2021-09-18_review-opinions-report.txt")  # doctest: +SKIP
    """
    from .loaders.report import extract_report

    rep = extract_report(path)
    if graph is not None:
        pipeline.link_report(rep, graph._regulations_for(pipeline.concerned_titles(rep)))
    return rep
