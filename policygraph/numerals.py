"""Chinese numerals: 七十二 -> 72, 一百零二 -> 102, 二〇二一 -> 2021 (one parser for the package)."""

from __future__ import annotations

from functools import lru_cache

# 〇 and its look-alikes (○, Ｏ, O) all stand for zero in written years such as 二○二一
_DIGITS = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "○": 0, "Ｏ": 0, "O": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}
NUM = r"[0-9０-９零〇一二两三四五六七八九十百千万]+"


@lru_cache(maxsize=8192)  # the same few hundred numerals recur in every file
def parse_cn_number(s: str) -> int:
    """The value of a Chinese (or Arabic) numeral: 七十二 -> 72, 一百零二 -> 102, 一九九四 -> 1994.

    A string of bare digits without 十/百/千 is read digit by digit, as years are written.
    Raises ``ValueError`` for anything that is not a numeral.

    >>> parse_cn_number("十"), parse_cn_number("三十四"), parse_cn_number("２０１９")
    (10, 34, 2019)
    """
    s = s.strip()
    if not s:
        raise ValueError("empty numeral")
    if s.isdigit():
        return int(s)  # int() also reads full-width digits
    if any(ch not in _DIGITS and ch not in _UNITS and ch != "万" for ch in s):
        raise ValueError(f"not a numeral: {s!r}")
    if not any(ch in _UNITS or ch == "万" for ch in s):
        return int("".join(str(_DIGITS[ch]) for ch in s))
    total = section = digit = 0
    for ch in s:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            section += (digit or 1) * _UNITS[ch]  # 十二 = 12: a bare unit counts once
            digit = 0
        else:  # 万
            total += (section + digit) * 10000
            section = digit = 0
    return total + section + digit


def cn_int(s: str) -> int | None:
    """Like :func:`parse_cn_number`, but ``None`` for anything that is not a numeral.

    >>> cn_int("二十三"), cn_int("二〇二一"), cn_int("9"), cn_int("x")
    (23, 2021, 9, None)
    """
    try:
        return parse_cn_number(s)
    except ValueError:
        return None
