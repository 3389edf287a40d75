"""Derived tables beside the embedded store: a substring index for ``search`` and the rows of
``timeline``, for large graphs.

SPARQL ``CONTAINS`` reads every literal of the store (seconds on the whole laws corpus). This index
keeps, per named graph, each node's labels, text, aliases and types in SQLite (standard library) and
answers a substring query through an FTS5 index in which every character is a token, so that a
phrase query is a substring query for Chinese of any length (two-character words like 信用 included,
which a trigram index cannot serve). It is derived data: it follows the
store's per-graph digests and re-indexes only the graphs that changed, so it is never stale and can
be deleted at any time (``<store>.search.sqlite``).

The timeline is kept here too: its rows are thousands of dated events whose joins cost Oxigraph
~0.4 s on the whole laws corpus, and each source's events stand in its own graph, so they are
computed once per graph at sync time.

>>> spaced("信用 体系")
'信 用 体 系'
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..ontology.terms import PG

# The FTS table is contentless: it keeps only the index of each node row's characters (``rowid`` =
# ``nodes.id``), not a second, spaced copy of the text (it was a third of the file and of the
# index's write cost on the laws corpus). A row leaves it by the 'delete' command with its body,
# which is made again from the node row (see _body).
SCHEMA_VERSION = "2"
SCHEMA = """
CREATE TABLE IF NOT EXISTS graphs (graph TEXT PRIMARY KEY, digest TEXT);
CREATE TABLE IF NOT EXISTS nodes (id INTEGER PRIMARY KEY, graph TEXT, node TEXT, label TEXT, text TEXT,
                                  alts TEXT, types TEXT, paragraph INTEGER);
CREATE INDEX IF NOT EXISTS nodes_graph ON nodes (graph);
CREATE INDEX IF NOT EXISTS nodes_node ON nodes (node);
CREATE VIRTUAL TABLE IF NOT EXISTS grams USING fts5(body, content='');
CREATE TABLE IF NOT EXISTS timeline (graph TEXT, date TEXT, kind TEXT, what TEXT, subject TEXT, stype TEXT,
                                     source TEXT, quote TEXT, event INTEGER);
CREATE INDEX IF NOT EXISTS timeline_graph ON timeline (graph);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""
SEP = "\u0001"

# what one named graph says about the labels, texts, aliases and types of its nodes (COALESCE: an
# unbound value inside GROUP_CONCAT would unbind the whole aggregate)
GRAPH_ROWS = f"""
SELECT ?g ?n (SAMPLE(?l) AS ?label) (SAMPLE(?t) AS ?text)
       (GROUP_CONCAT(DISTINCT COALESCE(?alt, ""); separator="{SEP}") AS ?alts)
       (GROUP_CONCAT(DISTINCT COALESCE(STR(?type), ""); separator="{SEP}") AS ?types) WHERE {{
  GRAPH ?g {{ {{ ?n <http://www.w3.org/2000/01/rdf-schema#label> ?l }} UNION {{ ?n pg:text ?t }}
             UNION {{ ?n <http://www.w3.org/2004/02/skos/core#altLabel> ?alt }}
             UNION {{ ?n a ?type . FILTER(STRSTARTS(STR(?type), "{PG}")) }} }}
}} GROUP BY ?g ?n"""


_SKIP = {str(PG.Paragraph), str(PG.Item)}  # they repeat their article's text: the article stands for them


def _node_rows(graph: str, rows: dict[str, list]):
    """Index rows of the builder's gathered ``node -> [label, text, aliases, types]``, as
    :data:`GRAPH_ROWS` gives them from the store."""
    for node, (label, text, alts, types) in rows.items():
        if _SKIP.intersection(types):
            continue
        yield (graph, node, label, text, SEP.join(dict.fromkeys(alts)), SEP.join(dict.fromkeys(types)), 0)


def _body(label, text, alts) -> str:
    """What the FTS table indexes of a node row (the same text when the row is deleted)."""
    return spaced(" ".join(x for x in (label, text, alts) if x))


def _text(v):
    return None if v is None else str(v)


def spaced(text: str) -> str:
    """Every character a token of its own: ``"信用体系"`` -> ``"信 用 体 系"``."""
    return " ".join("".join(text.split()))


class TextIndex:
    """Substring search over node labels, texts and aliases of an :class:`OxigraphStore`, and the
    timeline rows of ``timeline_query`` (a SPARQL SELECT of ``?g ?k0`` and the timeline columns,
    evaluated per named graph: :func:`~.sparql_queries.timeline_sparql` with ``per_graph=True``)."""

    def __init__(self, store, path: str | Path | None = None, *, timeline_query: str):
        self.store = store
        self.timeline_query = timeline_query
        # several processes may read (and sync) one index while another loads: wait, do not fail
        # check_same_thread: a load's writer thread fills it while the main thread builds; the
        # store hands it to one thread at a time
        self.db = sqlite3.connect(str(path) if path else ":memory:", timeout=60, check_same_thread=False)
        if path:
            self.db.execute("PRAGMA journal_mode=WAL")
        self._schema()
        self._in_step = False  # a write session's rows complete the index (see begin)
        self._synced = None  # the store version last synced (see OxigraphStore.version)

    def _schema(self) -> None:
        """Create the tables; an index file of another schema is derived data: dropped, and built
        again from the store at the next sync."""
        has = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "meta" in has and self._meta("schema") != SCHEMA_VERSION:
            with self.db:
                for t in ("grams", "nodes", "graphs", "timeline", "meta"):
                    self.db.execute(f"DROP TABLE IF EXISTS {t}")
        self.db.executescript(SCHEMA)
        if self._meta("schema") != SCHEMA_VERSION:  # (a reader opening the index writes nothing)
            with self.db:
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def sync(self) -> int:
        """Re-index the graphs whose digest changed; returns how many graphs were (re)indexed.

        Free when the index was synced at the store's current version (a load syncs it before it
        commits: :meth:`sync_from`), so the first search after a load costs what later ones do."""
        version = self.store.version
        if version == self._synced:
            return 0
        if self._meta("version") == version:
            self._synced = version
            return 0
        n = self.sync_from(self.store, version)
        self._synced = version
        return n

    def sync_from(self, store, version: str) -> int:
        """Index what ``store`` holds now and record it as the state of ``version`` (a write session
        calls it on its stage just before committing it as ``version``)."""
        n = self._sync(store)
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (version,))
        return n

    # ------------------------------------------------------------------ kept up to date by a load
    def begin(self, base: str | None) -> None:
        """A write session starts from the store version ``base`` (None: an empty store): the rows
        it puts complete the index only if the index was in step with ``base``."""
        version = self._meta("version")
        fresh = base is None and version is None and not self.db.execute("SELECT 1 FROM graphs LIMIT 1").fetchone()
        self._in_step = fresh or (base is not None and version == base)

    def put(self, graph: str, digest: str | None, rows: dict[str, list] | None, *, add: bool = False) -> None:
        """Replace what the index holds of ``graph`` by ``rows`` (node -> [label, text, aliases,
        types], as the builder gathered them), or with ``add`` add them to it (a record of a graph
        whose other records are indexed); ``rows=None`` only forgets the graph. Uncommitted until
        :meth:`finish` (or rolled back by :meth:`abandon`)."""
        if not add and self.db.execute("SELECT 1 FROM graphs WHERE graph = ?", (graph,)).fetchone():
            self._forget([graph])
        if rows is None:
            return
        out = list(_node_rows(graph, rows))
        self._insert(out)
        self.db.execute("INSERT OR REPLACE INTO graphs VALUES (?, ?)", (graph, digest))

    def put_timeline(self, store, graphs: list[str]) -> None:
        """Replace the timeline rows of ``graphs`` by what ``store`` (a stage holding them) says:
        one query over the whole store for many graphs (a VALUES list of graphs costs the same
        pass), a VALUES query for a few."""
        self._forget(graphs, nodes=False, timeline=True)
        if not graphs:
            return
        query = None
        if len(graphs) <= 50:
            values = " ".join(f"<{g}>" for g in graphs)  # graph IRIs the store wrote: valid IRIs
            query = self.timeline_query.replace("WHERE { GRAPH ?g", f"WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g", 1)
        self.db.executemany("INSERT INTO timeline VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            self._timeline(store, graphs, whole=True, query=query))

    def finish(self, store, version: str, base: str | None, graphs: list[str], unknown: list[str]) -> None:
        """After a write session put the rows of ``graphs``: query their timeline rows and the
        node rows of ``unknown`` ones (the entities graph, graphs given as quads) from ``store``
        (the stage), then record the index as the state of ``version``. When the index was not in step
        with ``base`` (the version the session started from), it is synced in full instead."""
        from ..build import ENTITIES

        if not self._in_step:
            self.db.rollback()
            self.sync_from(store, version)
            return
        count = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ENTITIES}> {{ ?s ?p ?o }} }}")[0]["n"]
        unknown = list(dict.fromkeys([*unknown, ENTITIES]))
        self.put_timeline(store, graphs)
        self._forget(unknown, nodes=True, timeline=False)
        self._insert(list(self._rows(store, unknown, whole=False)))
        digests = {g: d for g, d in store.digests().items() if g in set(unknown)}
        digests[ENTITIES] = str(count)
        self.db.executemany("INSERT OR REPLACE INTO graphs VALUES (?, ?)", list(digests.items()))
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (version,))
        self.db.commit()
        self._in_step = False

    def abandon(self) -> None:
        """Forget what a write session put (it was not committed)."""
        self.db.rollback()
        self._in_step = False

    def _forget(self, graphs: list[str], nodes: bool = True, timeline: bool = True) -> None:
        keys = [(g,) for g in graphs]
        if nodes:
            for key in keys:
                rows = self.db.execute("SELECT id, label, text, alts FROM nodes WHERE graph = ?", key).fetchall()
                self.db.executemany("INSERT INTO grams (grams, rowid, body) VALUES ('delete', ?, ?)",
                                    [(i, body) for i, *row in rows if (body := _body(*row))])
            self.db.executemany("DELETE FROM nodes WHERE graph = ?", keys)
            self.db.executemany("DELETE FROM graphs WHERE graph = ?", keys)
        if timeline:
            self.db.executemany("DELETE FROM timeline WHERE graph = ?", keys)

    def _insert(self, rows: list[tuple]) -> None:
        # ids given, not left to SQLite: the FTS rows must name them
        first = self.db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM nodes").fetchone()[0]
        self.db.executemany("INSERT INTO nodes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            ((first + i, *r) for i, r in enumerate(rows)))
        self.db.executemany("INSERT INTO grams (rowid, body) VALUES (?, ?)",
                            ((first + i, body) for i, r in enumerate(rows) if (body := _body(r[2], r[3], r[4]))))

    # ------------------------------------------------------------------ synced from the store
    def _sync(self, store) -> int:
        from ..build import ENTITIES

        current = store.digests()
        # the entities graph has no digest of its own: its size stands for one
        current[ENTITIES] = str(store.select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ENTITIES}> {{ ?s ?p ?o }} }}")[0]["n"])
        known = dict(self.db.execute("SELECT graph, digest FROM graphs"))
        stale = [g for g in known if current.get(g) != known[g]]
        todo = [g for g in current if known.get(g) != current[g]]
        if not stale and not todo:
            return 0
        with self.db:
            self._forget(stale)
            whole = len(todo) > len(current) // 2
            self.db.executemany("INSERT INTO timeline VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                self._timeline(store, todo, whole))
            self._insert(list(self._rows(store, todo, whole=whole)))
            self.db.executemany("INSERT INTO graphs VALUES (?, ?)", [(g, current[g]) for g in todo])
        return len(todo)

    def _timeline(self, store, graphs: list[str], whole: bool, query: str | None = None):
        wanted = set(graphs)
        query = query or self.timeline_query
        results = store.select(query) if whole else [r for g in graphs for r in store.select(query, {"g": g})]
        for r in results:
            if r["g"] in wanted:
                yield (r["g"], _text(r["date"]), r["kind"], r["what"], r["subject"], r["stype"], r["source"],
                       r["quote"], int(r["k0"] == "event"))

    def timeline(self, events: bool = True) -> list[dict]:
        """The rows of the timeline query (without ``?g``/``?k0``), read from the index; without
        ``events`` only deadlines and figures."""
        self.sync()
        cols = ("date", "kind", "what", "subject", "stype", "source", "quote")
        sql = "SELECT date, kind, what, subject, stype, source, quote FROM timeline"
        return [dict(zip(cols, r, strict=True)) for r in self.db.execute(sql + ("" if events else " WHERE NOT event"))]

    def _rows(self, store, graphs: list[str], whole: bool):
        wanted = set(graphs)
        if whole:  # one pass over the store beats thousands of per-graph queries
            results = store.select(GRAPH_ROWS)
        else:
            results = []
            for g in graphs:
                results += store.select(GRAPH_ROWS, {"g": g})
        for r in results:
            if r["g"] not in wanted:
                continue
            types = r["types"] or ""
            if _SKIP & set(types.split(SEP)):
                continue
            yield (r["g"], r["n"], r["label"], r["text"], r["alts"] or "", types, 0)

    def search(self, q: str, limit: int = 2000) -> list[dict]:
        """Rows ``{n, type, label, text}`` like the SPARQL search: a row per node and type whose
        label or alias contains ``q``, or whose text does (paragraphs left out: their article has
        the same text)."""
        self.sync()
        phrase = spaced(q)
        if not phrase.strip():
            return []
        hits = self.db.execute(
            """SELECT node, label, text, alts, types, paragraph FROM nodes WHERE node IN (
                 SELECT node FROM nodes WHERE id IN (SELECT rowid FROM grams WHERE grams MATCH ?1 LIMIT ?2))""",
            ('"' + phrase.replace('"', '""') + '"', limit)).fetchall()
        merged: dict[str, dict] = {}
        for node, label, text, alts, types, paragraph in hits:
            m = merged.setdefault(node, {"labels": set(), "text": None, "alts": set(), "types": set(),
                                         "paragraph": False})
            if label:
                m["labels"].add(label)
            if text:
                m["text"] = text
            m["alts"].update(a for a in alts.split(SEP) if a)
            m["types"].update(t for t in types.split(SEP) if t)
            m["paragraph"] |= bool(paragraph)
        out = []
        for node, m in merged.items():
            for label in sorted(m["labels"]):
                matched = (q in label or any(q in a for a in m["alts"])
                           or (m["text"] and q in m["text"] and not m["paragraph"]))
                if not matched:
                    continue
                for t in sorted(m["types"]) or [None]:
                    out.append({"n": node, "type": t, "label": label, "text": m["text"]})
        return out

    def close(self) -> None:
        self.db.close()
