"""policygraph: a knowledge graph of how Chinese regulations are carried out.

>>> from policygraph import PolicyGraph
>>> pg = PolicyGraph.open(memory=True)

The import name is ``policygraph``; the design card's ``graphlib/`` is this package (the standard
library already owns ``graphlib``). The layers, bottom up, are described in README.md ("How it
fits together"): records -> loaders/extractors -> resolve, link -> build -> stores -> pipeline,
lookup -> queries, views -> api -> cli, demo.
"""

from .api import LoadSummary, PolicyGraph, extract
from .errors import InputError, NotFoundError, PolicyGraphError, ServerError, StoreError

__version__ = "0.1.0"
__all__ = ["PolicyGraph", "LoadSummary", "extract", "PolicyGraphError", "InputError", "NotFoundError",
           "StoreError", "ServerError", "__version__"]
