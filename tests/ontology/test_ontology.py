"""The ontology is the single source of truth: terms.py, the OWL file and the shapes agree."""

import rdflib
from pyoxigraph import Literal, NamedNode, Quad

from policygraph.api import ONTOLOGY_DIR, PolicyGraph
from policygraph.ontology.terms import OA, PG, iri, local_name


def test_every_pg_term_is_declared_in_the_owl_file_and_back():
    g = rdflib.Graph().parse(ONTOLOGY_DIR / "policygraph.ttl")
    declared = {str(s)[len(PG):] for s in g.subjects() if str(s).startswith(str(PG)) and str(s) != str(PG)}
    assert set(PG.terms()) == declared


def test_term_names_that_shadow_str_methods_are_iris():
    from policygraph.ontology.terms import DCT, OA

    assert DCT.title == "http://purl.org/dc/terms/title"
    assert OA.prefix == "http://www.w3.org/ns/oa#prefix"


def test_unknown_term_is_an_error():
    import pytest

    with pytest.raises(AttributeError):
        PG.Mesure  # noqa: B018  (a typo must not silently make an IRI)


def test_deprecated_eli_implements_is_not_used():
    text = (ONTOLOGY_DIR / "policygraph.ttl").read_text(encoding="utf-8")
    assert "eli:implements" not in text


def test_demo_graph_conforms(demo_graph):
    conforms, report = demo_graph.validate()
    assert conforms, report


def test_a_measure_without_evidence_does_not_conform():
    pg = PolicyGraph.open(memory=True)
    m, g = iri("work", "x", "s1", "m1"), NamedNode(iri("work", "x"))
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    pg.store.replace_graphs({g: [
        Quad(NamedNode(m), NamedNode(rdf_type), NamedNode(PG.Measure), g),
        Quad(NamedNode(m), NamedNode(PG.text), Literal("一是……"), g),
    ]})
    conforms, report = pg.validate()
    assert not conforms
    assert "evidence" in report


def test_local_name():
    assert local_name(PG.Measure) == "Measure"
    assert local_name(OA.hasSelector) == "hasSelector"
