"""An RDF server as the store: any SPARQL 1.1 endpoint (Virtuoso, Fuseki, GraphDB, Oxigraph server, Neptune).

:class:`SparqlEndpointStore` is the :class:`~policygraph.stores.base.Store` protocol over the SPARQL
1.1 Protocol and the Graph Store HTTP Protocol (:mod:`.sparql_http`). Its backend is the
:class:`~policygraph.stores.sparql_queries.SparqlBackend` of the embedded store, sending the same
queries over HTTP, so every helper, ``sparql``, ``export``, ``validate`` and the views answer the
same rows. Search and timeline read a local SQLite index (:class:`~.textindex.TextIndex`, in memory
unless ``index_path`` is given) kept in step with the server's per-graph digests on every call, so
it is never stale even when others write to the server.

The server must evaluate a query without ``FROM`` over the union of its named graphs, as the
embedded store does (Virtuoso, GraphDB and Neptune do; Fuseki with ``tdb2:unionDefaultGraph true``,
Oxigraph server with ``--union-default-graph``): the store checks it and says so otherwise. The
layout is the embedded store's: one named graph per source holding ``<graph> pg:graphDigest
"sha1"``, and the entities graph, only ever added to.

Writing (:meth:`SparqlEndpointStore.replace_graphs`)
----------------------------------------------------
1. Graphs whose digest on the server equals the new one are skipped, and shared quads already in
   the entities graph are not written: loading an unchanged file sends reads only.
2. *Stage*: every other graph is written whole into a staging graph of its own,
   ``urn:policygraph:staging:<time>-<id>:<n>`` (``INSERT DATA`` requests of at most
   ``batch_triples`` triples and ``batch_bytes`` bytes, or Graph Store Protocol POSTs when a
   ``graph_store`` URL is given), the shared quads into ``…:shared``; then the store checks that
   every staging graph is on the server.
3. *Commit*: one triple is written, the commit record ``…:commit``.
4. *Apply*: each staging graph is ``MOVE``d onto its graph (replacing it whole) and the shared one
   ``ADD``ed to the entities graph, in update requests of at most ``switch_batch`` graphs; then the
   commit record is dropped.

**The guarantee.** A load that fails or is killed before step 3 changes no graph that queries are
about: it wrote only staging graphs, which the failing process drops, and which, after a kill, the
next load drops once they are older than ``stale_after`` seconds (:meth:`recover` with
``stale_after=0`` drops them at once). A load that reached step 3 is completed: by itself, or, if
it died or the server failed during step 4, by the next load or :meth:`recover`, which move the
staging graphs its commit record covers. So a load ends all-or-nothing on every server without a
transaction across requests (Virtuoso commits the operations of one update request one by one).
What readers can see: staging graphs' triples are in the union default graph while a load runs
(and after a kill until the clean-up), and during step 4 some graphs are already new. One writer
at a time: concurrent loads are not coordinated.

>>> SparqlEndpointStore.capabilities.sparql, SparqlEndpointStore.capabilities.cypher
(True, False)
>>> next(chunks([("urn:g", [])], 10, 100), [])
[]
"""

from __future__ import annotations

import itertools
import os
import re
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, QuerySolutions, Triple

from ..build import ENTITIES
from ..errors import PolicyGraphError, ServerError
from ..graphtext import GraphText, shared_quads
from ..ontology.terms import NAMESPACES, PG
from .base import Capabilities, LoadResult
from .oxigraph import _as_term, _dump_triples, graph_digest, inject_values, to_python
from .sparql_http import Endpoint, ResultCut
from .textindex import TextIndex

USER_ENV, PASSWORD_ENV = "POLICYGRAPH_SPARQL_USER", "POLICYGRAPH_SPARQL_PASSWORD"
STAGING = "urn:policygraph:staging:"
_TARGET = NamedNode("urn:policygraph:staging#target")  # names the target of the shared and commit graphs
_COMMITTED = NamedNode(STAGING + "committed")
_DIGEST = NamedNode(PG.graphDigest)
_SHARED = NamedNode(PG.sharedFacts)  # in a source's graph: the entity lines it contributes (as embedded)
SHARED_LINES = 50
_ENTITIES = NamedNode(ENTITIES)

DIGESTS = f"SELECT ?g ?d WHERE {{ GRAPH ?g {{ ?g {_DIGEST} ?d }} }}"
# A staging graph holds its target's digest triple (written first) or names its target.
STAGED = (f"SELECT ?g ?t WHERE {{ GRAPH ?g {{ {{ ?t {_DIGEST} ?d }} UNION {{ ?g {_TARGET} ?t }} }} "
          f"FILTER(STRSTARTS(STR(?g), ?prefix)) }}")


class SparqlEndpointStore:
    """A SPARQL 1.1 endpoint as the store (see the module doc for writing and its guarantee).

    ``query_url`` answers queries; updates go to ``update_url`` (default: the query URL, which
    Virtuoso and GraphDB accept; Fuseki and Oxigraph server take them at ``…/update``); with
    ``graph_store_url`` staging writes use the Graph Store Protocol. ``user``/``password`` answer
    Basic or Digest challenges (default ``$POLICYGRAPH_SPARQL_USER`` / ``$POLICYGRAPH_SPARQL_PASSWORD``)
    and are never shown. ``timeout`` is per request, in seconds.
    """

    kind = "sparql"
    path = None
    capabilities = Capabilities(sparql=True, triples=True, text_index=True)

    def __init__(self, query_url: str, update_url: str | None = None, graph_store_url: str | None = None, *,
                 user: str | None = None, password: str | None = None, timeout: float = 60.0,
                 batch_triples: int = 2000, batch_bytes: int = 1_000_000, switch_batch: int = 100,
                 page_size: int = 10_000, stale_after: float = 3600.0, index_path=None):
        user = user if user is not None else os.environ.get(USER_ENV)
        password = password if password is not None else os.environ.get(PASSWORD_ENV)
        self.endpoint = Endpoint(query_url, update_url, graph_store_url, user=user, password=password,
                                 timeout=timeout)
        self.kind = f"sparql {self.endpoint.url}"
        # Virtuoso's SPARQL compiler runs out of memory near 5000 triples in one INSERT DATA, and an
        # update of a few thousand MOVEs outlives its transaction timeout.
        self.batch_triples, self.batch_bytes, self.switch_batch = batch_triples, batch_bytes, switch_batch
        self.page_size = page_size  # rows per page of triples(): at most Virtuoso's default cap
        self.stale_after = stale_after
        self.index_path = index_path
        self._generations = itertools.count(1)
        self._text_index = None
        self._union_checked = self._check_union()

    def __repr__(self) -> str:
        return f"SparqlEndpointStore({self.endpoint.url})"

    def _check_union(self) -> bool:
        """Whether the union default graph is verified (False: nothing to verify it on yet)."""
        if not self.endpoint.query(f"ASK {{ GRAPH ?g {{ ?g {_DIGEST} ?d }} }}"):
            return False
        if not self.endpoint.query(f"ASK {{ ?g {_DIGEST} ?d }}"):
            raise ServerError(f"the SPARQL endpoint {self.endpoint.url} does not query the union of its named "
                              f"graphs by default, which policygraph's queries need: configure it to (Fuseki: "
                              f"tdb2:unionDefaultGraph true; Oxigraph server: --union-default-graph)")
        return True

    # ------------------------------------------------------------------ writing
    def replace_graphs(self, graphs: Mapping[NamedNode, list[Quad]], *, shared: Iterable[Quad] = (),
                       **_) -> LoadResult:
        """Make each named graph hold exactly the given quads and add the ``shared`` quads to the
        entities graph: stage, commit, apply (module doc). Unchanged graphs write nothing."""
        self.recover()
        res = LoadResult()
        todo = self._changed(graphs, res)
        # the entity lines each source carries (GraphText.shared) go to the entities graph, and
        # leave it with the last source that states them (as on the embedded store)
        shared = [*shared, *(q for quads in graphs.values() for q in shared_quads(quads))]
        extra = self._missing_shared(list(dict.fromkeys(shared)))
        if not todo and not extra:
            return res
        # entity lines the replaced sources stated and the new ones do not: the commit record keeps
        # them, so that whoever completes the apply step (this load or recover) removes the orphans
        stated = {line for q in graphs.values() if isinstance(q, GraphText) for line in q.shared}
        candidates = sorted(self._shared_lines([g.value for g in todo if g.value in res.replaced]) - stated)
        session = f"{STAGING}{int(time.time())}-{uuid.uuid4().hex[:12]}:"
        targets = self._stage(session, todo, extra)
        res.quads = sum(len(q) for q in todo.values()) + len(extra)
        commit = NamedNode(session + "commit")
        record = [f"{commit} {_TARGET} {_COMMITTED} .", *(f"{commit} {_SHARED} {Literal(''.join(part))} ."
                                                        for part in _parts(candidates))]
        try:  # the commit point: one request
            self.endpoint.update(insert_data([(commit.value, record)]))
        except BaseException:
            self._drop_quietly([*targets, session + "commit"])
            raise
        try:
            self._apply(session, targets)
        except PolicyGraphError as exc:
            raise ServerError(f"the load is committed but stopped while switching the graphs ({exc}); the next "
                              f"load, or store.recover(), completes it") from exc
        if not self._union_checked:
            self._union_checked = self._check_union()
        return res

    def _shared_lines(self, graphs: list[str] | None, sources_only: bool = False) -> set[str]:
        """The entity lines the given graphs (None: all; ``sources_only``: all but the staging and
        commit graphs) record that they state."""
        if graphs == []:
            return set()
        values = f"VALUES ?g {{ {' '.join(f'<{g}>' for g in graphs)} }} " if graphs is not None else ""
        skip = f' FILTER(!STRSTARTS(STR(?g), "{STAGING}"))' if sources_only else ""
        rows = self.select(f"SELECT ?s WHERE {{ {values}GRAPH ?g {{ ?g {_SHARED} ?s }}{skip} }}")
        return {line + "\n" for r in rows for line in r["s"].split("\n") if line}

    def _drop_orphans(self, candidates: set[str]) -> None:
        """Remove from the entities graph the candidate lines no stored source states any more (the
        last step of applying a load, before its commit record goes)."""
        if not candidates:
            return
        gone = sorted(candidates - self._shared_lines(None, sources_only=True))
        for i in range(0, len(gone), self.batch_triples):
            triples = [f"{q.subject} {q.predicate} {q.object} ." for q in GraphText(_ENTITIES, gone[i:i + self.batch_triples])]
            self.endpoint.update(f"DELETE DATA {{ GRAPH {_ENTITIES} {{\n" + "\n".join(triples) + "\n} }")

    def _changed(self, graphs: Mapping[NamedNode, list[Quad]], res: LoadResult) -> dict[NamedNode, list[Quad]]:
        """The graphs to write, each with its digest triple first; fills res.added/replaced/unchanged."""
        stored = self.digests()
        todo = {}
        for g, quads in graphs.items():
            # the digest the embedded store keeps for the same source (GraphText.digest)
            digest = quads.digest() if isinstance(quads, GraphText) else graph_digest(quads)
            old = stored.get(g.value, "")
            if old == digest or (old.startswith("u:") and isinstance(quads, GraphText)
                                 and old == quads.digest(merged=True)):  # one source of a union, alone
                res.unchanged.append(g.value)
                continue
            (res.replaced if g.value in stored else res.added).append(g.value)
            # the record in literals of SHARED_LINES lines: Virtuoso's Graph Store parser rejects
            # a literal of some 100 kB (HTTP 500, "unsupported type text/plain")
            record = [Quad(g, _SHARED, Literal("".join(part)), g) for part in _parts(getattr(quads, "shared", None) or [])]
            todo[g] = [Quad(g, _DIGEST, Literal(digest), g), *record, *dict.fromkeys(quads)]
        return todo

    def _missing_shared(self, shared: list[Quad], per_query: int = 200) -> list[Quad]:
        """The shared quads the entities graph does not hold yet (a read per ``per_query`` quads)."""
        # What the entities graph says about these subjects, compared here: a VALUES of whole
        # triples (or with an index column) lets Virtuoso choose plans 100 times slower.
        subjects = list(dict.fromkeys(q.subject for q in shared))
        present: set[tuple] = set()
        for i in range(0, len(subjects), per_query):
            values = " ".join(map(str, subjects[i:i + per_query]))
            present |= {(s["s"], s["p"], s["o"]) for s in self.query(
                f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} GRAPH {_ENTITIES} {{ ?s ?p ?o }} }}")}
        return [q for q in shared if (q.subject, q.predicate, q.object) not in present]

    def _stage(self, session: str, todo: dict[NamedNode, list[Quad]], extra: list[Quad]) -> dict[str, str]:
        """Write every graph into a staging graph of ``session``; {staging graph: target}. On any
        failure the staging graphs are dropped again and nothing else was touched."""
        targets: dict[str, str] = {}
        parts = []
        for n, (g, quads) in enumerate(todo.items()):
            targets[f"{session}{n}"] = g.value
            parts.append((f"{session}{n}", quads))
        if extra:
            stage = NamedNode(f"{session}shared")
            targets[stage.value] = ENTITIES
            parts.append((stage.value, [Quad(stage, _TARGET, _ENTITIES, stage), *extra]))
        try:
            self._write(parts)
            arrived = {r["g"] for r in self.select(STAGED, {"prefix": session})}
            if set(targets) - arrived:
                raise ServerError(f"{len(set(targets) - arrived)} of {len(targets)} staged graphs are missing on "
                                  f"{self.endpoint.url} after writing them; nothing was changed")
        except BaseException:
            self._drop_quietly(list(targets))
            raise
        return targets

    def _write(self, parts: list[tuple[str, list[Quad]]]) -> None:
        gsp = self.endpoint.graph_store_url is not None
        for chunk in chunks(parts, None if gsp else self.batch_triples, self.batch_bytes):
            if gsp:
                for graph, lines in chunk:
                    self.endpoint.post_graph(graph, "\n".join(lines).encode("utf-8"))
            else:
                self.endpoint.update(insert_data(chunk))

    def _apply(self, session: str, targets: Mapping[str, str]) -> None:
        """Move every staging graph onto its target (in requests of ``switch_batch`` graphs), then
        drop the commit record. Run only on staging graphs known to be complete: MOVE from a
        missing graph empties the target."""
        ops = []
        for stage, target in targets.items():
            if target == ENTITIES:  # added to, never replaced; the marker triple is taken out again
                ops.append(f"ADD SILENT GRAPH <{stage}> TO <{target}> ;\nDELETE DATA {{ GRAPH <{target}> "
                           f"{{ <{stage}> {_TARGET} <{target}> }} }} ;\nDROP SILENT GRAPH <{stage}>")
            else:
                ops.append(f"MOVE SILENT GRAPH <{stage}> TO <{target}>")
        for i in range(0, len(ops), self.switch_batch):
            self.endpoint.update(" ;\n".join(ops[i:i + self.switch_batch]))
        self._drop_orphans(self._shared_lines([session + "commit"]))
        self.endpoint.update(f"DROP SILENT GRAPH <{session}commit>")

    def recover(self, stale_after: float | None = None) -> int:
        """Finish committed loads and drop the staging graphs of loads that never committed, for
        loads older than ``stale_after`` seconds (default: the store's). Returns how many loads."""
        limit = self.stale_after if stale_after is None else stale_after
        sessions: dict[str, dict[str, str]] = {}
        for r in self.select(STAGED, {"prefix": STAGING}):
            sessions.setdefault(r["g"][: r["g"].rindex(":") + 1], {})[r["g"]] = r["t"]
        done = 0
        for session, staged in sessions.items():
            if time.time() - session_time(session) < limit:
                continue  # perhaps a load still running
            commit = staged.pop(session + "commit", None)
            if commit is not None:
                self._apply(session, staged)
            else:
                self._drop(list(staged))
            done += 1
        return done

    def _drop(self, graphs: list[str]) -> None:
        for i in range(0, len(graphs), self.switch_batch):
            self.endpoint.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs[i:i + self.switch_batch]))

    def _drop_quietly(self, graphs: list[str]) -> None:
        try:
            self._drop(graphs)
        except PolicyGraphError:  # the server is gone: the next load's recover() drops them
            pass

    def clear(self) -> None:
        """Drop every graph policygraph wrote on the server (sources, entities, staging graphs)."""
        staged = [r["g"] for r in self.select(STAGED, {"prefix": STAGING})]
        self._drop([*self.digests(), ENTITIES, *dict.fromkeys(staged)])

    def digests(self) -> dict[str, str]:
        """Named graph IRI -> digest of its triples (the entities graph, only added to, has none)."""
        return {r["g"]: r["d"] for r in self.select(DIGESTS)}

    @property
    def generation(self) -> int:
        """A new number on every read: others may write to a shared server, so the text index
        compares the server's digests each time instead of trusting a local counter."""
        return next(self._generations)

    @property
    def version(self) -> str:
        """As :attr:`generation`: never the same twice (see :meth:`TextIndex.sync`)."""
        return f"endpoint-{self.generation}"

    # ------------------------------------------------------------------ reading
    def query(self, sparql: str, bindings: Mapping[str, object] | None = None):
        """Run SPARQL on the endpoint, over the union of its graphs, with the package's prefixes:
        ``QuerySolutions`` (SELECT), ``bool`` (ASK) or a list of triples. ``bindings`` as in
        :meth:`OxigraphStore.query <policygraph.stores.oxigraph.OxigraphStore.query>`."""
        if bindings:
            sparql = inject_values(inline_iris(sparql, bindings), bindings)
        return self.endpoint.query(with_prefixes(sparql))

    def select(self, sparql: str, bindings: Mapping[str, object] | None = None) -> list[dict]:
        """A SELECT as a list of dicts of Python values (str, int, float, bool; None if unbound)."""
        res = self.query(sparql, bindings)
        if not isinstance(res, QuerySolutions):
            raise TypeError("select() needs a SELECT query")
        names = [v.value for v in res.variables]
        return [{n: to_python(sol[n]) for n in names} for sol in res]

    def graph_sizes(self) -> dict[str, int]:
        """Triples per graph of the graph's content (sources with a digest, and the entities graph)."""
        graphs = [*self.digests(), ENTITIES]
        sizes: dict[str, int] = {}
        for i in range(0, len(graphs), 500):
            values = " ".join(f"<{g}>" for g in graphs[i:i + 500])
            sizes.update((r["g"], r["n"]) for r in self.select(
                f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} "
                f"FILTER(?p != {_DIGEST} && ?p != {_SHARED}) }} GROUP BY ?g"))
        return sizes

    def count(self) -> int:
        """Number of triples (the per-graph digests left out)."""
        return sum(self.graph_sizes().values())

    def triples(self) -> Iterator[Quad]:
        """Every quad of the graph's content (digests left out), read in pages of ``page_size`` rows:
        small graphs together, a large graph in ``ORDER BY`` pages."""
        sizes = self.graph_sizes()
        small = [g for g, n in sizes.items() if n <= self.page_size]
        group: list[str] = []
        for g in small + [None]:
            if g is not None and sum(sizes[x] for x in group) + sizes[g] <= self.page_size:
                group.append(g)
                continue
            if group:
                yield from self._page(group, sum(sizes[x] for x in group))
            group = [g] if g is not None else []
        for g in (g for g, n in sizes.items() if n > self.page_size):
            for offset in range(0, sizes[g], self.page_size):
                yield from self._page([g], min(self.page_size, sizes[g] - offset), offset)

    def union_triples(self) -> Iterator[Triple]:
        """The union of the graphs' content, each triple once (what ``export`` writes as ttl/nt)."""
        seen: set[tuple] = set()
        for q in self.triples():
            key = (q.subject, q.predicate, q.object)
            if key not in seen:
                seen.add(key)
                yield Triple(*key)

    def _page(self, graphs: list[str], expect: int, offset: int | None = None) -> list[Quad]:
        values = " ".join(f"<{g}>" for g in graphs)
        text = (f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} "
                f"FILTER(?p != {_DIGEST} && ?p != {_SHARED}) }}")
        if offset is not None:
            text += f" ORDER BY ?s ?p ?o LIMIT {self.page_size} OFFSET {offset}"
        res = self.query(text)
        out = [Quad(s["s"], s["p"], s["o"], s["g"]) for s in res]
        if len(out) != expect:
            raise ServerError(f"the SPARQL endpoint {self.endpoint.url} sent {len(out)} of the {expect} triples "
                              f"asked for; the graphs changed while reading, or the server cuts results")
        return out

    def dump(self, fmt, path=None):
        """Serialise the union of all graphs (triples) in ``fmt``; returns bytes when path is None."""
        triples = (Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in self.triples())
        return _dump_triples(triples, fmt, path)

    @staticmethod
    def node(iri: str) -> NamedNode:
        return NamedNode(iri)

    def backend(self):
        """The SPARQL fetches over HTTP, with search and timeline read from the local index."""
        from .sparql_queries import SparqlBackend

        return SparqlBackend(self, index=self.text_index)

    def text_index(self) -> TextIndex:
        """The derived tables of ``search`` and ``timeline``, synced with the server's digests."""
        if self._text_index is None:
            from .sparql_queries import timeline_sparql

            self._text_index = EndpointTextIndex(self, self.index_path, timeline_query=timeline_sparql(per_graph=True))
        return self._text_index

    def flush(self) -> None:
        """Nothing to do: every write is on the server when replace_graphs returns."""

    def close(self) -> None:
        if self._text_index is not None:
            self._text_index.close()
            self._text_index = None


class EndpointTextIndex(TextIndex):
    """The text index over an endpoint: a whole-store read the endpoint cuts (Virtuoso's row cap)
    is done again graph by graph."""

    def _rows(self, store, graphs, whole):
        if whole:
            try:
                return list(super()._rows(store, graphs, True))
            except ResultCut:
                pass
        return super()._rows(store, graphs, False)

    def _timeline(self, store, graphs, whole, query=None):
        if whole:
            try:
                return list(super()._timeline(store, graphs, True, query))
            except ResultCut:
                pass
        return super()._timeline(store, graphs, False, query)


# ------------------------------------------------------------------ request texts
def _parts(lines: list[str]) -> Iterator[list[str]]:
    """``lines`` in parts of SHARED_LINES (one literal each)."""
    for i in range(0, len(lines), SHARED_LINES):
        yield lines[i:i + SHARED_LINES]


def chunks(parts: Iterable[tuple[str, list[Quad]]], max_triples: int | None,
           max_bytes: int) -> Iterator[list[tuple[str, list[str]]]]:
    """Group the N-Triples lines of ``(graph, quads)`` into requests of at most ``max_triples``
    lines (None: no limit) and about ``max_bytes`` bytes, graphs kept in order.

    >>> q = Quad(NamedNode("urn:s"), NamedNode("urn:p"), Literal("条"), NamedNode("urn:g"))
    >>> [[(g, len(lines)) for g, lines in c] for c in chunks([("urn:a", [q] * 3), ("urn:b", [q])], 2, 10**6)]
    [[('urn:a', 2)], [('urn:a', 1), ('urn:b', 1)]]
    """
    chunk: list[tuple[str, list[str]]] = []
    n = size = 0
    for graph, quads in parts:
        lines: list[str] = []
        for q in quads:
            line = f"{q.subject} {q.predicate} {q.object} ."
            cost = len(line.encode("utf-8")) + 1
            if n and ((max_triples is not None and n >= max_triples) or size + cost > max_bytes):
                if lines:
                    chunk.append((graph, lines))
                    lines = []
                yield chunk
                chunk, n, size = [], 0, 0
            lines.append(line)
            n, size = n + 1, size + cost
        if lines:
            chunk.append((graph, lines))
    if chunk:
        yield chunk


def insert_data(chunk: list[tuple[str, list[str]]]) -> str:
    """One ``INSERT DATA`` of N-Triples lines, graph by graph."""
    blocks = "".join(f"GRAPH <{g}> {{\n" + "\n".join(lines) + "\n}\n" for g, lines in chunk)
    return f"INSERT DATA {{\n{blocks}}}"


_BODY = re.compile(r"\bWHERE\s*\{|\{", re.IGNORECASE)


def inline_iris(sparql: str, bindings: Mapping[str, object]) -> str:
    """Write each IRI binding into the query's patterns as well (the VALUES block still binds it).

    Virtuoso starts a property path (``?v eli:has_part+ ?a``, ``?s (a|b)* ?n``) only from a node
    written in the pattern, not from one bound by VALUES ("transitive start not given"). For a
    variable VALUES binds at the top of the WHERE group, writing the IRI in its place gives the same
    rows; a variable that a nested SELECT or an ``AS`` could rebind is left alone.

    >>> inline_iris("SELECT ?v WHERE { ?v eli:has_part+ ?n . ?n ?p ?ver } GROUP BY ?v", {"v": "http://x/v"})
    'SELECT ?v WHERE { <http://x/v> eli:has_part+ ?n . ?n ?p ?ver } GROUP BY ?v'
    """
    m = _BODY.search(sparql)
    end = _group_end(sparql, m.end()) if m else None
    if end is None or re.search(r"\bSELECT\b", sparql[m.end():end], re.IGNORECASE):
        return sparql
    head, body, tail = sparql[: m.end()], sparql[m.end():end], sparql[end:]  # tail: GROUP BY, ORDER BY …
    pieces = _QUOTED.split(body)  # odd indexes: strings and IRIs, where no variable stands
    for name, value in bindings.items():
        term = _as_term(value)
        if isinstance(term, NamedNode) and not re.search(rf"\bAS\s+\?{name}\b", body, re.IGNORECASE):
            var = re.compile(rf"\?{re.escape(name)}\b")
            pieces = [var.sub(lambda _m, t=str(term): t, x) if i % 2 == 0 else x for i, x in enumerate(pieces)]
    return head + "".join(pieces) + tail


_QUOTED = re.compile(r'("""[\s\S]*?"""|' r"'''[\s\S]*?'''|" r'"(?:[^"\\\n]|\\.)*"|' r"'(?:[^'\\\n]|\\.)*'|"
                     r'<[^<>"{}|^`\\\s]*>)')


def _group_end(text: str, start: int) -> int | None:
    """The index of the ``}`` closing the group opened just before ``start`` (strings skipped)."""
    depth, i = 1, start
    while i < len(text):
        ch = text[i]
        if ch in "\"'":
            close = text.find(ch, i + 1)
            while close > 0 and text[close - 1] == "\\":
                close = text.find(ch, close + 1)
            if close < 0:
                return None
            i = close
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


_DECLARED = re.compile(r"PREFIX\s+([^\s:]*):", re.IGNORECASE)


def with_prefixes(sparql: str) -> str:
    """The query with ``PREFIX`` lines for the package's namespaces it does not declare itself
    (the embedded store predefines them).

    >>> with_prefixes("PREFIX pg: <urn:mine#> ASK {}").count("PREFIX pg:")
    1
    """
    declared = set(_DECLARED.findall(sparql))
    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in NAMESPACES.items() if p not in declared)
    return head + sparql


def session_time(session: str) -> float:
    """When a staging session started (its IRI says; 0 if it does not).

    >>> session_time("urn:policygraph:staging:1700000000-ab12:")
    1700000000.0
    """
    m = re.match(re.escape(STAGING) + r"(\d+)-", session)
    return float(m.group(1)) if m else 0.0


__all__ = ["SparqlEndpointStore", "EndpointTextIndex", "chunks", "insert_data", "with_prefixes", "STAGING"]
