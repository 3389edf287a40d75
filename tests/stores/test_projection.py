"""The RDF -> property-graph projection: labels, relationship types, property values."""

import pyoxigraph as ox
import pytest

from policygraph.ontology.terms import DCT, ELI, PG, RDF, RDFS, SKOS, XSD, iri
from policygraph.stores import cypher
from policygraph.stores.projection import (
    Node,
    Relationship,
    literal_value,
    project,
    property_key,
    relationship_type,
)


def N(x):
    return ox.NamedNode(x)


def lit(value, datatype=None, language=None):
    if datatype:
        return ox.Literal(value, datatype=N(datatype))
    return ox.Literal(value, language=language) if language else ox.Literal(value)


REG = iri("work", "优化营商环境条例")
VERSION = iri("work", "优化营商环境条例", "2019-10-22")
ART1, ART2 = (
    iri("work", "优化营商环境条例", "2019-10-22", "art1"),
    iri("work", "优化营商环境条例", "2019-10-22", "art2"),
)
MEASURE, UNIT, METRIC = iri("measure", "m1"), iri("unit", "大连市营商环境建设局"), iri("metric", "x1")
LIAONING, DALIAN = iri("work", "辽宁省优化营商环境条例"), iri("work", "大连市实施方案")


def sample_triples():
    """A regulation (work -> version -> two articles), a measure with unit, status and implements
    link, a metric with a decimal and a date, and the chain Dalian -> Liaoning -> State Council."""
    t = [
        (REG, RDF.type, N(PG.Regulation)),
        (REG, RDF.type, N(ELI.LegalResource)),
        (REG, DCT.title, lit("优化营商环境条例")),
        (REG, ELI.title, lit("优化营商环境条例")),  # same local name, same value: merged
        (REG, SKOS.altLabel, lit("条例")),
        (REG, SKOS.altLabel, lit("营商条例")),
        (REG, PG.dateAdopted, lit("2019-10-08", XSD.date)),
        (REG, PG.legalLevel, N(PG.AdministrativeRegulation)),
        (REG, ELI.is_realized_by, N(VERSION)),
        (VERSION, RDF.type, N(PG.RegulationVersion)),
        (VERSION, ELI.has_part, N(ART1)),
        (VERSION, ELI.has_part, N(ART2)),
        (ART1, RDF.type, N(PG.Article)),
        (ART1, PG.number, lit("1", XSD.integer)),
        (ART1, RDFS.label, lit("第一条")),
        (ART2, RDF.type, N(PG.Article)),
        (ART2, PG.number, lit("2", XSD.integer)),
        (ART2, RDFS.label, lit("第二条")),
        (ART2, PG.complete, lit("true", XSD.boolean)),
        (MEASURE, RDF.type, N(PG.Measure)),
        (MEASURE, RDFS.label, lit("推行证照分离", language="zh")),
        (MEASURE, PG.responsibleUnit, N(UNIT)),
        (MEASURE, PG.status, N(PG.Done)),
        (MEASURE, ELI.ensures_implementation_of, N(ART1)),
        (MEASURE, PG.reportsMetric, N(METRIC)),
        (UNIT, RDF.type, N(PG.Unit)),
        (UNIT, RDFS.label, lit("大连市营商环境建设局")),
        (METRIC, RDF.type, N(PG.Metric)),
        (METRIC, PG.value, lit("12.50", XSD.decimal)),
        (METRIC, PG.asOf, lit("2021-06-30", XSD.date)),
        (LIAONING, RDF.type, N(PG.Regulation)),
        (LIAONING, DCT.title, lit("辽宁省优化营商环境条例")),
        (LIAONING, ELI.based_on, N(REG)),
        (DALIAN, RDF.type, N(PG.Document)),
        (DALIAN, DCT.title, lit("大连市实施方案")),
        (DALIAN, ELI.ensures_implementation_of, N(LIAONING)),
    ]
    return [(N(s) if isinstance(s, str) else s, N(p), o) for s, p, o in t]


def by_iri(nodes):
    return {n.iri: n for n in nodes}


def test_names_derive_from_local_names():
    assert relationship_type(PG.responsibleUnit) == "RESPONSIBLE_UNIT"
    assert relationship_type(ELI.ensures_implementation_of) == "ENSURES_IMPLEMENTATION_OF"
    assert relationship_type(ELI.has_part) == "HAS_PART"
    assert relationship_type(DCT.isPartOf) == "IS_PART_OF"
    assert property_key(RDFS.label) == "label"
    assert property_key(DCT.title) == "title"
    assert property_key(SKOS.altLabel) == "altLabel"
    assert property_key("http://example.org/iri") == "iriValue"  # cannot overwrite the key


def test_labels_relationships_and_values():
    nodes, rels = project(sample_triples())
    nodes = by_iri(nodes)
    assert nodes[REG].labels == ("LegalResource", "Regulation")
    assert nodes[REG].props == {
        "altLabel": ["条例", "营商条例"],
        "dateAdopted": "2019-10-08",
        "title": "优化营商环境条例",
    }
    assert nodes[ART2].props == {"complete": True, "label": "第二条", "number": 2}
    assert nodes[METRIC].props == {"asOf": "2021-06-30", "value": 12.5}
    assert nodes[MEASURE].props == {"label": "推行证照分离"}  # language tag dropped
    # an IRI that is only ever an object still becomes a node (with no type label)
    assert nodes[PG.AdministrativeRegulation] == Node(PG.AdministrativeRegulation, (), {})
    assert set(rels) == {
        Relationship(REG, "LEGAL_LEVEL", PG.AdministrativeRegulation),
        Relationship(REG, "IS_REALIZED_BY", VERSION),
        Relationship(VERSION, "HAS_PART", ART1),
        Relationship(VERSION, "HAS_PART", ART2),
        Relationship(MEASURE, "RESPONSIBLE_UNIT", UNIT),
        Relationship(MEASURE, "STATUS", PG.Done),
        Relationship(MEASURE, "ENSURES_IMPLEMENTATION_OF", ART1),
        Relationship(MEASURE, "REPORTS_METRIC", METRIC),
        Relationship(LIAONING, "BASED_ON", REG),
        Relationship(DALIAN, "ENSURES_IMPLEMENTATION_OF", LIAONING),
    }
    # classes are labels, not nodes; every endpoint is a node
    assert len(nodes) == 11 and PG.Regulation not in nodes
    assert {r.start for r in rels} | {r.end for r in rels} <= set(nodes)


def test_docstring_shows_the_example_queries():
    from policygraph.stores import projection

    doc = " ".join(projection.__doc__.split())
    for query in projection.EXAMPLE_QUERIES.values():
        assert " ".join(query.split()) in doc


def test_accepts_quads_from_a_store_and_ignores_duplicates():
    store = ox.Store()
    for s, p, o in sample_triples():
        store.add(ox.Quad(s, p, o))
        store.add(ox.Quad(s, p, o, N("http://example.org/other-graph")))
    nodes, rels = project(store.quads_for_pattern(None, None, None, None))
    expected_nodes, expected_rels = project(sample_triples())
    assert sorted(nodes) == sorted(expected_nodes)
    assert sorted(rels) == sorted(expected_rels)


@pytest.mark.parametrize(
    "literal, expected",
    [
        (lit("42", XSD.integer), 42),
        (lit("-7", XSD.integer), -7),
        (lit(str(2**70), XSD.integer), str(2**70)),  # beyond 64 bits: kept exact as text
        (lit("1e3", XSD.double), 1000.0),
        (lit("NaN", XSD.double), "NaN"),
        (lit("false", XSD.boolean), False),
        (lit("1", XSD.boolean), True),
        (lit("2021", XSD.gYear), "2021"),
        (lit("2021-09-18T10:00:00", XSD.dateTime), "2021-09-18T10:00:00"),
        (lit("abc", XSD.integer), "abc"),  # ill-typed: the text survives
        (lit("a\x00b"), "ab"),
    ],
)
def test_literal_values(literal, expected):
    assert literal_value(literal) == expected
    assert type(literal_value(literal)) is type(expected)


def test_multi_valued_properties_are_homogeneous_lists():
    s = N(iri("x", 1))
    nodes, _ = project(
        [
            (s, N(PG.value), lit("1", XSD.integer)),
            (s, N(PG.value), lit("2.5", XSD.decimal)),
            (s, N(PG.note), lit("a")),
            (s, N(PG.note), lit("3", XSD.integer)),
        ]
    )
    assert nodes[0].props == {"note": ["3", "a"], "value": [1.0, 2.5]}


def test_blank_nodes_get_a_stable_key():
    b = ox.BlankNode("sel1")
    nodes, rels = project([(N(MEASURE), N(PG.evidence), b), (b, N(PG.text), lit("原文"))])
    assert by_iri(nodes)["_:sel1"].props == {"text": "原文"}
    assert rels == [Relationship(MEASURE, "EVIDENCE", "_:sel1")]


def test_plan_groups_by_label_set_and_type():
    nodes, rels = project(sample_triples())
    batches = cypher.plan(nodes, rels, batch_size=1)
    assert [b.kind for b in batches] == ["nodes"] * len(nodes) + ["relationships"] * len(rels)
    statements = {b.statement for b in batches}
    assert cypher.merge_nodes(("LegalResource", "Regulation")) in statements
    assert any("MERGE (n:`Article`:`Resource` {iri: row.iri})" in s for s in statements)
    assert cypher.merge_relationships("HAS_PART") in statements
    assert all(len(b.rows) == 1 for b in batches)
    # values never enter the statement text
    assert not any("营商" in b.statement for b in batches)
    with pytest.raises(ValueError):
        cypher.plan(nodes, rels, batch_size=0)


def test_quote_doubles_backticks():
    assert cypher.quote("a`b") == "`a``b`"
