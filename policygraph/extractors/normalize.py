"""A length-preserving Simplified-Chinese view of a text.

Reports from Hong Kong, Macao and Taiwan sources, and some old pages, are written in Traditional
characters. The extractors' patterns and word lists are Simplified. :func:`simplified_view` maps
the text character by character, so every offset found on the view is valid on the original and
``original[start:end]`` is the evidence quote.

>>> simplified_view("營商環境報告")
'营商环境报告'
>>> len(simplified_view("於2021年")) == len("於2021年")
True
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    """One-character Traditional -> Simplified pairs from zhconv's tables.

    Multi-character phrase rules are skipped on purpose: they could change the length of the text.
    """
    try:
        import zhconv.zhconv as zc

        zc.loaddict()
        pairs = zc.zhcdicts.get("zh2Hans") or {}
    except Exception:  # pragma: no cover - without zhconv the view is the text itself
        return {}
    return {ord(k): v for k, v in pairs.items() if len(k) == 1 and len(v) == 1 and k != v}


def simplified_view(text: str) -> str:
    """``text`` with each Traditional character replaced by its Simplified form; same length."""
    table = _table()
    if not table or text.isascii():
        return text
    return text.translate(table)


def is_mostly_traditional(text: str, sample: int = 4000) -> bool:
    """True when more than 5% of the CJK characters in the first ``sample`` chars change."""
    head = text[:sample]
    cjk = [c for c in head if "\u4e00" <= c <= "\u9fff"]
    if not cjk:
        return False
    table = _table()
    changed = sum(1 for c in cjk if ord(c) in table)
    return changed > len(cjk) * 0.05
