"""The query helpers on the demo graph: the questions of DEVELOPERS.md, answered right."""

import networkx as nx
import pytest

from policygraph import NotFoundError, PolicyGraphError
from policygraph.queries import COLUMNS


def test_demo_holds_the_regulations_and_the_report(demo_graph):
    stats = demo_graph.stats(as_dict=True)
    assert stats["Report"] == 1
    assert stats["Section"] == 4
    assert stats["Measure"] == 19
    assert stats["Article"] >= 72
    assert stats["Metric"] > 10 and stats["Unit"] > 10 and stats["Evidence"] > 50


def test_every_helper_returns_its_documented_columns(demo_graph):
    calls = {
        "measures": {}, "units": {}, "responsibilities": {"unit": "市营商局"}, "documents": {},
        "metrics": {}, "trace": {"node": "优化机构设置"}, "coverage": {"regulation": "优化营商环境条例"},
        "timeline": {}, "search": {"text": "信用"}, "neighbors": {"node": "市营商局"},
    }
    for name, kwargs in calls.items():
        df = getattr(demo_graph, name)(**kwargs)
        assert list(df.columns) == COLUMNS[name], name


def test_measures_of_the_business_environment_bureau(demo_graph):
    df = demo_graph.measures(unit="市营商局")
    assert "优化机构设置" in df["heading"].tolist()
    assert df["units"].map(lambda units: "大连市营商环境建设局" in units).all()
    # the short form and the full name are one unit
    full = demo_graph.measures(unit="大连市营商环境建设局")
    assert df["measure"].tolist() == full["measure"].tolist()


def test_status_filter(demo_graph):
    planned = demo_graph.measures(status="planned")
    assert len(planned) > 0
    assert planned["status"].map(lambda status: "planned" in status).all()
    assert len(planned) < len(demo_graph.measures())
    with pytest.raises(PolicyGraphError):
        demo_graph.measures(status="finished")


def test_unknown_unit_lists_the_closest_names(demo_graph):
    with pytest.raises(NotFoundError) as err:
        demo_graph.measures(unit="市营商环境局")
    assert err.value.suggestions


def test_coverage_of_the_state_council_regulation(demo_graph):
    cov = demo_graph.coverage("优化营商环境条例")
    assert len(cov) == 72 and cov["number"].tolist() == list(range(1, 73))
    assert cov.attrs["complete"] is True
    assert (cov["gap"] == ((cov["measures"] == 0) & (cov["documents"] == 0))).all()
    assert cov["gap"].any(), "72 articles and 19 measures: some articles have no measure"
    assert (~cov["gap"]).any(), "some measures are linked to articles"


def test_partial_text_is_never_reported_as_a_gap(demo_graph):
    cov = demo_graph.coverage("辽宁省优化营商环境条例")
    assert cov.attrs["complete"] is False
    assert "incomplete" in cov.attrs["note"]
    assert cov["number"].max() <= 5  # only the articles present in the partial text are listed


def test_measures_by_article_match_coverage(demo_graph):
    cov = demo_graph.coverage("优化营商环境条例")
    linked = cov[cov["measures"] > 0].iloc[0]
    df = demo_graph.measures(article=f"优化营商环境条例 第{linked['number']}条")
    assert len(df) == linked["measures"]


def test_responsibilities_carry_evidence(demo_graph):
    df = demo_graph.responsibilities("市营商局")
    assert len(df) >= 1
    text = (demo_graph.store.select("SELECT ?t WHERE { ?r a pg:Report ; pg:text ?t }"))[0]["t"]
    for _, row in df.dropna(subset=["start"]).iterrows():
        assert text[int(row["start"]):int(row["end"])] == row["quote"]


def test_metrics_have_values_and_evidence(demo_graph):
    df = demo_graph.metrics()
    row = df[df["text"].str.contains("69.19")].iloc[0]
    assert row["value"] == pytest.approx(69.19)
    assert row["unit"] == "%"
    assert row["measure"] is not None


def test_trace_reaches_the_state_council_regulation(demo_graph):
    linked = demo_graph.measures(regulation="优化营商环境条例")
    assert len(linked) > 0
    df = demo_graph.trace(linked["measure"].iloc[0])
    assert len(df) >= 1
    from policygraph.build import work_iri

    assert (df["end"] == work_iri("优化营商环境条例")).any(), df["path"].tolist()


def test_timeline_is_in_date_order(demo_graph):
    df = demo_graph.timeline()
    assert df["date"].tolist() == sorted(df["date"].tolist())
    assert "2019-10-22" in df["date"].tolist()  # promulgation of the State Council regulation


def test_search_ranks_exact_labels_first(demo_graph):
    df = demo_graph.search("市营商局")
    assert len(df) > 0
    assert df["score"].is_monotonic_decreasing


def test_neighbors_and_networkx(demo_graph):
    df = demo_graph.neighbors("市营商局")
    assert (df["type"] == "Measure").any()
    G = demo_graph.to_networkx()
    assert isinstance(G, nx.MultiDiGraph)
    types = nx.get_node_attributes(G, "type")
    assert {"Measure", "Article", "Unit", "Regulation"} <= set(types.values())
    measure = next(n for n, t in types.items() if t == "Measure")
    assert G.nodes[measure]["evidence"][0]["quote"]


def test_a_regulation_named_in_a_report_is_the_loaded_regulation(demo_graph):
    from policygraph.build import unit_iri, work_iri

    docs = demo_graph.documents()
    row = docs[docs["title"] == "优化营商环境条例"].iloc[0]
    assert row["document"] == work_iri("优化营商环境条例")
    assert row["relation"] in ("is_about", "implements")
    types = demo_graph.sparql("SELECT ?t WHERE { ?w a ?t }", w=row["document"])["t"].map(str).tolist()
    assert any(t.endswith("#Regulation") for t in types)
    # the State Council as issuer of the regulation (law file) and as a unit in the report: one node
    passed_by = demo_graph.sparql("SELECT ?u WHERE { ?w eli:passed_by ?u }", w=row["document"])["u"].tolist()
    assert unit_iri("国务院") in passed_by


def test_links_keep_score_method_terms_and_evidence(demo_graph):
    df = demo_graph.sparql("""SELECT ?score ?method ?term ?quote WHERE { ?c a pg:ImplementationCandidate ;
        pg:asserted true ; pg:score ?score ; pg:method ?method ; pg:matchedTerm ?term ; pg:evidence ?e .
        ?e oa:hasSelector ?s . ?s oa:exact ?quote }""")
    assert len(df) > 0
    assert df["score"].between(0, 1).all() and (df["method"] != "").all()


def test_relink_after_loading_a_regulation(tmp_path):
    from conftest import REPORT, STATE_COUNCIL

    from policygraph import PolicyGraph

    pg = PolicyGraph.open(memory=True)
    pg.load(REPORT)
    before = pg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?m eli:ensures_implementation_of ?a . ?a a pg:Article }")
    assert before["n"][0] == 0  # no regulation text yet: nothing to link to
    s = pg.load(STATE_COUNCIL)
    assert s.relinked == 1
    after = pg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?m eli:ensures_implementation_of ?a . ?a a pg:Article }")
    assert after["n"][0] > 0


def test_trace_of_a_document_runs_through_the_measures_that_name_it(demo_graph):
    from policygraph.build import work_iri

    df = demo_graph.trace("大连市社会信用条例")
    assert len(df) >= 1
    assert df["path"].str.contains("mentioned by").all()
    assert (df["end"] == work_iri("优化营商环境条例")).all()


def test_help_shows_the_helpers_as_methods_of_the_class():
    import pydoc

    from policygraph import PolicyGraph
    from policygraph.queries import HELPERS, QueryHelpers

    text = pydoc.render_doc(PolicyGraph, renderer=pydoc.plaintext)
    for name in (*HELPERS, "stats", "load", "link", "push", "cypher"):
        assert f"{name}(self" in text, name
    assert issubclass(PolicyGraph, QueryHelpers) and "measures" in vars(QueryHelpers)


class _FakeServer:
    def __init__(self):
        self.queries = []

    def query(self, cypher, **params):
        self.queries.append((cypher, params))
        return [{"n": params.get("n", 0)}]

    def close(self):
        pass


def test_what_a_server_store_cannot_do_is_a_clear_error(tmp_path):
    from policygraph import PolicyGraph, ServerError
    from policygraph.stores.server import ServerStore

    pg = PolicyGraph(ServerStore(_FakeServer()))
    for call, words in [(lambda: pg.sparql("SELECT * WHERE { ?s ?p ?o }"), "SPARQL needs the embedded store"),
                        (lambda: pg.export("ttl"), "export reads the embedded store"),
                        (pg.to_rdflib, "not the RDF triples"),
                        (lambda: pg.push(falkordb="redis://x"), "this store is a server already")]:
        with pytest.raises(ServerError, match=words):
            call()
    assert pg.cypher("RETURN $n AS n", n=3)["n"].tolist() == [3]


def test_cypher_needs_a_server(memory_graph):
    with pytest.raises(PolicyGraphError, match="cypher needs a server store"):
        memory_graph.cypher("RETURN 1")
    with pytest.raises(PolicyGraphError, match="exactly one of"):
        memory_graph.push()


def test_link_one_report_against_named_regulations():
    from conftest import DATA, REPORT, STATE_COUNCIL

    from policygraph import PolicyGraph

    pg = PolicyGraph.open(memory=True)
    pg.load([STATE_COUNCIL, DATA / "regulations" / "辽宁省优化营商环境条例(2019-07-30).md", REPORT])
    title = pg.measures()["report"][0]
    assert pg.link(regulations=["辽宁省优化营商环境条例"], report=title) == 1
    # every candidate is now an article of the named regulation (a five-article partial text: the
    # calibrated rule asserts none of them, so the candidates are what shows the new ranking)
    cands = pg.sparql("SELECT DISTINCT ?a WHERE { ?c pg:candidateArticle ?a }")["a"].tolist()
    assert cands and all("辽宁省优化营商环境条例" in a for a in cands)
    arts = [a for cell in pg.measures()["articles"] for a in cell]
    assert all(a.startswith("辽宁省优化营商环境条例") for a in arts)
    with pytest.raises(NotFoundError, match="no regulation with article text named"):
        pg.link(regulations=["大连市社会信用条例"])  # named by the report, but no text loaded


def test_extract_with_a_graph_links_as_loading_does(demo_graph):
    from conftest import REPORT

    rep = demo_graph.extract(REPORT)
    stored = demo_graph.measures()
    linked = {m.heading for m in rep.measures if any(c.asserted for c in m.articles)}
    assert linked == set(stored[stored["articles"].map(len) > 0]["heading"])


# ------------------------------------------------------------------ the shapes of the answers (issue 15, item 8)
CALLS = {
    "measures": {}, "units": {}, "responsibilities": {"unit": "市营商局"}, "documents": {},
    "metrics": {}, "trace": {"node": "优化机构设置"}, "coverage": {"regulation": "优化营商环境条例"},
    "timeline": {}, "search": {"text": "信用"}, "neighbors": {"node": "市营商局"},
}


def test_every_frame_has_one_shape(demo_graph):
    import math

    from policygraph.queries import LIST_COLUMNS

    for name, kwargs in CALLS.items():
        df = getattr(demo_graph, name)(**kwargs)
        values = [v for col in df.columns for v in df[col].tolist()]
        assert not [v for v in values if isinstance(v, float) and math.isnan(v)], f"{name}: NaN for a missing value"
        for col in LIST_COLUMNS.get(name, ()):
            assert df[col].map(lambda v: isinstance(v, list)).all(), (name, col)
    m = demo_graph.measures()
    assert m["deadline"].map(lambda v: v is None or isinstance(v, str)).all() and m["deadline"].isna().any()
    assert all(s in ("done", "ongoing", "planned") for cell in m["status"] for s in cell)
    assert demo_graph.units()["aliases"].map(lambda a: isinstance(a, list)).all()


def test_stats_is_a_frame_and_a_dict(demo_graph):
    df = demo_graph.stats()
    assert list(df.columns) == ["class", "count"] and df["count"].dtype.kind == "i"
    assert dict(zip(df["class"], df["count"], strict=True)) == demo_graph.stats(as_dict=True)


def test_a_load_summary_repr_is_one_short_line():
    from conftest import DATA

    from policygraph import PolicyGraph

    summary = PolicyGraph.open(memory=True).load([DATA / "catalogue.csv", DATA / "reports"])
    text = repr(summary)
    assert len(text) < 300 and "\n" not in text
    assert "1 reports (19 measures)" in text and "graphs 11 added" in text


def test_limit_keeps_the_first_rows_and_says_how_many_there_were(demo_graph):
    df = demo_graph.measures(limit=3)
    assert len(df) == 3 and df.attrs["total"] == 19
    assert df["measure"].tolist() == demo_graph.measures()["measure"].tolist()[:3]
    with pytest.raises(PolicyGraphError, match="limit"):
        demo_graph.units(limit=-1)


def test_an_empty_answer_about_a_unit_says_why(demo_graph):
    df = demo_graph.measures(unit="市营商局", status="planned")
    assert df.empty and "has no planned measure; its measures: 优化机构设置 (ongoing)" in df.attrs["note"]
    assert "no measure with a deadline" in demo_graph.timeline(unit="市营商局").attrs["note"]
    assert "note" not in demo_graph.measures(unit="市营商局").attrs


def test_sparql_answers_ask_and_refuses_updates(demo_graph):
    assert demo_graph.sparql("ASK { ?m a pg:Measure }") is True
    assert demo_graph.sparql("ASK { ?m a pg:Nothing }") is False
    with pytest.raises(PolicyGraphError, match="update"):
        demo_graph.sparql("DELETE WHERE { ?s ?p ?o }")
    assert demo_graph.stats(as_dict=True)["Measure"] == 19  # nothing was deleted
    triples = demo_graph.sparql("CONSTRUCT { ?m a pg:Measure } WHERE { ?m a pg:Measure }")
    assert len(triples) == 19


def test_open_without_create_needs_an_existing_store(tmp_path):
    from policygraph import PolicyGraph, StoreError

    with pytest.raises(StoreError, match="no store at"):
        PolicyGraph.open(tmp_path / "missing", create=False)
    assert not (tmp_path / "missing").exists()
    PolicyGraph.open(tmp_path / "made").close()
    PolicyGraph.open(tmp_path / "made", create=False).close()


def test_article_hits_name_their_regulation(demo_graph):
    hits = demo_graph.search("第七条")
    assert set(hits[hits["type"] == "Article"]["regulation"]) >= {"优化营商环境条例"}
    cov = demo_graph.coverage("辽宁省优化营商环境条例")
    assert set(cov["regulation"]) == {"辽宁省优化营商环境条例"}
    # A measure's trace names the article it implements with that article's regulation.
    covered = demo_graph.coverage("优化营商环境条例")
    article = covered[covered["measures"] > 0].iloc[0]
    paths = demo_graph.trace(article["measure_headings"][0])["path"].tolist()
    hop = f"-[ensures_implementation_of]-> 优化营商环境条例 {article['label']}"
    assert any(hop in p for p in paths), paths


def test_a_deadline_appears_once_in_a_timeline(demo_graph):
    df = demo_graph.timeline()
    measure_deadlines = {(r["date"], r["source"]) for r in df.to_dict("records")
                         if r["kind"] == "deadline" and r["subject_type"] == "Measure"}
    assert measure_deadlines
    doubled = [r for r in df.to_dict("records") if r["kind"] == "deadline" and r["subject_type"] != "Measure"
               and (r["date"], r["source"]) in measure_deadlines]
    assert not doubled, doubled
