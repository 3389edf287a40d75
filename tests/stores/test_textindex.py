"""The derived tables beside the embedded store (search and timeline): kept in step with the
store's graph digests, equal to what the SPARQL answers, and deletable."""

from conftest import STATE_COUNCIL
from test_oxigraph import LAW

from policygraph import PolicyGraph
from policygraph.stores.oxigraph import OxigraphStore
from policygraph.stores.sparql_queries import SEARCH, SparqlBackend, timeline_sparql
from policygraph.stores.textindex import TextIndex


def test_search_index_follows_the_store(tmp_path):
    f = tmp_path / "示例条例(2020-01-01).md"
    f.write_text(LAW, encoding="utf-8")
    pg = PolicyGraph.open(tmp_path / "store")
    pg.load(f)
    assert pg.search("为了示例")["label"].tolist() == ["第一条"]
    assert (tmp_path / "store" / "search.sqlite").exists()
    f.write_text(LAW.replace("为了示例", "为了修改后的说明"), encoding="utf-8")
    pg.load(f)
    assert pg.search("为了示例").empty  # the replaced text is gone from the index too
    assert pg.search("修改后的说明")["label"].tolist() == ["第一条"]
    # the index is derived data: deleting it loses nothing
    pg.close()
    (tmp_path / "store" / "search.sqlite").unlink()
    pg = PolicyGraph.open(tmp_path / "store")
    assert pg.search("修改后的说明")["label"].tolist() == ["第一条"]


def test_an_index_of_the_earlier_schema_is_built_again(tmp_path):
    """An index file written by an earlier version (FTS rows holding a spaced copy of the text, no
    schema mark) is derived data: it is dropped and built again from the store, not misread."""
    import sqlite3

    f = tmp_path / "示例条例(2020-01-01).md"
    f.write_text(LAW, encoding="utf-8")
    PolicyGraph.open(tmp_path / "store").load(f)
    path = tmp_path / "store" / "search.sqlite"
    path.unlink()
    db = sqlite3.connect(path)
    db.executescript("""CREATE TABLE graphs (graph TEXT PRIMARY KEY, digest TEXT);
        CREATE TABLE nodes (graph TEXT, node TEXT, label TEXT, text TEXT, alts TEXT, types TEXT, paragraph INTEGER);
        CREATE VIRTUAL TABLE grams USING fts5(node UNINDEXED, graph UNINDEXED, body);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);""")
    db.commit()
    db.close()
    assert PolicyGraph.open(tmp_path / "store").search("为了示例")["label"].tolist() == ["第一条"]


def test_replacing_a_graph_leaves_no_index_rows_of_its_old_text(tmp_path):
    """The FTS table keeps no text: a replaced graph's rows are deleted by their bodies, made
    again from the node rows; a wrong body would leave the old characters findable."""
    f = tmp_path / "示例条例(2020-01-01).md"
    f.write_text(LAW, encoding="utf-8")
    pg = PolicyGraph.open(tmp_path / "store")
    for text in (LAW, LAW.replace("为了示例", "为了修改后的说明"), LAW):
        f.write_text(text, encoding="utf-8")
        pg.load(f)
    index = pg.store.text_index()
    assert index.db.execute("SELECT COUNT(*) FROM grams WHERE grams MATCH '\"修 改 后\"'").fetchone()[0] == 0
    n = index.db.execute("SELECT COUNT(*) FROM grams WHERE grams MATCH '\"为 了 示 例\"'").fetchone()[0]
    assert n == index.db.execute("SELECT COUNT(*) FROM nodes WHERE text LIKE '%为了示例%' OR label LIKE '%为了示例%'").fetchone()[0]
    assert n >= 1
    index.db.execute("INSERT INTO grams (grams) VALUES ('integrity-check')")  # raises if FTS and rows disagree


def test_search_matches_substrings_of_any_length(memory_graph):
    memory_graph.load(STATE_COUNCIL)
    two = memory_graph.search("信用")
    assert len(two) > 3 and two["snippet"].str.contains("信用").all()
    assert memory_graph.search("双随机").shape[0] >= 1
    assert memory_graph.search("不存在的词语组合").empty


def test_timeline_from_the_index_equals_the_sparql(demo_graph):
    from policygraph.stores.sparql_queries import timeline_sparql

    def key(r):
        return tuple(str(r[k]) for k in ("date", "kind", "what", "subject", "stype", "source", "quote"))

    # distinct rows: the union query repeats a row for a triple two graphs state (a catalogued
    # version's type and title, said by its text and by its row); the helper reads distinct rows
    direct = sorted(set(map(key, demo_graph.store.select(timeline_sparql()))))
    assert direct and sorted(set(map(key, demo_graph.store.text_index().timeline()))) == direct


def test_sync_reindexes_only_the_graphs_that_changed(tmp_path):
    f = tmp_path / "示例条例(2020-01-01).md"
    f.write_text(LAW, encoding="utf-8")
    pg = PolicyGraph.open(memory=True)
    pg.load([f, STATE_COUNCIL])
    index = pg.store.text_index()
    assert index.sync() > 0
    assert index.sync() == 0  # nothing written since
    f.write_text(LAW.replace("为了示例", "为了另一个示例"), encoding="utf-8")
    pg.load(f)
    assert index.sync() == 1  # the changed version's graph only (the entities graph is unchanged)


def test_the_index_answers_what_the_sparql_answers(demo_graph):
    from policygraph.queries import search_rows, timeline_rows

    plain = SparqlBackend(demo_graph.store)  # no index: CONTAINS over every literal
    indexed = demo_graph.store.backend()
    for q in ("信用", "市营商局", "营商环境"):
        # paragraphs and items repeat their article's text: the index lets the article stand for them
        want = [r for r in search_rows(plain, q, limit=10_000) if r["type"] not in ("Paragraph", "Item")]
        assert search_rows(indexed, q, limit=10_000) == want, q
        assert plain.search_rows(q) == demo_graph.store.select(SEARCH, {"q": q})
    assert timeline_rows(indexed) == timeline_rows(plain)
    assert timeline_rows(indexed, "市营商局") == timeline_rows(plain, "市营商局")


def test_the_index_is_given_its_timeline_query():
    store = OxigraphStore(None)
    index = TextIndex(store, timeline_query=timeline_sparql(per_graph=True))
    assert index.timeline() == [] and index.search("信用") == []


def _index_rows(db):
    from policygraph.stores.textindex import SEP

    rows = db.execute("SELECT graph, node, label, text, alts, types FROM nodes").fetchall()
    return sorted((g, n, lab, t, tuple(sorted(set(a.split(SEP)) - {""})), tuple(sorted(set(ty.split(SEP)) - {""})))
                  for g, n, lab, t, a, ty in rows)


def test_rows_a_load_puts_equal_rows_synced_from_the_store(tmp_path):
    from conftest import DATA

    pg = PolicyGraph.open(tmp_path / "store")
    pg.load([DATA / "catalogue.csv", DATA / "regulations", DATA / "reports"])
    put = pg.store.text_index()
    assert put.sync() == 0  # the load left it in step with the committed version
    synced = TextIndex(pg.store, None, timeline_query=timeline_sparql(per_graph=True))
    assert synced.sync() > 0
    assert _index_rows(put.db) == _index_rows(synced.db)
    timeline = "SELECT graph, date, kind, what, subject, stype, source, quote, event FROM timeline"
    assert sorted(put.db.execute(timeline), key=str) == sorted(synced.db.execute(timeline), key=str)
