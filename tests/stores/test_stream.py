"""A write session of the embedded store is one bulk load fed batch after batch (stores/stream.py):
separate bulk loads into a store that holds data make RocksDB compact what they overlap."""

import errno
import threading

import pytest
from conftest import DATA, REPORT, STATE_COUNCIL
from pyoxigraph import NamedNode

from policygraph import PolicyGraph, StoreError, pipeline
from policygraph.build import ENTITIES
from policygraph.graphtext import GraphText
from policygraph.stores import oxigraph, stream

LIAONING = DATA / "regulations" / "辽宁省优化营商环境条例(2019-07-30).md"


@pytest.fixture
def streams(monkeypatch):
    """The bulk streams opened (each one bulk load)."""
    opened = []

    class Counted(stream.BulkStream):
        def __init__(self, *args):
            super().__init__(*args)
            opened.append(self)

    monkeypatch.setattr("policygraph.stores.oxigraph.BulkStream", Counted)
    return opened


def _two_files_of_one_version(tmp_path):
    """The State Council regulation in two files (one with an extra space), then Liaoning."""
    first, second = tmp_path / "a" / STATE_COUNCIL.name, tmp_path / "c" / STATE_COUNCIL.name
    text = STATE_COUNCIL.read_text(encoding="utf-8")
    for f, body in ((first, text), (second, text.replace("第一条", "第一条 ", 1))):
        f.parent.mkdir()
        f.write_text(body, encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / LIAONING.name).write_bytes(LIAONING.read_bytes())
    return [tmp_path / "a", tmp_path / "c", tmp_path / "b"]


def test_a_load_of_many_batches_is_one_bulk_load_and_stores_what_one_batch_stores(tmp_path, streams, monkeypatch):
    monkeypatch.setattr(oxigraph, "BULK_THRESHOLD", 50)  # the fixture is 4k quads
    before_settle = []
    settle = oxigraph.OxigraphStore.settle
    monkeypatch.setattr(oxigraph.OxigraphStore, "settle", lambda self: before_settle.append(len(streams)) or settle(self))
    paths = _two_files_of_one_version(tmp_path)
    pg = PolicyGraph.open(tmp_path / "store")
    summary = pipeline.load(pg.store, paths, batch_quads=50)
    assert summary.result.quads > 10 * 50
    # one stream for all the files: a version met again in a later file is merged when the session
    # settles (which writes the merged graph after it), without reading (and so ending) the stream
    # in the middle (reports are linked against what the store holds: a load with reports reads the
    # stage, and so ends a stream, once per report)
    assert before_settle[0] == 1
    # and settling adds the later file's lines to the graph the stream holds: no second bulk load
    # (whose write after the first made RocksDB compact the whole store), nothing read back or dropped
    assert len(streams) == 1
    together = PolicyGraph.open(memory=True)
    together.load(paths)
    assert sorted(map(str, pg.store.triples())) == sorted(map(str, together.store.triples()))
    assert pg.search("营商环境").equals(together.search("营商环境"))
    assert pg.store.digests() == together.store.digests()
    assert pipeline.load(pg.store, paths, batch_quads=50).result.quads == 0  # the union is unchanged


def _records(g):
    return [GraphText.of(g, [f'<urn:s> <urn:p> "{v}" {g} .\n' for v in values], [f'<urn:e> <urn:p> "{e}" <{ENTITIES}> .\n'])
            for values, e in (((1, 2), "a"), ((2, 3), "b"))]


@pytest.mark.parametrize("read_between", [False, True])
def test_a_graph_of_two_records_in_one_session_is_their_union(tmp_path, read_between):
    """The second record of a graph is added to the first (its digest quad not yet sent), or, once
    a read in between has made the stage hold that digest, merged with what the stage holds."""
    g = NamedNode("urn:g")
    a, b = _records(g)
    pg = PolicyGraph.open(tmp_path / "store")
    with pg.store.writing():
        pg.store.replace_graphs({g: a})
        if read_between:
            pg.store.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
        pg.store.replace_graphs({g: b})
    values = sorted(q.object.value for q in pg.store.raw.quads_for_pattern(None, NamedNode("urn:p"), None, g))
    assert values == ["1", "2", "3"]
    assert pg.store.digests() == {"urn:g": a.union(b).digest()}
    version = pg.store.version
    with pg.store.writing():  # the same two records again: nothing to write, no new version
        pg.store.replace_graphs({g: a})
        pg.store.replace_graphs({g: b})
        assert pg.store.settle().unchanged == ["urn:g"]
    assert pg.store.version == version


def test_a_small_load_is_one_transaction_not_a_bulk_load(tmp_path, streams):
    pg = PolicyGraph.open(tmp_path / "store")
    pg.load(LIAONING)
    assert streams == [] and pg.store.count() > 0


def test_a_loader_that_stops_fails_the_load_at_once_and_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    """Synthetic fault: the loader reads one chunk, then fails as on a full disk. The builder's next
    write must fail (not wait on a full pipe), with the store's message, and change nothing."""
    pg = PolicyGraph.open(tmp_path / "store")
    pg.load(LIAONING)
    before = sorted(map(str, pg.store.triples()))

    def failing(self, store):
        try:
            self._reader.read(stream.CHUNK)
            raise OSError(errno.ENOSPC, "No space left on device")
        finally:
            self._reader.close()

    monkeypatch.setattr(stream.BulkStream, "_run", failing)
    monkeypatch.setattr(oxigraph, "BULK_THRESHOLD", 1000)
    errors = []

    def load():
        try:
            pipeline.load(pg.store, [STATE_COUNCIL, REPORT], batch_quads=500)
        except StoreError as exc:
            errors.append(exc)

    t = threading.Thread(target=load)
    t.start()
    t.join(timeout=120)
    assert not t.is_alive(), "the load waits on a loader that has stopped"
    assert errors and "is full: nothing was changed" in str(errors[0])
    monkeypatch.undo()
    assert sorted(map(str, PolicyGraph.open(tmp_path / "store").store.triples())) == before


def test_graphs_added_and_read_back_in_one_settling_get_one_digest_each(tmp_path):
    """One graph's digest quad is in the stage (a read came after it), another's is held back: the
    first is read back, which sends what is held back; the second's stale digest must not go too."""
    g1, g2 = NamedNode("urn:g1"), NamedNode("urn:g2")
    (a1, b1), (a2, b2) = _records(g1), _records(g2)
    pg = PolicyGraph.open(tmp_path / "store")
    with pg.store.writing():
        pg.store.replace_graphs({g1: a1})
        pg.store.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
        pg.store.replace_graphs({g2: a2})
        pg.store.replace_graphs({g1: b1, g2: b2})
    digests = pg.store.select("SELECT ?g ?d WHERE { GRAPH ?g { ?g pg:graphDigest ?d } }")
    assert sorted((r["g"], r["d"]) for r in digests) == [("urn:g1", a1.union(b1).digest()),
                                                         ("urn:g2", a2.union(b2).digest())]

