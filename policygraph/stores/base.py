"""What every store is, and what every store answers: the :class:`Store` and :class:`Backend` protocols.

A *store* holds the graph: it writes named graphs (:meth:`Store.replace_graphs`) and hands out a
*backend*, the named fetches that loading, linking, name look-up and the query helpers read
through (:class:`Backend`). The embedded store answers them in SPARQL
(:mod:`policygraph.stores.sparql_queries`), a server store in Cypher
(:mod:`policygraph.stores.cypher_queries`); both return the same rows, so nothing above this layer
knows which store it talks to.

What a store can do beyond that is *declared*, never sniffed: ``store.capabilities`` says whether
it answers SPARQL, holds RDF triples (export, validation, push), keeps derived tables beside it, or
answers Cypher. Every store can be drawn: the HTML views read through the backend too
(:class:`ViewFetches`).

>>> from policygraph.stores.oxigraph import OxigraphStore
>>> store = OxigraphStore(None)
>>> isinstance(store, Store), store.capabilities.sparql, store.capabilities.cypher
(True, True, False)
>>> isinstance(store.backend(), Backend)
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True)
class Capabilities:
    """What a store can do besides writing graphs and answering the :class:`Backend` fetches."""

    sparql: bool = False  # select()/query() take SPARQL (pg.sparql)
    triples: bool = False  # holds the RDF triples: export, validate, push, to_networkx (triples(), dump())
    text_index: bool = False  # keeps derived tables beside it for search and timeline (text_index())
    cypher: bool = False  # answers Cypher (cypher())
    sessions: bool = False  # writes in atomic sessions (writing()): a whole load appears at once or not at all


@dataclass
class LoadResult:
    """What a write did, graph by graph."""

    added: list[str] = field(default_factory=list)  # graphs that were not in the store
    replaced: list[str] = field(default_factory=list)  # graphs whose triples changed
    unchanged: list[str] = field(default_factory=list)  # graphs already holding exactly these triples
    quads: int = 0  # quads written


@runtime_checkable
class Store(Protocol):
    """A place that holds the graph. Implemented by :class:`~.oxigraph.OxigraphStore` (the default),
    :class:`~.server.ServerStore` (Neo4j, FalkorDB) and :class:`~.rdflib_store.RdflibStore` (a
    benchmark baseline).

    Methods a capability adds: ``query``/``select`` (``sparql``), ``triples``/``dump``/``count``
    (``triples``), ``text_index`` (``text_index``), ``cypher`` (``cypher``), ``writing`` (``sessions``:
    a context manager whose writes become visible together when it ends, and not at all if it fails). A store without the
    capability raises :class:`~policygraph.errors.ServerError` from them.
    """

    kind: str  # what repr and messages call the store (never a password)
    path: Path | None  # the folder of an embedded store on disk, else None
    capabilities: Capabilities

    def replace_graphs(self, graphs: Mapping[Any, list], *, shared: Iterable = ()) -> LoadResult:
        """Make each named graph hold exactly the given quads; add the ``shared`` quads (units and
        documents many sources describe) to the entities graph, which is only ever added to."""

    def select(self, sparql: str, bindings: Mapping[str, object] | None = None) -> list[dict]:
        """A SPARQL SELECT as rows of plain Python values (``sparql`` capability)."""

    def backend(self) -> Backend:
        """The named fetches of this store."""

    def flush(self) -> None:
        """Make written data durable."""

    def close(self) -> None:
        """Release the store (files, connections)."""


# ------------------------------------------------------------------ the fetches, by who reads them
# Rows are dicts with fixed keys (the variables of the SPARQL in sparql_queries.py); IRIs and types
# are full IRIs; a property with several values gives several rows, as SPARQL joins do.


@runtime_checkable
class HelperFetches(Protocol):
    """What the query helpers (:class:`policygraph.queries.QueryHelpers`) read."""

    def measure_rows(self) -> list[dict]: ...
    def unit_rows(self) -> list[dict]: ...
    def responsibility_rows(self, unit: str) -> list[dict]: ...
    def document_rows(self) -> list[dict]: ...
    def metric_rows(self) -> list[dict]: ...
    def measures_of_unit(self, unit: str) -> list[str]: ...
    def metrics_of_unit(self, unit: str) -> list[str]: ...
    def up_rows(self, node: str, props: list[str]) -> list[dict]: ...
    def labels(self, node: str) -> list[str]: ...
    def measures_mentioning(self, document: str) -> list[str]: ...
    def versions_with_articles(self, work: str) -> list[dict]: ...
    def coverage_rows(self, version: str) -> list[dict]: ...
    def timeline_rows(self, events: bool = True) -> list[dict]: ...
    def search_rows(self, text: str) -> list[dict]: ...
    def neighbor_rows(self, node: str) -> list[dict]: ...
    def class_counts(self) -> dict[str, int]: ...


@runtime_checkable
class LookupFetches(Protocol):
    """What query-time name look-up (:mod:`policygraph.lookup`) reads."""

    def existing(self, iris: Iterable[str]) -> dict[str, list[str]]: ...
    def regulations_of(self, parts: Iterable[str]) -> dict[str, str]: ...
    def units_named(self, name: str) -> list[str]: ...
    def units_with_pref_label(self, name: str) -> list[str]: ...
    def unit_labels(self) -> list[str]: ...
    def pref_labels(self, node: str) -> list[str]: ...
    def report_issuers(self) -> list[tuple[str, int]]: ...
    def titles(self, node: str) -> list[str]: ...
    def works_named(self, name: str) -> list[str]: ...
    def regulation_titles(self) -> list[str]: ...
    def articles(self, work: str, number: int, suffix: int) -> list[tuple[str, str | None]]: ...
    def measures_headed(self, heading: str) -> list[str]: ...
    def node_labels(self) -> list[str]: ...


@runtime_checkable
class LoadFetches(Protocol):
    """What loading and linking (:mod:`policygraph.pipeline`) read."""

    def titles_with_articles(self) -> list[str]: ...
    def stored_versions(self, work: str) -> list[dict]: ...
    def article_texts(self, version: str) -> list[dict]: ...
    def reports(self) -> list[str]: ...
    def report_references(self, report: str) -> list[dict]: ...
    def report_measures(self, report: str) -> list[dict]: ...


# ------------------------------------------------------------------ what the HTML views read
@runtime_checkable
class ViewFetches(Protocol):
    """What the views' graph (:func:`policygraph.graphview.to_networkx`) and the node sets of each
    view read; the trace view reads the helpers' ``up_rows``, ``labels`` and ``measures_mentioning``.

    ``nodes`` restricts a fetch to rows about those IRIs (its first variable); ``None`` means every
    node, which is how a small graph is drawn whole. An IRI that is not a valid IRI names no node
    and gives no rows (it never reaches a query's text).
    """

    # about the number of triples, counted up to limit + 1 (is the graph small enough to read whole?)
    def view_size(self, limit: int) -> int: ...
    def view_nodes(self, nodes: list[str] | None = None) -> list[dict]: ...
    def view_edges(self, nodes: list[str] | None = None) -> list[dict]: ...
    def view_names(self, nodes: list[str] | None = None) -> list[dict]: ...
    def view_article_texts(self, nodes: list[str] | None = None) -> list[dict]: ...
    def view_measure_attributes(self, nodes: list[str] | None = None) -> list[dict]: ...
    def view_metric_attributes(self, nodes: list[str] | None = None) -> list[dict]: ...
    def view_evidence(self, nodes: list[str] | None = None) -> list[dict]: ...
    def view_reference_evidence(self, documents: list[str] | None = None) -> list[dict]: ...
    def view_candidates(self, nodes: list[str] | None = None) -> list[dict]: ...
    def view_source_texts(self, sources: list[str]) -> list[dict]: ...
    def view_source_paths(self, nodes: list[str] | None = None) -> list[dict]: ...
    def view_part_versions(self, nodes: list[str]) -> list[dict]: ...
    def view_focus_step(self, frontier: list[str]) -> list[dict]: ...
    def view_report_nodes(self) -> list[str]: ...
    def view_report_regulations(self) -> list[dict]: ...
    def view_parts(self, nodes: list[str]) -> list[dict]: ...
    def view_implementers(self, nodes: list[str]) -> list[str]: ...
    def view_articles(self, nodes: list[str]) -> list[str]: ...


@runtime_checkable
class Backend(HelperFetches, LookupFetches, LoadFetches, ViewFetches, Protocol):
    """Every fetch of the layers above the stores."""


def fetch_names(protocol: type = Backend) -> list[str]:
    """The names of the fetches a protocol lists (for tests and docs).

    >>> "measure_rows" in fetch_names() and "report_measures" in fetch_names(LoadFetches)
    True
    """
    names = set()
    for cls in protocol.__mro__:
        if cls in (Protocol, object) or not getattr(cls, "_is_protocol", False):
            continue
        names |= {n for n, v in vars(cls).items() if callable(v) and not n.startswith("_")}
    return sorted(names)
