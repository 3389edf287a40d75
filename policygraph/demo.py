"""The demo graph: what ``graphq demo`` builds, from data the package ships.

The State Council 《优化营商环境条例》, the Liaoning regulation (a partial text), the regulations
catalogue and Dalian's 2021 report on implementing them; then the overview view.

>>> demo = build(view=False)
>>> demo.stats["Measure"], demo.view is None
(19, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .api import DATA_DIR, PolicyGraph
from .pipeline import LoadSummary

SOURCES = [DATA_DIR / "catalogue.csv", DATA_DIR / "reports"]  # the catalogue names the regulations' files


@dataclass
class Demo:
    """What :func:`build` made: the graph, the load summary, the node counts and the view written
    (None when none was asked for; every store, server or embedded, can be drawn)."""

    graph: PolicyGraph
    summary: LoadSummary
    stats: dict[str, int]
    view: Path | None = None
    note: str | None = None  # why there is no view although one was asked for


def build(graph: PolicyGraph | None = None, *, view: bool = True,
          path: str | Path = "policygraph-demo.html") -> Demo:
    """Load the demo sources into ``graph`` (default: a new in-memory graph) and, with ``view``,
    write the overview to ``path``. Loading again changes nothing."""
    graph = graph if graph is not None else PolicyGraph.open(memory=True)
    summary = graph.load([p for p in SOURCES if p.exists()])
    demo = Demo(graph, summary, graph.stats(as_dict=True))
    if view:
        demo.view = Path(graph.view(path=path)).resolve()
    return demo
