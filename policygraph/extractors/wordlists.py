"""The data-file reader, as the extractors import it (see :mod:`policygraph.datafiles`).

>>> rows = load_rows("date_words.csv")
>>> rows[0]["word"], rows[0]["role"]
('今年年底前', 'deadline')
"""

from __future__ import annotations

from ..datafiles import DATA_DIR, load_rows, words

__all__ = ["DATA_DIR", "load_rows", "words"]
