"""The ontology: OWL (policygraph.ttl), SHACL shapes (shapes.ttl) and the terms module."""
