"""Other names of documents already found: defined short names, counted and bare type words.

- (以下简称“X”) right after a title defines X for it; 两个《条例》 or “两条例” names the last two 条例;
- a bare 《条例》 is the last 条例 named by its full title before it;
- defined short names, the type words of untitled documents (审议意见) and the short form of a
  中华人民共和国 title also count where they stand without brackets.

Every look-up is an index search, so a text with many titles and aliases is still read in linear time.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .lexicon import Lexicon
from .model import Doc, Docs, doc_type, type_word
from .tables import periods
from .titles import Title

ALIAS_DEF = re.compile(r"[(（](?:[^()（）\n]{0,30}[,，、;；])?(?:以下简称|以下称|后简称|下称|简称)[:：为]?"
                       r"(?P<a>“[^”]{1,20}”|[^)）]{1,20})[)）]")
COUNTED = re.compile(r"([两二三四五六七八九十\d]+)(?:个|部|项)?《?([^《》]{1,8}?)》?")
PERIOD_PLAN = re.compile(r"“(?P<p>[^”]{3})”(?P<k>规划纲要|规划)")
COUNT_BEFORE = re.compile(r"([两二三四五六七八九十\d]+)个$")
CN_NUM = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _number(s: str) -> int:
    return int(s) if s.isdigit() else CN_NUM.get(s, 0)


class TypeIndex:
    """Where documents of each type word are named by their own title, for "the last n before here"."""

    def __init__(self, docs: Docs):
        self.by_word: dict[str, tuple[list[int], list[Doc]]] = {}
        rows = sorted(((m.start, i, d) for i, d in enumerate(docs.by_key.values()) for m in d.mentions),
                      key=lambda r: r[:2])
        for pos, _, d in rows:
            w = type_word(d.title)
            if w and d.title != w:
                pl, dl = self.by_word.setdefault(w, ([], []))
                pl.append(pos)
                dl.append(d)

    def last(self, word: str, before: int, n: int) -> list[Doc]:
        """The last ``n`` distinct documents of type ``word`` named before ``before``, oldest first."""
        pl, dl = self.by_word.get(word, ([], []))
        out: list[Doc] = []
        i = bisect_left(pl, before) - 1
        while i >= 0 and len(out) < max(n, 1):
            if dl[i] not in out:
                out.append(dl[i])
            i -= 1
        return out[::-1]


def resolve_aliases(text: str, docs: Docs, top: list[Title], counted: list[Title], taken: bytearray) -> None:
    """Add the alias mentions of ``docs`` in ``text``; ``taken`` marks spans already read as titles."""
    index = TypeIndex(docs)
    defined = _defined(text, docs, top, index)
    for t in counted:  # 两个《条例》, a bare 《条例》
        cm = COUNT_BEFORE.search(text, max(0, t.start - 4), t.start)
        if cm:
            s = cm.start()
            targets = defined.get(text[s:t.end]) or index.last(t.title.strip(), s, _number(cm.group(1)))
        else:
            s, targets = t.start, index.last(t.title.strip(), t.start, 1)
        for d in targets:
            docs.mention(d, s, t.end)
    _bare_aliases(text, docs, defined, taken)
    _period_plans(docs)


def _defined(text: str, docs: Docs, top: list[Title], index: TypeIndex) -> dict[str, list[Doc]]:
    """Short names defined by (以下简称…) right after a document's title, each with what it stands for.

    The definition must follow the title at once (or share the brackets of its number: 《…》(国发〔2021〕
    24号,以下简称…)); a definition elsewhere names something else (以下简称保密, 以下简称科协).
    """
    defined: dict[str, list[Doc]] = {}
    ending_at = {m.end: d for d in docs.by_key.values() for m in d.mentions}
    for m in ALIAS_DEF.finditer(text):
        a_s, a_e = m.span("a")
        alias = m.group("a").strip("“”")
        cm = COUNTED.fullmatch(alias)
        if cm and cm.group(2) in index.by_word:
            targets = index.last(cm.group(2), a_s, _number(cm.group(1)))
        else:
            d = ending_at.get(m.start())
            targets = [d] if d else []
        if targets:
            defined[alias] = targets
            for d in targets:
                docs.mention(d, a_s, a_e)
    return defined


def _bare_aliases(text: str, docs: Docs, defined: dict[str, list[Doc]], taken: bytearray) -> None:
    # 两个《条例》 is read where 《条例》 stands; a short name without brackets (“两条例”, 条例) where it stands
    bare: dict[str, list[Doc]] = {k: v for k, v in defined.items() if "《" not in k}
    for d in docs.by_key.values():
        if d.title.startswith("中华人民共和国") and len(d.title) > 9:
            bare.setdefault(d.title[7:], [d])
        if d.in_title_line and not any(text[m.start:m.end].startswith("《") for m in d.mentions):
            w = type_word(d.title)
            if w and len(w) >= 4:
                bare.setdefault(w, [d])  # 审议意见: the untitled opinions the report carries out
    for d in docs.by_key.values():
        for m in d.mentions:
            taken[m.start:m.end] = b"\x01" * (m.end - m.start)
    for m in Lexicon(bare).finditer(text):
        if any(taken[m.start:m.end]):
            continue
        for d in bare[m.word]:
            docs.mention(d, m.start, m.end)


def _period_plans(docs: Docs) -> None:
    """“十五五”规划(纲要) is the 第十五个五年规划纲要 the text names in full, when it does."""
    for d in list(docs.by_key.values()):
        m = PERIOD_PLAN.fullmatch(d.title)
        if not m or m["p"] not in periods():
            continue
        long = periods()[m["p"]] + "规划"
        plans = [p for p in docs.by_key.values() if long in p.title and p is not d
                 and doc_type(p.title) in ("纲要", "规划")]  # the plan, not the 建议 on drafting it
        if plans:
            docs.merge(d, plans[0])
