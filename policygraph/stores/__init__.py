"""Stores: where the graph is kept, and the named fetches every layer above reads through.

- :mod:`.base`: the :class:`~.base.Store` and :class:`~.base.Backend` protocols, declared
  :class:`~.base.Capabilities`, :class:`~.base.LoadResult`;
- :mod:`.oxigraph`: the embedded default store (named graphs on disk), with :mod:`.textindex`
  (derived search and timeline tables beside it); :mod:`.rdflib_store`: a benchmark baseline;
- :mod:`.sparql_queries` / :mod:`.cypher_queries`: the fetches in SPARQL and in Cypher (twins);
- :mod:`.server`: a Neo4j or FalkorDB server as the store (provenance-based replacement);
  :mod:`.graphserver`, :mod:`.neo4j`, :mod:`.falkordb`: the connections; :mod:`.projection`
  (RDF -> property graph) and :mod:`.cypher` (statements and batches) shared by both.
"""
