"""Loaders turn files into plain records (see :mod:`policygraph.records`)."""
