"""The resolve step of loading: names as extraction found them -> the canonical entities of the graph.

Extractors read one text and name what they find (an issuing body, the regulations a report is
about); resolution turns those names into the entities many sources share, so that 国务院 in a law
file and in a report is one unit and 《条例》 in a report is the loaded regulation. It runs on
records, before anything is built or written (:mod:`policygraph.pipeline`).

Query-time look-up of the names users type is another job: :mod:`policygraph.lookup`.
"""

from .entities import concerned_titles, issuer_unit, issuers, known_unit_name, titles_in

__all__ = ["concerned_titles", "issuer_unit", "issuers", "known_unit_name", "titles_in"]
