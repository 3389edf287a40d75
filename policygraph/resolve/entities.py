"""Extracted names -> canonical entities: issuing bodies to units, a report's documents to regulations.

The units gazetteer itself belongs to extraction (:func:`policygraph.extractors.units.canonical_unit`);
this module is the one place outside the extractors that asks it, so a unit is canonicalised the
same way whether it came from a law file, a report or a user.

>>> issuer_unit("国务院第66次常务会议").name
'国务院'
>>> from policygraph.records import DocumentInfo, DocumentRef, Report, Source
>>> rep = Report(Source("r.txt", "", "utf-8"), DocumentInfo(),
...              documents=[DocumentRef("大连市社会信用条例"), DocumentRef("优化营商环境条例", relation="is_about")])
>>> concerned_titles(rep)
['优化营商环境条例', '大连市社会信用条例']
"""

from __future__ import annotations

from collections.abc import Iterable

from ..records import Regulation, Report, Unit

# how a report relates to the regulations it is about, strongest first (see records.DocumentRef)
CONCERNS = ("is_about", "implements")


def issuer_unit(name: str, *, city: str | None = None) -> Unit | None:
    """The canonical unit of a body's name (国务院第66次常务会议 -> 国务院), or None when the
    gazetteer knows no such unit (the raw name is then kept)."""
    try:
        from ..extractors.units import canonical_unit
    except ImportError:  # a minimal install without the gazetteer
        return None
    try:
        return canonical_unit(name, city=city)
    except Exception:  # noqa: BLE001 - the gazetteer must never stop a load
        return None


def issuers(regulations: Iterable[Regulation]) -> dict[str, Unit]:
    """The canonical unit of every regulation's issuer that the gazetteer knows, by raw name."""
    out: dict[str, Unit] = {}
    for reg in regulations:
        if reg.issuer and reg.issuer not in out:
            unit = issuer_unit(reg.issuer)
            if unit is not None:
                out[reg.issuer] = unit
    return out


def known_unit_name(name: str, *, city: str | None = None) -> str | None:
    """The canonical name the gazetteer gives ``name`` (市营商局 in 大连市 -> 大连市营商环境建设局)."""
    unit = issuer_unit(name, city=city)
    return unit.name if unit is not None else None


def concerned_titles(rep: Report) -> list[str]:
    """Titles of the documents a report names, those it is about or implements first (in the order named)."""
    first = [d.title for d in rep.documents if d.relation in CONCERNS]
    rest = [d.title for d in rep.documents if d.title not in first]
    return first + rest


def titles_in(text: str, titles: Iterable[str]) -> list[str]:
    """The ``titles`` written literally in ``text``, in the order they first appear: a fallback for
    reports whose document mentions were not recognised. Titles under four characters are too
    likely to occur by chance.

    >>> titles_in("贯彻优化营商环境条例和条例", ["条例", "优化营商环境条例"])
    ['优化营商环境条例']
    """
    found = {t for t in titles if len(t) >= 4 and t in text}
    return sorted(found, key=lambda t: (text.find(t), t))
