"""SHACL validation by SPARQL (policygraph.validation) gives pySHACL's answer: the same failing
nodes and paths, on the demo graph as loaded and after breaking it in each way the shapes forbid."""

from __future__ import annotations

import pytest
import rdflib
from conftest import DATA

from policygraph import PolicyGraph
from policygraph.validation import _graphs, compile_shapes, validate, validate_with_pyshacl, violations

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
P = "PREFIX pg: <https://w3id.org/policygraph/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> " \
    "PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX dct: <http://purl.org/dc/terms/> " \
    "PREFIX eli: <http://data.europa.eu/eli/ontology#> "
M1 = "<https://w3id.org/policygraph/id/work/关于落实市人大常委会对我市实施国务院优化营商环境条例辽宁省优化营商环境条例审议意见情况的报告/s1/m1>"

# one update per kind of constraint: each breaks the graph as the shapes describe
BREAKS = {
    "minCount": "DELETE WHERE { GRAPH ?g { " + M1 + " pg:evidence ?e } }",
    "maxCount": "INSERT DATA { GRAPH <http://x/g> { <https://w3id.org/policygraph/id/unit/国务院> skos:prefLabel \"另一个\" } }",
    "datatype": "INSERT DATA { GRAPH <http://x/g> { " + M1 + " pg:ordinal \"一\" } }",
    "ill-typed": "INSERT DATA { GRAPH <http://x/g> { <http://x/sel> a oa:TextPositionSelector . <http://x/e> a pg:Evidence ; "
                 "oa:hasSource <http://x/s> ; oa:hasSelector <http://x/sel> . <http://x/sel> oa:start \"x\"^^<http://www.w3.org/2001/XMLSchema#integer> ; "
                 "oa:end 2 ; oa:exact \"q\" } }",
    "class": "INSERT DATA { GRAPH <http://x/g> { " + M1 + " pg:responsibleUnit <http://x/not-a-unit> } }",
    "in": "INSERT DATA { GRAPH <http://x/g> { " + M1 + " pg:status pg:Finished } }",
    "node": "DELETE { GRAPH ?g { ?sel oa:exact ?x } } WHERE { { SELECT ?sel WHERE { GRAPH ?h { ?sel oa:exact ?y } } "
            "ORDER BY ?sel LIMIT 1 } GRAPH ?g { ?sel oa:exact ?x } }",
    "subclass": "INSERT DATA { GRAPH <http://x/g> { " + M1 + " pg:responsibleUnit <http://x/group> . "
                "<http://x/group> a pg:LeadingGroup ; skos:prefLabel \"组\" } }",  # a LeadingGroup is a Unit: no violation
}


def pyshacl_results(store) -> set[tuple[str, str]]:
    """(focus node, path) of each top-level result of pySHACL."""
    import pyshacl
    from pyoxigraph import RdfFormat

    shapes, ontology = _graphs()
    data = rdflib.Graph().parse(data=store.dump(RdfFormat.N_TRIPLES), format="nt")
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                    allow_warnings=True)
    top = report.value(predicate=rdflib.RDF.type, object=SH.ValidationReport)
    return {(str(report.value(r, SH.focusNode)), shapes.namespace_manager.normalizeUri(report.value(r, SH.resultPath)))
            for r in report.objects(top, SH.result)}


def ours(store) -> set[tuple[str, str]]:
    # a value failing an sh:node shape is reported, as pySHACL does, on the outer node and path
    return {(f, r.path.split("/")[0]) for r, f, _ in violations(store)}


@pytest.fixture
def demo():
    pg = PolicyGraph.open(memory=True)
    pg.load([DATA / "catalogue.csv", DATA / "reports"])
    yield pg
    pg.close()


def test_every_constraint_of_the_shapes_is_compiled():
    checks = compile_shapes()
    kinds = {k.split()[0] for c in checks for k in c.components} | {"node" for c in checks if "through" in c.shape}
    assert {"minCount", "maxCount", "datatype", "class", "in", "node"} <= kinds


def test_the_demo_conforms_on_both_paths(demo):
    assert validate(demo.store)[0] is True
    assert validate_with_pyshacl(demo.store)[0] is True


@pytest.mark.parametrize("kind", sorted(BREAKS))
def test_a_broken_graph_fails_as_pyshacl_says(demo, kind):
    demo.store.raw.update(P + BREAKS[kind])
    want = pyshacl_results(demo.store)
    assert ours(demo.store) == want
    assert bool(want) == (kind != "subclass")


def test_the_report_names_the_graph_of_each_failing_node(demo):
    demo.store.raw.update(P + BREAKS["in"])
    conforms, text = validate(demo.store)
    assert not conforms and "In graph http://x/g (1 results):" in text and "pg:status in (value: pg:Finished)" in text
    only = validate(demo.store, graphs=["https://w3id.org/policygraph/id/graph/entities"])
    assert only[0] is True  # the failing node is not described in that graph
