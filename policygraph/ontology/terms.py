"""Every IRI the package uses, typed once.

Terms are plain ``str`` IRIs so that any RDF library can take them (``pyoxigraph.NamedNode(t)``,
``rdflib.URIRef(t)``). ``policygraph.ttl`` declares each ``PG`` term; a test keeps the two in step.

>>> from policygraph.ontology.terms import PG, ELI
>>> PG.Measure
'https://w3id.org/policygraph/ontology#Measure'
>>> ELI.based_on
'http://data.europa.eu/eli/ontology#based_on'
"""

from __future__ import annotations

from urllib.parse import quote


class Namespace(str):
    """An IRI prefix; attribute or item access gives the full IRI of a term.

    Only the names listed in ``terms`` are allowed, so a typo fails at import time, not silently in
    a query that returns nothing.
    """

    def __new__(cls, iri: str, terms: str = "", prefix: str = ""):
        ns = super().__new__(cls, iri)
        ns._terms = frozenset(terms.split()) if terms else None
        ns._prefix = prefix
        return ns

    def __getattribute__(self, name: str):
        # A term named like a str method (DCT.title, RDF.type ...) must win over the method.
        terms = str.__getattribute__(self, "__dict__").get("_terms")
        if terms is not None and name in terms:
            return str(self) + name
        return str.__getattribute__(self, name)

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __getitem__(self, name: str) -> str:  # type: ignore[override]
        if self._terms is not None and name not in self._terms:
            raise AttributeError(f"{self._prefix or str(self)} has no term {name!r}")
        return str(self) + name

    def terms(self) -> list[str]:
        return sorted(self._terms or ())


# ------------------------------------------------------------------ our own terms
PG_CLASSES = """
    Regulation RegulationVersion Division Book Chapter LegalSection Article Paragraph Item
    Document Report Section Measure Unit LeadingGroup Collective Person Metric Evidence Event
    ImplementationCandidate Alignment DocumentReference LegalLevel Status
"""
PG_OBJECT_PROPERTIES = """
    legalLevel responsibleUnit mentionsDocument reportsMetric status evidence forProperty forObject
    addressee respondsTo drafts issues revises concerns candidateFor candidateArticle
    alignedArticle alignmentOf elaborates event actor document reference hasSection hasMeasure
    inSection inReport publisher
"""
PG_DATATYPE_PROPERTIES = """
    number suffix label heading text ordinal marker deadline deadlineText statusText
    dateAdopted dateAmended dateApproved eventKind date value approximate measureWord what
    metricKind asOf asOfText subjectText role docType docNumber unitKind level region
    score rank method matchedTerm learnedTerm probability asserted complete hasArticles relation statusInReport
    sourcePath sha256 graphDigest sharedFacts shortTitle category note encoding respondsToText
"""
PG_INDIVIDUALS = """
    Constitution Law AdministrativeRegulation LocalRegulation JudicialInterpretation
    DepartmentalRule NormativeDocument OtherLevel LegalLevels
    Done Ongoing Planned Statuses
"""
PG = Namespace(
    "https://w3id.org/policygraph/ontology#",
    PG_CLASSES + PG_OBJECT_PROPERTIES + PG_DATATYPE_PROPERTIES + PG_INDIVIDUALS,
    "pg",
)
# instance data
ID = Namespace("https://w3id.org/policygraph/id/", prefix="id")

# ------------------------------------------------------------------ reused vocabularies
ELI = Namespace(
    "http://data.europa.eu/eli/ontology#",
    """LegalResource LegalExpression LegalResourceSubdivision has_part is_part_of based_on cites
    ensures_implementation_of applies date_document date_publication first_date_entry_in_force
    date_no_longer_in_force in_force version_date is_realized_by realizes title passed_by
    id_local InForce-inForce InForce-notInForce amends repeals""",
    "eli",
)
ORG = Namespace(
    "http://www.w3.org/ns/org#",
    "Organization OrganizationalCollaboration subOrganizationOf hasSubOrganization memberOf",
    "org",
)
PROV = Namespace(
    "http://www.w3.org/ns/prov#",
    "Entity Activity Agent wasDerivedFrom wasAttributedTo Influence",
    "prov",
)
OA = Namespace(
    "http://www.w3.org/ns/oa#",
    "SpecificResource TextPositionSelector TextQuoteSelector hasSource hasSelector start end exact prefix suffix",
    "oa",
)
DCT = Namespace(
    "http://purl.org/dc/terms/",
    "title creator publisher issued date isPartOf hasPart references replaces isReplacedBy identifier source type subject description",
    "dct",
)
SKOS = Namespace(
    "http://www.w3.org/2004/02/skos/core#",
    "Concept ConceptScheme prefLabel altLabel hiddenLabel inScheme notation broader",
    "skos",
)
FOAF = Namespace("http://xmlns.com/foaf/0.1/", "Person Document name", "foaf")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "type value", "rdf")
RDFS = Namespace(
    "http://www.w3.org/2000/01/rdf-schema#", "label comment subClassOf subPropertyOf domain range", "rdfs"
)
OWL = Namespace(
    "http://www.w3.org/2002/07/owl#",
    "Ontology Class ObjectProperty DatatypeProperty NamedIndividual equivalentClass",
    "owl",
)
XSD = Namespace(
    "http://www.w3.org/2001/XMLSchema#", "string integer decimal double boolean date gYear dateTime", "xsd"
)
SH = Namespace("http://www.w3.org/ns/shacl#", prefix="sh")

NAMESPACES = {ns._prefix: ns for ns in (PG, ID, ELI, ORG, PROV, OA, DCT, SKOS, FOAF, RDF, RDFS, OWL, XSD)}

# values used in data
LEVELS = {  # our level code -> individual
    "constitution": PG.Constitution,
    "law": PG.Law,
    "administrative_regulation": PG.AdministrativeRegulation,
    "local_regulation": PG.LocalRegulation,
    "judicial_interpretation": PG.JudicialInterpretation,
    "departmental_rule": PG.DepartmentalRule,
    "normative_document": PG.NormativeDocument,
    "other": PG.OtherLevel,
}
STATUSES = {"done": PG.Done, "ongoing": PG.Ongoing, "planned": PG.Planned}
PART_CLASSES = {
    "book": PG.Book,
    "chapter": PG.Chapter,
    "section": PG.LegalSection,
    "article": PG.Article,
    "paragraph": PG.Paragraph,
    "item": PG.Item,
}
# how a report relates to a document it names -> property from the report to the document
RELATIONS = {
    "implements": ELI.ensures_implementation_of,
    "drafts": PG.drafts,
    "issues": PG.issues,
    "revises": PG.revises,
    "cites": ELI.cites,
    "is_about": PG.concerns,
    "based_on": ELI.based_on,
}


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace, to put in front of a SPARQL query."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in NAMESPACES.items())


def local_name(iri: str) -> str:
    """The part after the last ``#`` or ``/``: ``PG.Measure`` -> ``'Measure'``."""
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


_ASCII_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@")


def iri_part(text: str) -> str:
    """Make ``text`` safe as one path segment of an IRI, keeping Chinese readable.

    >>> iri_part("优化营商环境条例")
    '优化营商环境条例'
    >>> iri_part("a b/c")
    'a_b%2Fc'
    """
    text = "_".join(str(text).split())
    # IRIs (RFC 3987) allow the ucschar ranges as they are (CJK stays readable); everything else —
    # ASCII outside the unreserved/sub-delims set, U+FFFD, U+FFFC, private use, variation selectors
    # of plane 14 — is percent-encoded, so an IRI is valid whatever text it is made from.
    return "".join(ch if ch in _ASCII_SAFE or _ucschar(ord(ch)) else quote(ch, safe="") for ch in text)


# RFC 3987 ucschar: the code points an IRI may hold unescaped beyond ASCII.
_UCSCHAR = [(0xA0, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFEF)] + \
    [(p * 0x10000, p * 0x10000 + 0xFFFD) for p in range(1, 14)] + [(0xE1000, 0xEFFFD)]


def _ucschar(cp: int) -> bool:
    """True when an IRI may hold the code point ``cp`` unescaped.

    >>> _ucschar(ord("中")), _ucschar(0xFFFD), _ucschar(0xE0100)
    (True, False, False)
    """
    return any(a <= cp <= b for a, b in _UCSCHAR)


def iri(*parts: str | int) -> str:
    """A stable instance IRI from its parts: ``iri("unit", "大连市营商环境建设局")``."""
    return str(ID) + "/".join(iri_part(str(p)) for p in parts)
