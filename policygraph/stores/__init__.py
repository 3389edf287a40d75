"""Stores: the embedded default (Oxigraph) and graph database servers (Neo4j, FalkorDB)."""
