"""Loading in one pass: read -> extract -> resolve -> link -> build -> write, each step a function of
records; the regulations to link against found in the batch first, then in the store, each read once."""

import pytest
from conftest import DATA, REPORT, STATE_COUNCIL

from policygraph import NotFoundError, PolicyGraph, build, pipeline
from policygraph.loaders.law import read_regulation
from policygraph.ontology.terms import PG
from policygraph.stores.oxigraph import OxigraphStore

LIAONING = DATA / "regulations" / "辽宁省优化营商环境条例(2019-07-30).md"


class Counting:
    """A backend that counts the fetches made through it."""

    def __init__(self, backend):
        self.backend, self.calls = backend, []

    def __getattr__(self, name):
        def fetch(*args):
            self.calls.append(name)
            return getattr(self.backend, name)(*args)

        return fetch


@pytest.fixture(scope="module")
def stored():
    """An embedded store holding the State Council and Liaoning regulations (no report)."""
    store = OxigraphStore(None)
    pipeline.load(store, [STATE_COUNCIL, LIAONING])
    return store


def test_read_batch_sorts_records_and_skips_bad_files_only_when_asked(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    batch = pipeline.read_batch([STATE_COUNCIL, REPORT, bad], keep_going=True)
    assert [r.title for r in batch.regulations] == ["优化营商环境条例"] and len(batch.reports) == 1
    assert set(batch.files.values()) == {"regulation", "report"} and "empty.txt" in batch.errors[0]
    with pytest.raises(Exception, match="empty.txt"):
        pipeline.read_batch([bad])


def test_the_index_prefers_the_batch_and_reads_the_store_once(stored):
    backend = Counting(stored.backend())
    national = read_regulation(STATE_COUNCIL)
    index = pipeline.RegulationIndex([national], backend)
    assert index.named(["优化营商环境条例", "《优化营商环境条例》"]) == [national]  # from the batch, once
    assert backend.calls == []
    liaoning = index.named(["辽宁省优化营商环境条例"])
    assert [r.title for r in liaoning] == ["辽宁省优化营商环境条例"] and liaoning[0].version_date == "2019-07-30"
    assert len(liaoning[0].articles()) == 5
    index.named(["辽宁省优化营商环境条例"])
    assert backend.calls.count("stored_versions") == 1  # cached
    index.titles()
    index.titles()
    assert backend.calls.count("titles_with_articles") == 1


def test_a_report_is_linked_to_what_it_names_or_writes_out(stored):
    rep = pipeline.read_batch([REPORT]).reports[0]
    index = pipeline.RegulationIndex((), stored.backend())
    titles = [r.title for r in index.for_report(rep)]
    assert titles[0] == "优化营商环境条例" and "辽宁省优化营商环境条例" in titles
    pipeline.link_reports([rep], index, regulations=[build.work_iri("辽宁省优化营商环境条例")])
    linked = {c.regulation for m in rep.measures for c in m.articles}
    assert linked == {"辽宁省优化营商环境条例"}


def test_users_name_regulations_as_they_write_them(stored):
    index = pipeline.RegulationIndex((), stored.backend())
    assert index.find("《优化营商环境条例》") == build.work_iri("优化营商环境条例")
    with pytest.raises(NotFoundError, match="no regulation named '不存在的条例'"):
        index.find("不存在的条例")


def test_a_version_from_a_file_and_a_catalogue_row_is_one_text_graph_and_one_catalogue_graph():
    batch = pipeline.read_batch([STATE_COUNCIL, DATA / "catalogue.csv"])
    graphs, shared = pipeline.build_graphs(batch.regulations, batch.reports, pipeline.resolve_entities(batch))
    versions = [r for r in batch.regulations if r.title == "优化营商环境条例"]
    assert len(versions) == 3  # the file, the catalogue's text of it and the catalogue row's facts
    assert len({build.version_iri(r.title, r.version_date) for r in versions}) == 1
    texts = {build.version_iri(r.title, r.version_date) for r in batch.regulations if r.catalogue_line is None}
    rows = {build.catalogue_graph(build.version_iri(r.title, r.version_date)) for r in batch.regulations
            if r.catalogue_line is not None}
    assert {g.value for g in graphs} == texts | rows
    ver = build.node(build.version_iri("优化营商环境条例", "2019-10-22"))
    catalogue = graphs[build.node(build.catalogue_graph(ver.value))]
    assert any("inForce" in line for line in catalogue.lines)  # what only the catalogue says
    assert not any("#complete>" in line or "#hasArticles>" in line for line in catalogue.lines)
    assert shared == list(dict.fromkeys(shared))


def test_the_issuer_is_resolved_before_building():
    batch = pipeline.read_batch([STATE_COUNCIL])
    assert pipeline.resolve_entities(batch)["国务院"].name == "国务院"


def links_graph(pg):
    return sorted(map(str, pg.store.graph_quads(build.node(build.links_graph(build.work_iri(
        pg.measures()["report"][0]))))))


def test_relinking_stored_measures_writes_what_linking_at_load_writes():
    together, steps = PolicyGraph.open(memory=True), PolicyGraph.open(memory=True)
    together.load([STATE_COUNCIL, REPORT])
    steps.load(REPORT)
    assert steps.load(STATE_COUNCIL).relinked == 1
    assert links_graph(steps) == links_graph(together)
    assert steps.link() == 1 and links_graph(steps) == links_graph(together)  # again: the same


def test_stored_measures_come_back_whole(stored):
    pg = PolicyGraph.open(memory=True)
    pg.load(REPORT, link=False)
    rep = pipeline.read_batch([REPORT]).reports[0]
    measures, evidence = pipeline.stored_measures(pg.backend, build.report_iri(rep))
    by_text = {m.text: m for m in rep.measures}
    for m in measures:
        fresh = by_text[m.text]
        assert (m.heading, m.marker, m.ordinal, m.start, m.end) == (fresh.heading, fresh.marker, fresh.ordinal,
                                                                   fresh.start, fresh.end)
        assert evidence[m.id] == build.span_evidence_iri(build.report_iri(rep), fresh.start, fresh.end)


def test_a_load_can_link_against_named_regulations():
    pg = PolicyGraph.open(memory=True)
    pg.load([STATE_COUNCIL, LIAONING])
    pg.load(REPORT, regulations=["辽宁省优化营商环境条例"])
    # a five-article partial text: the calibrated rule asserts none, the candidates show the ranking
    cands = pg.sparql("SELECT DISTINCT ?a WHERE { ?c pg:candidateArticle ?a }")["a"].tolist()
    assert cands and all("辽宁省优化营商环境条例" in a for a in cands)
    arts = [a for cell in pg.measures()["articles"] for a in cell]
    assert not any(a.startswith("优化营商环境条例") for a in arts)
    assert pg.stats(as_dict=True)[PG.Measure.rsplit("#", 1)[-1]] == 19


@pytest.mark.parametrize("batches", [(100, 100), (100, 10**9), (10**9, 100)])
def test_one_version_in_two_files_of_different_batches_is_one_graph_and_reloads_unchanged(tmp_path, batches):
    first, second = tmp_path / "a" / STATE_COUNCIL.name, tmp_path / "c" / STATE_COUNCIL.name
    for f in (first, second):
        f.parent.mkdir()
        f.write_text(STATE_COUNCIL.read_text(encoding="utf-8").replace("第一条", "第一条 ", 1) if f is second
                     else STATE_COUNCIL.read_text(encoding="utf-8"), encoding="utf-8")
    between = tmp_path / "b"
    between.mkdir()
    (between / "辽宁省优化营商环境条例(2019-07-30).md").write_bytes(
        (DATA / "regulations" / "辽宁省优化营商环境条例(2019-07-30).md").read_bytes())
    pg = PolicyGraph.open(tmp_path / "store")
    pipeline.load(pg.store, [tmp_path / "a", between, tmp_path / "c"], batch_quads=batches[0])
    together = PolicyGraph.open(memory=True)
    together.load([tmp_path / "a", between, tmp_path / "c"])
    assert sorted(map(str, pg.store.triples())) == sorted(map(str, together.store.triples()))
    again = pipeline.load(pg.store, [tmp_path / "a", between, tmp_path / "c"], batch_quads=batches[1])
    assert again.result.quads == 0 and not again.result.replaced and not again.result.added


@pytest.mark.parametrize("batch_quads", [100, 10**9])
def test_two_files_of_one_report_keep_the_last_whatever_the_batches(tmp_path, batch_quads):
    text = REPORT.read_text(encoding="utf-8")
    first, last = tmp_path / "a" / "dalian.txt", tmp_path / "b" / "dalian.txt"
    for f, body in ((first, text), (last, text[: len(text) // 2])):  # same title, half the measures
        f.parent.mkdir()
        f.write_text(body, encoding="utf-8")
    pg = PolicyGraph.open(tmp_path / "store")
    summary = pipeline.load(pg.store, [first, last], batch_quads=batch_quads)
    assert summary.duplicates and summary.duplicates[0]["kept"] == str(last)
    alone = PolicyGraph.open(memory=True)
    alone.load(last)
    assert len(pg.measures()) == len(alone.measures()) == summary.measures < 19
    assert sorted(map(str, pg.store.triples())) == sorted(map(str, alone.store.triples()))


def test_a_ranked_link_keeps_its_probability_and_the_sentence_it_rests_on():
    pg = PolicyGraph.open(memory=True)
    pg.load([STATE_COUNCIL, REPORT])
    df = pg.sparql("""SELECT ?c ?p ?s ?e ?x ?t ?art WHERE {
        ?c a pg:ImplementationCandidate ; pg:probability ?p ; pg:candidateArticle ?art ; pg:evidence ?ev .
        ?ev pg:forProperty eli:ensures_implementation_of ; pg:forObject ?art ; oa:hasSource ?r ;
            oa:hasSelector ?sel . ?sel oa:start ?s ; oa:end ?e ; oa:exact ?x . ?r pg:text ?t }""")
    cands = pg.sparql("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a pg:ImplementationCandidate }")["n"][0]
    assert len(set(df["c"])) == cands > 0  # every candidate: a probability and its best sentence
    assert all(r.t[r.s:r.e] == r.x for r in df.itertuples())  # the quote is the report's text there
    assert df["p"].between(0, 1).all()
