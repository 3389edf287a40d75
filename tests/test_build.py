"""records -> RDF: one named graph per source, stable IRIs, every fact with its evidence, shared
entities apart, and the links graph written by one function for fresh and stored measures."""

import pytest
from conftest import REPORT, STATE_COUNCIL

from policygraph import build
from policygraph.loaders.law import read_regulation
from policygraph.loaders.report import extract_report
from policygraph.ontology.terms import DCT, ELI, OA, PG, RDF
from policygraph.records import ArticleCandidate, Unit


@pytest.fixture(scope="module")
def report():
    return extract_report(REPORT)


@pytest.fixture(scope="module")
def regulation():
    return read_regulation(STATE_COUNCIL)


def objects(quads, s, p):
    return [q.object.value for q in quads if q.subject.value == s and q.predicate.value == p]


def typed(quads, cls):
    return {q.subject.value for q in quads if q.predicate.value == RDF.type and q.object.value == cls}


def test_a_regulation_is_one_named_graph_with_stable_iris(regulation):
    g, quads, shared = build.regulation_quads(regulation)
    again = build.regulation_quads(regulation)
    assert g.value == build.version_iri(regulation.title, "2019-10-22") and again[1] == quads
    assert {q.graph_name.value for q in quads} == {g.value}
    assert {q.graph_name.value for q in shared} == {build.ENTITIES}
    articles = typed(quads, PG.Article)
    assert len(articles) == 72 and build.article_iri(regulation.title, "2019-10-22", 7) in articles
    # the work is described once, in the shared graph; the version realises it in its own graph
    work = build.work_iri(regulation.title)
    assert work in typed(shared, PG.Regulation) and objects(quads, work, ELI.is_realized_by) == [g.value]


def test_the_resolved_issuer_is_the_unit_node(regulation):
    unit = Unit("国务院", level="national", kind="government")
    _, quads, shared = build.regulation_quads(regulation, issuer=unit)
    ver = build.version_iri(regulation.title, regulation.version_date)
    assert objects(quads, ver, ELI.passed_by) == [build.unit_iri("国务院")]
    assert build.unit_iri("国务院") in typed(shared, PG.Unit)
    assert objects(shared, build.unit_iri("国务院"), PG.level) == ["national"]


def test_every_kind_of_report_fact_is_built_with_evidence(report):
    g, quads, shared = build.report_quads(report)
    doc = build.report_iri(report)
    assert g.value == doc
    assert len(typed(quads, PG.Measure)) == len(report.measures) == 19
    assert len(typed(quads, PG.Section)) == len(report.sections)
    assert len(typed(quads, PG.Metric)) == len(report.metrics)
    assert typed(quads, PG.DocumentReference) and typed(shared, PG.Document)
    assert objects(quads, doc, DCT.creator)
    # every evidence selector quotes exactly the text of its span
    text = report.source.text
    selectors = typed(quads, OA.TextQuoteSelector)
    assert len(selectors) > 50
    for sel in selectors:
        start, end = (int(objects(quads, sel, p)[0]) for p in (OA.start, OA.end))
        assert set(objects(quads, sel, OA.exact)) == {text[start:end]}


def test_the_builders_run_in_dependency_order():
    names = [f.__name__ for f in build.REPORT_BUILDERS]
    assert names.index("_report_documents") < names.index("_report_measures") < names.index("_report_metrics")
    assert names.index("_report_sections") < names.index("_report_measures")


def test_links_of_fresh_and_stored_measures_are_one_function(report):
    doc = build.report_iri(report)
    m = report.measures[0]
    cand = ArticleCandidate("优化营商环境条例", 7, 0.5, ["营商环境"], rank=1, method="bm25", asserted=True,
                            version_date="2019-10-22")
    fresh = [(iri, [cand] if iri == build.measure_iri(doc, m) else [], ev) for iri, _, ev in build.report_links(report)]
    g, quads = build.links_quads(doc, fresh)
    assert g.value == build.links_graph(doc)
    mi = build.measure_iri(doc, m)
    assert objects(quads, mi, ELI.ensures_implementation_of) == [build.article_iri("优化营商环境条例", "2019-10-22", 7)]
    [c] = typed(quads, PG.ImplementationCandidate)
    assert objects(quads, c, PG.evidence) == [build.span_evidence_iri(doc, m.start, m.end)]
    assert build.links_quads(doc, [(mi, [cand], build.span_evidence_iri(doc, m.start, m.end))])[1] == quads
