"""The property-graph projection of the RDF graph, shared by the Neo4j and FalkorDB stores.

The servers hold a *projection* of the same RDF model, never a second model: every rule below is
derived from the triples and the IRIs in :mod:`policygraph.ontology.terms`, so a class or property
added to the ontology shows up in the property graph without touching this module.

Mapping (one rule per kind of triple)
-------------------------------------
============================  ==================================================================
RDF                           property graph
============================  ==================================================================
subject / IRI object          a node with label ``Resource`` and property ``iri`` (the full IRI,
                              unique, indexed); blank nodes get ``iri = "_:<id>"``
``s rdf:type C``              label = local name of ``C``: ``pg:Measure`` -> ``:Measure``,
                              ``eli:LegalResource`` -> ``:LegalResource``; a node keeps every type
``s p o`` with IRI ``o``      relationship ``(s)-[:P]->(o)``, ``P`` = local name of ``p`` in
                              UPPER_SNAKE: ``pg:responsibleUnit`` -> ``RESPONSIBLE_UNIT``,
                              ``eli:ensures_implementation_of`` -> ``ENSURES_IMPLEMENTATION_OF``,
                              ``eli:has_part`` -> ``HAS_PART``
``s p "literal"``             node property named by the local name of ``p``, camelCase kept:
                              ``rdfs:label`` -> ``label``, ``dct:title`` -> ``title``,
                              ``skos:altLabel`` -> ``altLabel``, ``pg:dateAdopted`` -> ``dateAdopted``
xsd:integer and subtypes      integer (outside 64 bits: the lexical string)
xsd:decimal/double/float      float (NaN and infinities: the lexical string)
xsd:boolean                   boolean
dates, times, strings, rest   the lexical form, which is ISO 8601 for xsd dates: FalkorDB has
                              no date or map values, so both servers store the same strings;
                              language tags are dropped
several values, one property  a list, sorted (same input -> same list); mixed types -> strings
============================  ==================================================================

Local names collide on purpose: ``dct:title`` and ``eli:title`` are both ``title`` (values merged),
``dct:hasPart`` and ``eli:has_part`` are both ``HAS_PART``. A literal property whose local name is
``iri`` is stored as ``iriValue`` so that it cannot overwrite the key. NUL characters are dropped
from strings (FalkorDB's parameter syntax cannot carry them; RDF/XML cannot either).

Example Cypher on the projection (the same text runs on Neo4j 5 and FalkorDB; the test suite runs
these three verbatim, from :data:`EXAMPLE_QUERIES`)::

    // measures a unit is responsible for, with their status
    MATCH (m:Measure)-[:RESPONSIBLE_UNIT]->(u:Unit {label: $unit})
    OPTIONAL MATCH (m)-[:STATUS]->(s)
    RETURN m.label AS measure, s.iri AS status, m.deadline AS deadline

    // articles of a regulation that no measure implements
    MATCH (:Regulation {title: $title})-[:IS_REALIZED_BY]->(:RegulationVersion)-[:HAS_PART*1..4]->(a:Article)
    WHERE NOT (a)<-[:ENSURES_IMPLEMENTATION_OF]-(:Measure)
    RETURN DISTINCT a.number AS article, a.label AS label ORDER BY article

    // the chain Dalian document -> Liaoning regulation -> State Council regulation
    MATCH (d:Document)-[:ENSURES_IMPLEMENTATION_OF|CITES|CONCERNS]->(l:Regulation)-[:BASED_ON|ENSURES_IMPLEMENTATION_OF]->(s:Regulation)
    WHERE l.title STARTS WITH $province
    RETURN DISTINCT d.title AS document, l.title AS provincial, s.title AS national

>>> import pyoxigraph as ox
>>> from policygraph.ontology.terms import PG, RDF, RDFS
>>> m, u = ox.NamedNode("https://w3id.org/policygraph/id/m1"), ox.NamedNode("https://w3id.org/policygraph/id/u1")
>>> nodes, rels = project([(m, ox.NamedNode(RDF.type), ox.NamedNode(PG.Measure)),
...                        (m, ox.NamedNode(RDFS.label), ox.Literal("措施")),
...                        (m, ox.NamedNode(PG.responsibleUnit), u)])
>>> nodes[0]
Node(iri='https://w3id.org/policygraph/id/m1', labels=('Measure',), props={'label': '措施'})
>>> rels[0].type
'RESPONSIBLE_UNIT'
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

import pyoxigraph as ox

from policygraph.ontology.terms import RDF, XSD, local_name

# the label every projected node carries; the unique iri index lives on it
RESOURCE = "Resource"

# the examples of the module docstring, as they are run by tests/test_falkordb.py
EXAMPLE_QUERIES = {
    "measures_of_unit": (
        "MATCH (m:Measure)-[:RESPONSIBLE_UNIT]->(u:Unit {label: $unit}) "
        "OPTIONAL MATCH (m)-[:STATUS]->(s) "
        "RETURN m.label AS measure, s.iri AS status, m.deadline AS deadline"
    ),
    "articles_without_measure": (
        "MATCH (:Regulation {title: $title})-[:IS_REALIZED_BY]->(:RegulationVersion)-[:HAS_PART*1..4]->(a:Article) "
        "WHERE NOT (a)<-[:ENSURES_IMPLEMENTATION_OF]-(:Measure) "
        "RETURN DISTINCT a.number AS article, a.label AS label ORDER BY article"
    ),
    "implementation_chain": (
        "MATCH (d:Document)-[:ENSURES_IMPLEMENTATION_OF|CITES|CONCERNS]->(l:Regulation)"
        "-[:BASED_ON|ENSURES_IMPLEMENTATION_OF]->(s:Regulation) "
        "WHERE l.title STARTS WITH $province "
        "RETURN DISTINCT d.title AS document, l.title AS provincial, s.title AS national"
    ),
}

_INTEGER_TYPES = frozenset(
    XSD + t
    for t in (
        "integer long int short byte nonNegativeInteger nonPositiveInteger positiveInteger "
        "negativeInteger unsignedLong unsignedInt unsignedShort unsignedByte"
    ).split()
)
_FLOAT_TYPES = frozenset(XSD + t for t in ("decimal", "double", "float"))
_BOOLEAN = XSD.boolean
_INT64 = (-(2**63), 2**63 - 1)


class Node(NamedTuple):
    """One node: its IRI, its type labels (sorted, without ``Resource``) and literal properties."""

    iri: str
    labels: tuple[str, ...]
    props: dict


class Relationship(NamedTuple):
    """One relationship ``(start)-[:type]->(end)``, endpoints given by IRI."""

    start: str
    type: str
    end: str


_NOT_IDENT = re.compile(r"[^0-9A-Za-z_]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


@lru_cache(maxsize=4096)  # a graph has few distinct predicates and classes
def label_name(class_iri: str) -> str:
    """Node label for a class: its local name made a plain identifier (``pg:Unit`` -> ``Unit``).

    Labels cannot be Cypher parameters, so they are reduced to ``[0-9A-Za-z_]`` here and quoted
    again by :mod:`policygraph.stores.cypher`.
    """
    name = _NOT_IDENT.sub("_", local_name(class_iri)).strip("_")
    return name or "Unnamed"


@lru_cache(maxsize=4096)  # a graph has few distinct predicates and classes
def relationship_type(property_iri: str) -> str:
    """Relationship type for an object property: UPPER_SNAKE of its local name.

    >>> relationship_type("https://w3id.org/policygraph/ontology#responsibleUnit")
    'RESPONSIBLE_UNIT'
    >>> relationship_type("http://data.europa.eu/eli/ontology#has_part")
    'HAS_PART'
    """
    name = _CAMEL.sub("_", local_name(property_iri))
    name = _NOT_IDENT.sub("_", name).strip("_").upper()
    return re.sub("_+", "_", name) or "RELATED"


@lru_cache(maxsize=4096)  # a graph has few distinct predicates and classes
def property_key(property_iri: str) -> str:
    """Property key for a datatype property: its local name, camelCase kept (``rdfs:label`` -> ``label``)."""
    key = local_name(property_iri) or "value"
    return "iriValue" if key == "iri" else key


def literal_value(literal: ox.Literal):
    """The Python value a literal is stored as: int, float, bool or (ISO) string.

    >>> literal_value(ox.Literal("12.50", datatype=ox.NamedNode(XSD.decimal)))
    12.5
    >>> literal_value(ox.Literal("2021-09-18", datatype=ox.NamedNode(XSD.date)))
    '2021-09-18'
    """
    text = literal.value.replace("\x00", "")
    datatype = literal.datatype.value
    try:
        if datatype in _INTEGER_TYPES:
            number = int(text)
            # Neo4j and FalkorDB hold 64-bit integers; FalkorDB silently clamps bigger ones
            return number if _INT64[0] <= number <= _INT64[1] else text
        if datatype in _FLOAT_TYPES:
            number = float(text)
            # neither server's parameter syntax carries NaN/inf reliably
            return number if math.isfinite(number) else text
        if datatype == _BOOLEAN:
            if text.strip() in ("true", "1"):
                return True
            if text.strip() in ("false", "0"):
                return False
    except ValueError:
        pass  # an ill-typed literal keeps its text rather than losing the fact
    return text


def _node_key(term) -> str | None:
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return None  # RDF-star quoted triples have no projection


def _spo(item):
    # accept Quad/Triple objects (pyoxigraph) and plain (s, p, o[, g]) tuples
    if isinstance(item, (ox.Quad, ox.Triple)):
        return item.subject, item.predicate, item.object
    return item[0], item[1], item[2]


def _property_value(values: set):
    if len(values) == 1:
        return next(iter(values))
    kinds = {type(v) for v in values}
    if kinds == {int, float}:
        values = {float(v) for v in values}  # Neo4j lists must be homogeneous
    elif len(kinds) > 1:
        # strings are the one type every value has
        values = {str(v).lower() if isinstance(v, bool) else str(v) for v in values}
    return sorted(values)


def triples_of(source) -> Iterable:
    """Accept a pyoxigraph ``Store`` (all its quads) as well as an iterable of triples or quads."""
    quads = getattr(source, "quads_for_pattern", None)
    return quads(None, None, None, None) if callable(quads) else source


def project(triples: Iterable) -> tuple[list[Node], list[Relationship]]:
    """Project RDF triples (or quads; graph names are ignored) onto nodes and relationships.

    Every IRI that appears as subject or object becomes exactly one node, so every relationship's
    endpoints are among the returned nodes. Duplicate triples project once.
    """
    labels: dict[str, set[str]] = {}
    props: dict[str, dict[str, set]] = {}
    rels: dict[Relationship, None] = {}  # ordered set
    rdf_type = RDF.type
    for item in triples:
        s, p, o = _spo(item)
        subject = _node_key(s)
        if subject is None:
            continue
        node_labels = labels.setdefault(subject, set())
        if isinstance(o, ox.Literal):
            props.setdefault(subject, {}).setdefault(property_key(p.value), set()).add(literal_value(o))
            continue
        obj = _node_key(o)
        if obj is None:
            continue
        if p.value == rdf_type:
            node_labels.add(label_name(obj))  # a class is a label here, not a node
        else:
            labels.setdefault(obj, set())
            rels[Relationship(subject, relationship_type(p.value), obj)] = None
    nodes = []
    for iri, node_labels in labels.items():
        node_labels.discard(RESOURCE)
        values = props.get(iri, {})
        nodes.append(
            Node(iri, tuple(sorted(node_labels)), {k: _property_value(v) for k, v in sorted(values.items())})
        )
    return nodes, list(rels)
