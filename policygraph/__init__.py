"""policygraph: a knowledge graph of how Chinese regulations are carried out.

>>> from policygraph import PolicyGraph
>>> pg = PolicyGraph.open(memory=True)

The import name is ``policygraph``; the design card's ``graphlib/`` is this package (the standard
library already owns ``graphlib``).
"""

from .api import LoadSummary, PolicyGraph, extract
from .errors import InputError, NotFoundError, PolicyGraphError, ServerError, StoreError

__version__ = "0.1.0"
__all__ = ["PolicyGraph", "LoadSummary", "extract", "PolicyGraphError", "InputError", "NotFoundError",
           "StoreError", "ServerError", "__version__"]
