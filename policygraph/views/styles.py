"""How the views draw each class and relation: data/view_styles.csv plus the ontology's Chinese labels.

>>> TYPE_STYLE["Measure"].zh, RELATIONS["responsibleUnit"].zh
('举措', '责任单位')
>>> RELATIONS["inReport"].group, RELATIONS["has_part"].up
('member', 'in')
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ..extractors.wordlists import load_rows
from ..ontology.terms import PG

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "policygraph.ttl"
DEFAULT_GREY = "#9A9A9A"


class TypeStyle(NamedTuple):
    zh: str
    colour: str
    shape: str
    size: int
    column: int  # left-to-right rank in the layered layout
    font: int = 14  # label size in canvas pixels


class RelationStyle(NamedTuple):
    zh: str
    colour: str
    group: str  # link | part | member (see the CSV's header)
    up: str  # for part and member relations: "out" when the edge points to the parent
    dashes: str  # "", "dash" or "dot"
    basis: str = ""  # where the link comes from when no span is stored


@lru_cache(maxsize=1)
def ontology_labels() -> dict[str, str]:
    """Local name -> rdfs:label@zh of every ``pg:`` term of the ontology that has one."""
    import rdflib

    onto = rdflib.Graph().parse(ONTOLOGY)
    out = {}
    for s, label in onto.subject_objects(rdflib.RDFS.label):
        if str(s).startswith(str(PG)) and getattr(label, "language", None) == "zh":
            out[str(s)[len(PG):]] = str(label)
    return out


def load_styles() -> tuple[dict[str, TypeStyle], TypeStyle, dict[str, RelationStyle]]:
    """``(types, other, relations)`` from data/view_styles.csv; empty Chinese names come from the ontology.

    Every object property of the ontology with a Chinese label is a relation too (in the default
    grey, as a fact), so a relation added to the ontology is named in the legend at once.
    """
    zh = ontology_labels()
    types: dict[str, TypeStyle] = {}
    rels = {name: RelationStyle(label, DEFAULT_GREY, "link", "", "") for name, label in zh.items()
            if name[:1].islower()}
    other = TypeStyle("其他", "#7F7F7F", "dot", 8, 10, 14)
    for r in load_rows("view_styles.csv"):
        name = r["zh"] or zh.get(r["name"], r["name"])
        if r["kind"] == "type":
            style = TypeStyle(name, r["colour"], r["shape"], int(r["size"]), int(r["column"]), int(r["font"] or 14))
            if r["name"] == "*":
                other = style
            else:
                types[r["name"]] = style
        else:
            rels[r["name"]] = RelationStyle(name, r["colour"], r["group"] or "link", r["up"] or "",
                                            r["dashes"] or "", r.get("basis") or "")
    return types, other, rels


TYPE_STYLE, OTHER_STYLE, RELATIONS = load_styles()


def relation(name: str) -> RelationStyle:
    """The style of relation ``name``; an unknown one is a grey fact named by its local name."""
    return RELATIONS.get(name) or RelationStyle(name, DEFAULT_GREY, "link", "", "")


def is_upward(rel: str, outward: bool) -> bool:
    """True when following ``rel`` (forwards if ``outward``) goes from a part to its whole."""
    return relation(rel).up == ("out" if outward else "in")
