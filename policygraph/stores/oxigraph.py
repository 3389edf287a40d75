"""The embedded default store: Oxigraph (pyoxigraph) on disk, no server.

Each source document lives in its own named graph, so loading is a *replacement* of that graph:
loading the same file twice changes nothing, and a changed file replaces exactly its old triples.

Writes are staged and switched (:mod:`.folder`): a write session (:meth:`OxigraphStore.writing`,
which ``PolicyGraph.load`` opens around a whole load) checkpoints the current version into a new
folder (hard links: milliseconds), bulk-loads the new graphs' N-Quads text into it
(:mod:`policygraph.graphtext`), and at the end switches the store's pointer to it. A load that fails
or is killed at any moment leaves the store as it was; a full disk fails the stage, not the store.
Any number of processes read (read-only opens of the committed version) while one writes; a second
writer waits a bounded time, then gets a :class:`~policygraph.errors.StoreError` naming the holder.

Shared descriptions (units, documents many sources name) live once in the entities graph; each
source records which of them it contributes (``pg:sharedFacts`` in its own graph), so a fact no
source states any more is removed, and any sequence of loads of the same files gives the same store.

>>> store = OxigraphStore(None)            # in memory
>>> store.count()
0
"""

from __future__ import annotations

import contextlib
import errno
import gc
import hashlib
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    parse,
)

from ..errors import StoreError
from ..graphtext import GraphText, nt_literal
from ..ontology.terms import NAMESPACES, PG
from .base import Capabilities, LoadResult
from .folder import StoreFolder, fault_point
from .stream import BulkStream

ENV_VAR = "POLICYGRAPH_STORE"
BULK_THRESHOLD = 20_000  # quads; a session that writes fewer writes them in one transaction (Store.load)


def default_path() -> Path:
    """``$POLICYGRAPH_STORE`` if set, else ``~/.policygraph/store``."""
    env = os.environ.get(ENV_VAR)
    return Path(env).expanduser() if env else Path.home() / ".policygraph" / "store"


class _Session:
    """One write session on a store folder: the stage it writes and what it changed."""

    def __init__(self, base: str | None):
        self.base = base
        self.version: str | None = None  # the stage's version name, once something is written
        self.store: Store | None = None
        self.digests: dict[str, str] | None = None
        self.orphans: set[str] = set()  # shared lines a replaced or dropped source no longer states
        self.written: set[str] = set()  # graphs written in this session
        self.unknown: list[str] = []  # of those, the ones written without index rows
        self.deferred: dict[NamedNode, GraphText] = {}  # graphs several records make, merged at the end
        self.add_stored: set[NamedNode] = set()  # of those, the ones written earlier in the session
        self.parts: dict[str, list[str]] = {}  # graph written -> digests of the records the stage holds
        # graph -> its digest quad, sent when the writes end (see end_writes): until then a record
        # of it met again is only added, since nothing in the stage must be taken back
        self.digest_lines: dict[str, str] = {}
        self.index_begun = False  # whether the search index knows of this session
        self.committed = False  # whether the pointer names the stage
        self.entities: set[str] = set()  # entity lines written in this session
        self.writer = ThreadPoolExecutor(1, thread_name_prefix="policygraph-write")
        self.indexer = ThreadPoolExecutor(1, thread_name_prefix="policygraph-index")
        self.futures: list[Future] = []  # writes in progress, in order
        self.indexing: list[Future] = []  # their search index rows, in order
        # the session's one bulk load, fed batch after batch (see .stream); until a session has
        # written BULK_THRESHOLD quads its batches wait in ``pending`` (a small write is a transaction)
        self.stream: BulkStream | None = None
        self.pending: list[bytes] = []
        self.pending_n = 0

    def send(self, payload: bytes, n: int) -> None:
        """Write ``payload`` (``n`` quads) into the stage: into the session's bulk stream, opened
        once the session has more than :data:`BULK_THRESHOLD` quads to write."""
        if self.stream is None:
            self.pending.append(payload)
            self.pending_n += n
            if self.pending_n <= BULK_THRESHOLD:
                return
            self.stream = BulkStream(self.store, self.writer)
            self.futures.append(self.stream.future)
            payload, self.pending, self.pending_n = b"".join(self.pending), [], 0
        self.stream.write(payload)

    def end_writes(self) -> None:
        """Let the writes sent so far finish: send the graphs' digest quads, then close the bulk
        stream, or write what is pending in one transaction (wait on :attr:`futures`)."""
        if self.digest_lines:
            lines, self.digest_lines = self.digest_lines, {}
            self.send("".join(lines.values()).encode("utf-8"), len(lines))
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        elif self.pending:
            payload, self.pending, self.pending_n = b"".join(self.pending), [], 0
            self.futures.append(self.writer.submit(_load_small, self.store, payload))

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()
        self.writer.shutdown(wait=True)
        self.indexer.shutdown(wait=True)


class OxigraphStore:
    """An RDF store in a folder (or in memory with ``path=None``)."""

    kind = "oxigraph"
    capabilities = Capabilities(sparql=True, triples=True, text_index=True, sessions=True)

    def __init__(self, path: str | Path | None = None, *, lock_timeout: float | None = None):
        self.path = Path(path) if path is not None else None
        # Bumped by every committed write of this process (derived data synced at a generation)
        self.generation = 0
        self.lock_timeout = lock_timeout
        self._text_index = None
        self._session: _Session | None = None
        self._depth = 0
        self._reading = None
        self._stamp = None
        self._orphans: set[str] = set()  # in memory, between a write's steps
        if self.path is None:
            self._folder = None
            self._view = Store()
        else:
            self._folder = StoreFolder(self.path)
            self._open_current()

    # ------------------------------------------------------------------ which state is read
    def _open_current(self) -> None:
        """Read the committed version (read-only: it is never written again)."""
        stamp = self._folder.stamp()
        reading = self._folder.hold_current()
        try:
            view = Store.read_only(str(self._folder.data(reading.version))) if reading.version else Store()
        except OSError as exc:
            reading.release()
            raise StoreError(f"cannot open the store {self.path}: {exc}") from exc
        if self._reading is not None:
            self._reading.release()
        self._view, self._reading, self._stamp = view, reading, stamp

    @property
    def _store(self) -> Store:
        """The state this process sees: its stage while it writes, else the last committed version
        (re-opened when another process has committed since)."""
        if self._session is not None and self._session.store is not None:
            self._drain()
            return self._session.store
        if self._folder is not None and self._session is None and self._folder.stamp() != self._stamp:
            self._open_current()
        return self._view

    @property
    def version(self) -> str:
        """The committed version read (changes with every committed write, in any process)."""
        if self._folder is None:
            return f"memory-{id(self)}-{self.generation}"
        self._store  # noqa: B018 - refreshes to the latest committed version
        return (self._reading.version or "empty") if self._reading else "empty"

    # ------------------------------------------------------------------ write sessions
    @contextlib.contextmanager
    def writing(self) -> Iterator[OxigraphStore]:
        """A write session: everything written inside it becomes visible at once when it ends
        without error, and not at all otherwise (also when the process is killed). Holds the
        store's writer lock; sessions nest (the outermost one commits)."""
        if self._folder is None or self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        with self._folder.writer(self.lock_timeout):
            self._depth = 1
            try:
                self._folder.clean()  # what a killed writer left
                self._open_current()  # the latest committed state, now that no one else writes
                self._session = _Session(self._reading.version)
                yield self
                self._finish()
            except BaseException:
                self._abort()
                raise
            finally:
                self._depth = 0
                self._session = None

    def _stage(self) -> Store:
        """The session's writable copy of the committed version, made on the first write."""
        s = self._session
        if s is None:
            return self._view
        if s.store is None:
            s.version = self._folder.new_version(s.base)
            target = self._folder.data(s.version)
            try:
                if s.base is not None:
                    self._view.backup(str(target))  # a checkpoint: hard links to the immutable files
                s.store = Store(str(target))
            except OSError as exc:
                raise _write_error(self.path, exc) from exc
        return s.store

    def _finish(self) -> None:
        s = self._session
        self.settle()
        if s.store is None:
            return
        self._drain()
        self._drop_orphans()
        try:
            s.store.flush()
            # the derived index follows the stage now, so the first search after the load is free
            self.text_index().finish(self, s.version, s.base, sorted(s.written), s.unknown)
        except (OSError, sqlite3.Error) as exc:
            raise _write_error(self.path, exc) from exc
        s.close()
        s.store = None  # closes the stage's database before readers may open it
        gc.collect()
        try:
            self._folder.commit(s.version)
        except OSError as exc:
            raise _write_error(self.path, exc) from exc
        s.committed = True  # from here on the stage is the store: never discard it
        self.generation += 1
        self._open_current()
        self._folder.clean()

    def _abort(self) -> None:
        s = self._session
        if s is not None:
            s.close()  # ends the bulk stream first: else the loader waits for input, its future never ends
            for f in s.futures + s.indexing:
                f.exception()
        if self._text_index is not None:
            self._text_index.abandon()
        if s is not None and s.version is not None and not s.committed:
            s.store = None
            gc.collect()
            self._folder.discard(s.version)
        self._session = None
        with contextlib.suppress(StoreError):
            self._open_current()

    # ------------------------------------------------------------------ writing
    def replace_graphs(self, graphs: Mapping[NamedNode, Iterable[Quad] | GraphText], *,
                       shared: Iterable[Quad] = ()) -> LoadResult:
        """Make each named graph hold exactly the given quads (a :class:`GraphText`, or Quads),
        and add the ``shared`` quads to the entities graph.

        A :class:`GraphText` carries the entity lines its source contributes (``shared``): they are
        added to the entities graph and recorded in the source's graph, so that when the source
        changes, the facts only it stated leave the entities graph. Quads passed as ``shared`` here
        belong to no source and are only ever added.

        Graphs that already hold the same triples are left alone. The write is atomic: on disk it
        is one write session (:meth:`writing`), in memory one transaction per step after the text
        has been parsed.
        """
        with self.writing():
            res = LoadResult()
            texts = {g: _as_text(g, quads) for g, quads in graphs.items()}
            todo = self._plan(texts, res)
            extra = "".join(f"{q} .\n" for q in dict.fromkeys(shared))
            if todo or extra:
                res.quads = self._write(todo, extra, [g for g in todo if g.value in res.replaced])
                if self._session is None:
                    self._drop_orphans()
                    self.generation += 1
            return res

    def _plan(self, texts: dict[NamedNode, GraphText], res: LoadResult) -> dict[NamedNode, GraphText]:
        """The graphs to write (others go to ``res.unchanged``); fills ``res.added``/``replaced``."""
        stored = self._digests()
        todo: dict[NamedNode, GraphText] = {}
        for g, text in texts.items():
            if self._defer(g, text, stored):
                continue
            digest = text.digest()
            old = stored.get(g.value, "")
            if old == digest or (old.startswith("u:") and old == text.digest(merged=True)):
                res.unchanged.append(g.value)
                continue
            (res.replaced if g.value in stored or self._view.contains_named_graph(g) else res.added).append(g.value)
            todo[g] = text
            stored[g.value] = digest
        return todo

    def _defer(self, g: NamedNode, text: GraphText, stored: dict[str, str]) -> bool:
        """Keep a graph that several records of a session make (or made at the last load: a
        merged digest) until the session settles, merging them; True if deferred."""
        s = self._session
        if s is None or getattr(text, "whole", False) or not (g in s.deferred or g.value in s.written or stored.get(g.value, "").startswith("u:")):
            return False
        if g in s.deferred:
            s.deferred[g] = s.deferred[g].union(text)
            return True
        s.deferred[g] = text.as_union()  # a union: its digest is the merged one
        if g.value in s.written:
            # written earlier in this session: what it holds is added when the session settles
            # (reading the stage now would end the session's bulk stream)
            s.add_stored.add(g)
        return True

    def settle(self) -> LoadResult:
        """Write the graphs a session deferred (see :meth:`_defer`), each as the union of its
        records; those whose merged digest is stored already are left alone."""
        res = LoadResult()
        s = self._session
        if s is None or not s.deferred:
            return res
        todo, s.deferred = s.deferred, {}
        again = s.add_stored & todo.keys()
        s.add_stored.clear()
        # a graph written earlier in this session whose digest quad is not in the stage yet: its
        # new records are only added (a union holds what its records hold), under the digest of all
        # its records; nothing is read back or dropped, so the session's bulk stream stays open
        added = {g for g in again if g.value in s.digest_lines}
        for g in added:
            todo[g] = todo[g].as_union(s.parts[g.value] + todo[g].parts())
            s.digest_lines.pop(g.value, None)  # not sent by a read below: its union's line replaces it
        for g in again - added:  # else what it holds is read back and the union rewritten
            held = self._graph_text(g).as_union(s.parts[g.value])
            todo[g] = todo[g].union(held)
        stored = self._digests()
        for g, text in todo.items():
            if stored.get(g.value) == text.digest() and g.value not in s.written:
                res.unchanged.append(g.value)
                todo[g] = None
        todo = {g: t for g, t in todo.items() if t is not None}
        for g in todo:
            (res.replaced if g.value in stored or self._view.contains_named_graph(g) else res.added).append(g.value)
            stored[g.value] = todo[g].digest()
        if todo:
            replaced = [g for g in todo if (g.value in res.replaced or g.value in s.written) and g not in added]
            res.quads = self._write(todo, "", replaced, added)
        return res

    def _write(self, todo: dict[NamedNode, GraphText], extra: str, replaced: list[NamedNode],
               added: set[NamedNode] = frozenset()) -> int:
        """Drop the replaced graphs (remembering the shared facts they stated) and load the text:
        in a session, in a thread of its own while the caller builds the next batch. The ``added``
        graphs keep what the stage holds of them: their lines are added to it."""
        s = self._session
        # entity lines once per session; a replaced graph's may have been removed as orphans since
        seen = s.entities if s is not None and not replaced else None
        n = sum(len(t.lines) + len(t.shared) for t in todo.values()) + extra.count("\n")
        try:
            if s is None:  # in memory: parse (validate) before anything changes
                quads = list(parse(_payload(todo, extra, seen), format=RdfFormat.N_QUADS))
                self._note_orphans(replaced, todo)
                if replaced:
                    self._view.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in replaced))
                self._view.extend(quads)
                return n
            store = self._stage()
            if replaced:  # the stage must hold what was sent before it is read and changed
                self._drain(index=False)
                self._note_orphans(replaced, todo)
                store.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in replaced))
            # after the drop: the digest quads it holds back (see _Session.end_writes) are the new ones
            payload = _payload(todo, extra, seen, s.digest_lines)
            s.written.update(g.value for g in todo)
            s.parts.update((g.value, t.parts()) for g, t in todo.items())
            s.unknown += [g.value for g, t in todo.items() if t.index is None]
            rows = [(g.value, t.digest(), t.index, g in added) for g, t in todo.items()]
            index = self._session_index()
            # the store's own write in one thread (the session's bulk stream), the search index of
            # the same graphs in another, while the caller builds the next batch (both release the GIL)
            s.send(payload, n)
        except OSError as exc:
            raise _write_error(self.path, exc) from exc
        # at most two batches' index rows wait for the index thread (they hold the batch's texts)
        while sum(not f.done() for f in s.indexing) >= 2:
            next(f for f in s.indexing if not f.done()).exception()
        s.indexing.append(s.indexer.submit(_index_batch, index, rows))
        return n

    def _session_index(self):
        index = self.text_index()
        if not self._session.index_begun:
            index.begin(self._session.base)
            self._session.index_begun = True
        return index

    def _drain(self, index: bool = True) -> None:
        """Wait for the session's writes in progress (and, with ``index``, their search index
        rows); raise what they raised."""
        s = self._session
        if s is None:
            return
        s.end_writes()
        if not (s.futures or index and s.indexing):
            return
        futures, s.futures = s.futures, []
        if index:
            futures, s.indexing = futures + s.indexing, []
        for f in futures:
            exc = f.exception()
            if exc is None:
                continue
            for rest in futures:
                rest.exception()
            if isinstance(exc, (OSError, sqlite3.Error)):
                raise _write_error(self.path, exc) from exc
            raise exc

    def _digests(self) -> dict[str, str]:
        if self._session is None:
            return self.digests()
        if self._session.digests is None:
            self._session.digests = self.digests()
        return self._session.digests

    def _graph_text(self, g: NamedNode) -> GraphText:
        """What a graph written earlier in this session holds, as text (to add to it)."""
        lines = [f"{q.subject} {q.predicate} {q.object} {g} .\n" for q in self._store.quads_for_pattern(None, None, None, g)
                 if q.predicate not in (_DIGEST, _SHARED)]
        return GraphText(g, lines, sorted(self._shared_of(g)))

    def _shared_of(self, g: NamedNode) -> set[str]:
        rows = self._store.quads_for_pattern(g, _SHARED, None, g)
        return {line + "\n" for q in rows for line in q.object.value.split("\n") if line}

    def _note_orphans(self, replaced: Iterable[NamedNode], todo: Mapping[NamedNode, GraphText]) -> None:
        """Shared facts the replaced sources stated and state no more: candidates for removal."""
        orphans = self._session.orphans if self._session is not None else self._orphans
        for g in replaced:
            new = set(todo[g].shared) if g in todo else set()
            orphans |= self._shared_of(g) - new

    def _drop_orphans(self) -> None:
        """Remove from the entities graph the candidate facts that no stored source states."""
        orphans = self._session.orphans if self._session is not None else self._orphans
        if not orphans:
            return
        stated: set[str] = set()
        for q in self._store.quads_for_pattern(None, _SHARED, None, None):
            stated.update(line + "\n" for line in q.object.value.split("\n") if line)
        gone = [line for line in orphans if line not in stated]
        orphans.clear()
        if gone:
            store = self._stage()
            for q in parse("".join(gone).encode("utf-8"), format=RdfFormat.N_QUADS):
                store.remove(q)

    def digests(self) -> dict[str, str]:
        """Named graph IRI -> digest of its triples (the entities graph, only added to, has none)."""
        rows = self._store.query(f"SELECT ?g ?d WHERE {{ GRAPH ?g {{ ?g {_DIGEST} ?d }} }}")
        return {r["g"].value: r["d"].value for r in rows}

    def drop_graphs(self, graphs: Iterable[NamedNode]) -> None:
        """Remove named graphs (and the shared facts only they stated) in one write."""
        with self.writing():
            gs = [g for g in graphs if self._store.contains_named_graph(g)]
            if gs:
                self._note_orphans(gs, {})
                self._stage().update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in gs))
                if self._session is None:
                    self._drop_orphans()
                    self.generation += 1
                else:
                    for g in gs:
                        self._digests().pop(g.value, None)
                        self._session_index().put(g.value, None, None)
                    self._session.written.update(g.value for g in gs)

    # ------------------------------------------------------------------ reading
    def query(self, sparql: str, bindings: Mapping[str, object] | None = None):
        """Run SPARQL over the union of all graphs. ``bindings`` substitute variables safely
        (never by string formatting): ``{"unit": NamedNode(...)}`` or plain values — a string that
        starts with http(s):// binds as an IRI, other str/int/float/bool values as literals."""
        if bindings:
            sparql = inject_values(sparql, bindings)
        try:
            return self._store.query(sparql, use_default_graph_as_union=True, prefixes=_PREFIXES)
        except SyntaxError as exc:
            from ..errors import PolicyGraphError

            raise PolicyGraphError(f"invalid SPARQL: {exc}") from exc

    def select(self, sparql: str, bindings: Mapping[str, object] | None = None) -> list[dict]:
        """A SELECT as a list of dicts of Python values (str, int, float, bool; None if unbound)."""
        res = self.query(sparql, bindings)
        if not isinstance(res, QuerySolutions):
            raise TypeError("select() needs a SELECT query")
        names = [v.value for v in res.variables]
        return [{n: to_python(sol[n]) for n in names} for sol in res]

    def triples(self) -> Iterable[Quad]:
        """Every quad of the graph's content (the per-graph bookkeeping left out)."""
        return (q for q in self._store.quads_for_pattern(None, None, None, None) if q.predicate not in _BOOKKEEPING)

    def graph_quads(self, graph: NamedNode) -> list[Quad]:
        return list(self._store.quads_for_pattern(None, None, None, graph))

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, NamedNode))

    def count(self) -> int:
        """Number of triples (the per-graph bookkeeping left out)."""
        store = self._store
        return len(store) - sum(1 for p in _BOOKKEEPING for _ in store.quads_for_pattern(None, p, None, None))

    def dump_quads(self, path) -> int:
        """Every quad as N-Quads, bookkeeping included (what a load wrote); returns how many."""
        self._store.dump(str(path), format=RdfFormat.N_QUADS)
        return len(self._store)

    def dump(self, fmt: RdfFormat, path=None):
        """Serialise the union of all graphs (triples) in ``fmt``; returns bytes when path is None."""
        triples = (Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in self.triples())
        return _dump_triples(triples, fmt, path)

    @staticmethod
    def node(iri: str) -> NamedNode:
        return NamedNode(iri)

    def backend(self):
        """The SPARQL fetches, with search and timeline read from the derived index."""
        from .sparql_queries import SparqlBackend

        return SparqlBackend(self, index=self.text_index)

    def text_index(self):
        """The derived tables of ``search`` and ``timeline`` (created and kept in step on demand)."""
        if self._text_index is None:
            from .sparql_queries import timeline_sparql
            from .textindex import TextIndex

            side = None if self.path is None else self.path / "search.sqlite"
            self._text_index = TextIndex(self, side, timeline_query=timeline_sparql(per_graph=True))
        return self._text_index

    def flush(self) -> None:
        """Committed versions are durable when their write session ends: nothing to do."""

    def close(self) -> None:
        if self._text_index is not None:
            self._text_index.close()
            self._text_index = None
        if self._reading is not None:
            self._reading.release()
        self._view = None  # type: ignore[assignment]

    def union_triples(self):
        """The union of the graphs' content, each triple once (what ``export`` writes as ttl/nt)."""
        from pyoxigraph import Triple

        from .export import UNION

        return (Triple(r[0], r[1], r[2]) for r in self.raw.query(UNION))

    @property
    def raw(self) -> Store:
        """The underlying ``pyoxigraph.Store`` (for benchmarks and power users): inside
        :meth:`writing`, the session's writable stage (committed when the session ends); outside,
        the committed version, read-only on disk."""
        return self._stage() if self._session is not None else self._store


_DIGEST = NamedNode(PG.graphDigest)
_SHARED = NamedNode(PG.sharedFacts)  # in a source's graph: the entity lines it contributes
_BOOKKEEPING = (_DIGEST, _SHARED)


def _payload(todo: Mapping[NamedNode, GraphText], extra: str, seen: set[str] | None = None,
             digests: dict[str, str] | None = None) -> bytes:
    """The N-Quads of the graphs to write: their lines, the entity lines they state (each once per
    session: ``seen`` holds those already written), and per graph its digest (into ``digests``,
    graph -> line, when given: a session sends them last) and the record of those entity lines
    (one per record: a graph of several records states several)."""
    parts = []
    seen = set() if seen is None else seen
    for g, text in todo.items():
        parts.append(text.data())
        fresh = [line for line in text.shared if line not in seen]
        seen.update(fresh)
        line = f"{g} {_DIGEST} {nt_literal(text.digest())} {g} .\n"
        tail = fresh
        if digests is None:
            tail.append(line)
        else:
            digests[g.value] = line
        if text.shared:
            tail.append(f"{g} {_SHARED} {nt_literal(''.join(text.shared))} {g} .\n")
        parts.append("".join(tail).encode("utf-8", "replace"))
    parts.append(extra.encode("utf-8", "replace"))
    return b"".join(parts)


def _load_small(store: Store, payload: bytes) -> None:
    store.load(payload, format=RdfFormat.N_QUADS)
    fault_point("staged")


def _index_batch(index, rows) -> None:
    """The search index rows of a batch (its timeline rows are queried once for all graphs when
    the session ends: one pass costs what a batch's VALUES query does). Uncommitted until the
    session ends; a failed session rolls them back."""
    for graph, digest, nodes, add in rows:
        index.put(graph, digest, nodes, add=add)


def _as_text(g: NamedNode, quads) -> GraphText:
    return quads if isinstance(quads, GraphText) else GraphText.from_quads(g, quads)


def _write_error(path, exc: OSError | sqlite3.Error) -> StoreError:
    """A failed write, said truthfully: the session is abandoned, so nothing was changed."""
    if getattr(exc, "errno", None) == errno.ENOSPC or "No space left" in str(exc) or "disk is full" in str(exc):
        return StoreError(f"the disk of the store {path} is full: nothing was changed (free some space "
                          f"and load again)")
    return StoreError(f"writing to the store {path} failed, nothing was changed: {exc}")


def graph_digest(quads: Iterable[Quad]) -> str:
    """An order-independent SHA-1 of a graph's triples (graph names left out)."""
    lines = sorted(f"{q.subject} {q.predicate} {q.object}" for q in quads)
    return hashlib.sha1("\n".join(lines).encode("utf-8")).hexdigest()


def _dump_triples(quads, fmt, path):
    mem = Store()
    mem.bulk_extend(quads)
    if path is None:
        return mem.dump(format=fmt, from_graph=DefaultGraph())
    mem.dump(str(path), format=fmt, from_graph=DefaultGraph())
    return None


_PREFIXES = {p: str(ns) for p, ns in NAMESPACES.items()}


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def inject_values(sparql: str, bindings: Mapping[str, object]) -> str:
    """Bind variables by a ``VALUES`` block at the start of the WHERE group.

    Each value is serialised by pyoxigraph as an RDF term (escaped), never pasted as text, so a
    binding cannot change the query. Oxigraph's own ``substitutions`` need the variable in the
    projection; VALUES works for any variable and is joined first. Mind SPARQL's scoping: a FILTER
    inside a nested group (``{ … FILTER(?x) }`` in a UNION branch) does not see the bound variable;
    put such filters at the level of the WHERE group.

    >>> inject_values("SELECT ?m WHERE { ?m ?p ?u }", {"u": "市营商局"})
    'SELECT ?m WHERE { VALUES (?u) { ("市营商局") } ?m ?p ?u }'
    """
    names = list(bindings)
    for n in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n):
            raise ValueError(f"not a SPARQL variable name: {n!r}")
    row = " ".join(str(_as_term(bindings[n])) for n in names)
    block = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }} "
    m = _WHERE.search(sparql) or re.search(r"\{", sparql)
    if m is None:
        raise ValueError("cannot bind variables: the query has no WHERE group")
    return sparql[: m.end()] + " " + block + sparql[m.end():].lstrip()


def _as_term(v):
    """A binding as an RDF term: an ``http(s)://`` string is an IRI (nodes come back from queries
    as such strings), any other value a typed literal; pass ``pyoxigraph.Literal`` to force one."""
    if isinstance(v, (NamedNode, Literal, BlankNode)):
        return v
    if isinstance(v, str) and v.startswith(("http://", "https://")) and " " not in v:
        return NamedNode(v)
    from ..build import literal

    return literal(v)


_INT = {"http://www.w3.org/2001/XMLSchema#integer", "http://www.w3.org/2001/XMLSchema#int",
        "http://www.w3.org/2001/XMLSchema#long"}
_FLOAT = {"http://www.w3.org/2001/XMLSchema#decimal", "http://www.w3.org/2001/XMLSchema#double",
          "http://www.w3.org/2001/XMLSchema#float"}


def to_python(term):
    """A pyoxigraph term as a plain Python value: IRIs and strings as ``str``, numbers as numbers."""
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, Literal):
        dt = term.datatype.value
        if dt in _INT:
            return int(term.value)
        if dt in _FLOAT:
            f = float(term.value)
            return int(f) if f.is_integer() and dt.endswith("integer") else f
        if dt.endswith("#boolean"):
            return term.value == "true"
        return term.value
    if isinstance(term, BlankNode):
        return "_:" + term.value
    return str(term)


__all__ = ["OxigraphStore", "default_path", "to_python", "inject_values", "QueryTriples"]
