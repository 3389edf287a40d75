"""SHACL validation of a store, run by the store itself: each constraint of the shapes is one SPARQL query.

pySHACL needs the whole graph as an rdflib graph (on the laws corpus: 8 GB and eight minutes).
The shapes (``ontology/shapes.ttl``) use a handful of SHACL Core constraints on simple paths —
``sh:minCount``, ``sh:maxCount``, ``sh:datatype``, ``sh:class``, ``sh:in``, ``sh:node`` — and each
of those is a query that lists the nodes violating it: :func:`compile_shapes` writes them,
:func:`validate` runs them over the union of the named graphs (what queries see) and names, for
every failing node, the source graphs that describe it. Class targets and ``sh:class`` include the
subclasses the ontology declares, as SHACL's ``rdfs:subClassOf*`` does over pySHACL's data +
ontology graph. A shape using any other constraint makes :func:`validate` fall back to pySHACL, so
the answer never depends on which path ran (``tests/test_validation.py`` checks both agree).

>>> from policygraph.stores.oxigraph import OxigraphStore
>>> validate(OxigraphStore(None))
(True, 'Validation Report\\nConforms: True\\nResults (0)')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import progress
from .ontology.terms import NAMESPACES

ONTOLOGY_DIR = Path(__file__).parent / "ontology"
SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUPPORTED = {"minCount", "maxCount", "datatype", "class", "in", "node", "message", "path", "name", "description"}
XSD = "http://www.w3.org/2001/XMLSchema#"
# the lexical forms pySHACL accepts for the datatypes the shapes name (an ill-typed literal fails sh:datatype)
LEXICAL = {XSD + "integer": r"^[+-]?[0-9]+$", XSD + "decimal": r"^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)$",
           XSD + "boolean": r"^(true|false|1|0)$",
           XSD + "date": r"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?$"}


class Unsupported(Exception):
    """The shapes use a constraint this module does not compile (pySHACL then checks)."""


@dataclass
class Check:
    """The constraints of one property shape as one query. Each row is a failing node ``?f`` with
    ``?n``, its number of values, and ``?v0``, ``?v1`` … a value breaking each value constraint
    (``values`` names them: ``datatype xsd:integer``, ``class pg:Unit``, ``in``)."""

    shape: str
    path: str
    message: str
    sparql: str = ""
    min: int | None = None
    max: int | None = None
    values: list[str] = field(default_factory=list)

    @property
    def components(self) -> list[str]:
        counts = ([f"minCount {self.min}"] if self.min is not None else []) + (
            [f"maxCount {self.max}"] if self.max is not None else [])
        return counts + self.values

    def results(self, row: dict) -> list[Result]:
        """What one row of the query says the node breaks."""
        n, out = row["n"], []
        if self.min is not None and n < self.min:
            out.append(Result(self, f"minCount {self.min}", n))
        if self.max is not None and n > self.max:
            out.append(Result(self, f"maxCount {self.max}", n))
        out += [Result(self, label, row[f"v{i}"]) for i, label in enumerate(self.values) if row[f"v{i}"] is not None]
        return out


@dataclass
class Result:
    """One constraint a node breaks: the check (shape, path, message), the component, the value."""

    check: Check
    component: str
    value: object

    @property
    def shape(self) -> str:
        return self.check.shape

    @property
    def path(self) -> str:
        return self.check.path

    @property
    def message(self) -> str:
        return self.check.message


@lru_cache(maxsize=1)
def _graphs():
    import rdflib

    shapes = rdflib.Graph().parse(ONTOLOGY_DIR / "shapes.ttl")
    ontology = rdflib.Graph().parse(ONTOLOGY_DIR / "policygraph.ttl")
    return shapes, ontology


def _subclasses(ontology, cls) -> list[str]:
    """``cls`` and every class below it (rdfs:subClassOf*), as N3 terms."""
    from rdflib import RDFS

    return sorted({c.n3() for c in ontology.transitive_subjects(RDFS.subClassOf, cls)} | {cls.n3()})


def _targets(shapes, ontology, shape) -> str | None:
    """The SPARQL group binding ``?f`` to the shape's targets (None: the shape has no class target)."""
    from rdflib import URIRef

    classes = list(shapes.objects(shape, URIRef(SH + "targetClass")))
    if not classes:
        return None
    values = sorted({x for c in classes for x in _subclasses(ontology, c)})
    return f"VALUES ?tc {{ {' '.join(values)} }} ?f a ?tc ."


def _short(shapes, term) -> str:
    return shapes.namespace_manager.normalizeUri(term)


def _instances(ontology, cls) -> list[str]:
    """Nodes the ontology itself types as ``cls`` or a subclass (the legal levels, the statuses):
    pySHACL sees them through its ontology graph."""
    from rdflib import RDF, RDFS

    classes = set(ontology.transitive_subjects(RDFS.subClassOf, cls)) | {cls}
    return sorted({s.n3() for c in classes for s in ontology.subjects(RDF.type, c)})


def _value_conditions(shapes, ontology, one, x: str, depth: int) -> list[tuple[str, str, str]]:
    """(component, condition on ``x`` that breaks it, pattern the condition needs) of the value
    constraints: datatype, class, in."""
    from rdflib.collection import Collection

    out = []
    if one("datatype") is not None:
        dt = one("datatype")
        lexical = f' || !REGEX(STR({x}), "{LEXICAL[str(dt)]}")' if str(dt) in LEXICAL else ""
        out.append((f"datatype {_short(shapes, dt)}", f"!isLiteral({x}) || DATATYPE({x}) != {dt.n3()}{lexical}", ""))
    if one("class") is not None:
        cls = one("class")
        known = _instances(ontology, cls)
        outside = f" && {x} NOT IN ({', '.join(known)})" if known else ""
        # an OPTIONAL match, not NOT EXISTS inside BIND: Virtuoso 7 fails to compile the latter (SQ156)
        typed = (f"OPTIONAL {{ VALUES ?vc{depth} {{ {' '.join(_subclasses(ontology, cls))} }} "
                 f"{x} a ?vc{depth} . BIND(true AS ?ok{depth}) }}")
        out.append((f"class {_short(shapes, cls)}", f"!BOUND(?ok{depth}){outside}", typed))
    if one("in") is not None:
        allowed = ", ".join(v.n3() for v in Collection(shapes, one("in")))
        out.append(("in", f"{x} NOT IN ({allowed})", ""))
    return out


def _query(focus: str, fvar: str, path: str, x: str, check: Check, conditions: list[str],
           patterns: str = "") -> str:
    """One pass over the focus nodes: the count of values and a value breaking each condition
    (``patterns`` bind what the conditions test)."""
    binds = patterns + " ".join(f"BIND(IF({c}, STR({x}), ?unbound) AS ?b{i})" for i, c in enumerate(conditions))
    having = [f"COUNT(DISTINCT {x}) < {check.min}"] if check.min is not None else []
    having += [f"COUNT(DISTINCT {x}) > {check.max}"] if check.max is not None else []
    having += [f"COUNT(?b{i}) > 0" for i in range(len(conditions))]
    samples = " ".join(f"(SAMPLE(?b{i}) AS ?v{i})" for i in range(len(conditions)))
    group = "?f" if fvar == "?f" else f"?f {fvar}"
    # an unbound variable in IF's else branch leaves ?b unbound: only breaking values are kept
    return (f"SELECT ?f (COUNT(DISTINCT {x}) AS ?n) {samples} WHERE {{ {focus} OPTIONAL {{ {fvar} {path} {x} . "
            f"{binds} }} }} GROUP BY {group} HAVING ({' || '.join(having)})")


def _property_checks(shapes, ontology, prop, focus: str, fvar: str, shape_name: str, depth: int = 0) -> list[Check]:
    """The checks of one property shape: one query for its counts and value constraints, and the
    checks of an ``sh:node`` shape on its values. ``focus`` binds ``fvar`` to the nodes the shape
    applies to, and ``?f`` to the node a violation is reported on (``fvar`` itself, or the outer
    node of an ``sh:node``)."""
    from rdflib import URIRef

    def one(name):
        return shapes.value(prop, URIRef(SH + name))

    used = {str(p)[len(SH):] for p in shapes.predicates(prop) if str(p).startswith(SH)}
    if used - SUPPORTED or not isinstance(one("path"), URIRef):
        raise Unsupported(f"{shape_name}: {sorted(used - SUPPORTED) or 'a complex sh:path'}")
    path, x = one("path").n3(), f"?x{depth}"
    check = Check(shape_name, _short(shapes, one("path")), str(one("message") or ""),
                  min=int(one("minCount")) if one("minCount") is not None else None,
                  max=int(one("maxCount")) if one("maxCount") is not None else None)
    conditions = _value_conditions(shapes, ontology, one, x, depth)
    check.values = [label for label, _, _ in conditions]
    out = []
    if check.components:
        check.sparql = _query(focus, fvar, path, x, check, [c for _, c, _ in conditions],
                              " ".join(p + " " for _, _, p in conditions if p))
        out.append(check)
    node = one("node")
    for prop2 in shapes.objects(node, URIRef(SH + "property")) if node is not None else ():
        # a value failing the node shape fails the outer node (SHACL reports it there)
        for c in _property_checks(shapes, ontology, prop2, f"{focus} {fvar} {path} {x} .", x,
                                  _short(shapes, node), depth + 1):
            c.shape, c.path = f"{shape_name} (through {c.shape})", f"{check.path}/{c.path}"
            out.append(c)
    return out


def compile_shapes() -> list[Check]:
    """Every constraint of ``ontology/shapes.ttl`` as a query; :class:`Unsupported` if one is not."""
    from rdflib import RDF, URIRef

    shapes, ontology = _graphs()
    checks = []
    for shape in sorted(shapes.subjects(RDF.type, URIRef(SH + "NodeShape"))):
        focus = _targets(shapes, ontology, shape)
        if focus is None:
            continue  # reached only through sh:node
        name = shapes.namespace_manager.normalizeUri(shape)
        for prop in shapes.objects(shape, URIRef(SH + "property")):
            checks += _property_checks(shapes, ontology, prop, focus, "?f", name)
    return checks


# ------------------------------------------------------------------ running the checks
MAX_LISTED = 200  # results the report spells out; the count is always complete


def validate(store, graphs: list[str] | None = None) -> tuple[bool, str]:
    """``(conforms, report text)`` of ``store`` (an embedded store) against the shapes. The report
    lists each failing node under the source graphs that describe it; ``graphs`` keeps only the
    nodes those graphs describe."""
    try:
        found = violations(store)
    except Unsupported:
        return validate_with_pyshacl(store)
    where = _graphs_of(store, sorted({f for _, f, _ in found}))
    if graphs is not None:
        wanted = set(graphs)
        found = [x for x in found if wanted & set(where.get(x[1], ()))]
    return not found, report(found, where)


def violations(store) -> list[tuple[Result, str, object]]:
    """(result, failing node, value) of every constraint the store's graph breaks."""
    checks = compile_shapes()
    found: list[tuple[Result, str, object]] = []
    with progress.task("validating (SHACL)", total=len(checks)) as advance:
        for c in checks:
            found += [(r, row["f"], r.value) for row in store.select(c.sparql) for r in c.results(row)]
            advance()
    return found


def _graphs_of(store, nodes: list[str]) -> dict[str, list[str]]:
    """Node -> the named graphs in which it is a subject (the sources that describe it)."""
    from pyoxigraph import NamedNode

    out: dict[str, list[str]] = {}
    iris = [n for n in nodes if isinstance(n, str) and not n.startswith("_:")]
    for i in range(0, len(iris), 500):
        values = " ".join(str(NamedNode(n)) for n in iris[i: i + 500])
        for r in store.select(f"SELECT DISTINCT ?n ?g WHERE {{ VALUES ?n {{ {values} }} GRAPH ?g {{ ?n ?p ?o }} }}"):
            out.setdefault(r["n"], []).append(r["g"])
    return {n: sorted(gs) for n, gs in out.items()}


def _curie(value) -> str:
    if isinstance(value, str):
        for prefix, ns in NAMESPACES.items():
            if value.startswith(str(ns)) and prefix != "id":
                return f"{prefix}:{value[len(str(ns)):]}"
    return repr(value) if isinstance(value, str) else str(value)


def report(found: list[tuple[Check, str, object]], where: dict[str, list[str]]) -> str:
    """The report text: a header, then per source graph its failing nodes and what they fail."""
    lines = ["Validation Report", f"Conforms: {not found}", f"Results ({len(found)})"]
    by_graph: dict[str, list[str]] = {}
    for c, focus, value in found:
        shown = value if "Count" in c.component else _curie(value)
        what = f"  {focus}: {c.shape} {c.path} {c.component} (value: {shown})" + (f": {c.message}" if c.message else "")
        for g in where.get(focus, ["(no named graph)"]):
            by_graph.setdefault(g, []).append(what)
    listed = 0
    for g in sorted(by_graph):
        lines.append(f"In graph {g} ({len(by_graph[g])} results):")
        for line in by_graph[g]:
            if listed < MAX_LISTED:
                lines.append(line)
            listed += 1
    if listed > MAX_LISTED:
        lines.append(f"… and {listed - MAX_LISTED} more")
    return "\n".join(lines)


def validate_with_pyshacl(store) -> tuple[bool, str]:
    """The whole graph through pySHACL (slow and memory-hungry on a large store; the reference)."""
    import pyshacl
    import rdflib
    from pyoxigraph import RdfFormat

    shapes, ontology = _graphs()
    data = rdflib.Graph().parse(data=store.dump(RdfFormat.N_TRIPLES), format="nt")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                         advanced=False, allow_warnings=True)
    return bool(conforms), text
