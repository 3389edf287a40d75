"""Documents named without 《》: finders registered by name, run in order over one text.

- ``agreements``: international agreements by title or abbreviation (RCEP -> 区域全面经济伙伴关系协定);
- ``laws``: national laws and regulations by full or short title from the laws table
  (民营经济促进法 -> 中华人民共和国民营经济促进法); one governed by 制定/出台 in a local text, or with
  本市/市 before it, is the place's own (本市优化营商环境条例 -> 大连市优化营商环境条例);
- ``titled``: titles that end in a document word (``doc_bare_words.csv``) where a general rule says
  they are titles: a governing verb before them (出台…条例), a list that verb opens (…决定、…规定、
  …条例等), a place that opens them (我市…分工方案, 吉林省…条例), a quoted name (“无事不扰”白名单) or
  a version after them (行动方案（2026版）); and numbered measures (…28条意见). Two characters of topic
  besides generic words are needed (制定实施方案 names nothing).

A finder is ``fn(scan) -> list[Found]``; :data:`FINDERS` maps names to finders, so a caller can
add or replace one. Spans a finder claims are blanked for the next ones.

>>> from .context import TextContext
>>> scan = Scan("出台优化营商环境条例、社会信用条例等系列法规。", TextContext("出台优化营商环境条例、社会信用条例等系列法规。", []), Place(city="甲市"))
>>> [(f.title, f.rule) for f in find_bare(scan)]
[('甲市优化营商环境条例', 'laws'), ('社会信用条例', 'titled')]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from .context import BLANK, TextContext
from .lexicon import Lexicon
from .places import Place, known_place_at, marker_at, marker_before
from .tables import agreements, bare_words, laws, types

TITLE_CHAR = re.compile(r"[\u4e00-\u9fff0-9“”‘’·—\-]")
MAX_TITLE = 40
PARTICLES = "了并过"
QUOTED = re.compile(r"“[^”“]{1,20}”")
NOT_FIRST = "等的之"  # the object of the verb ended before: 落实等方面的意见
CONNECTORS = re.compile(r"(?:以及|和|及|与|、)+")
UNKNOWN_PLACE = "W-DOCUMENTS-002"


@dataclass
class Found:
    start: int  # of the mention (with the 我市 that opens it)
    end: int
    title: str  # the canonical title
    rule: str
    row: dict | None = None  # the law or agreement row, if any
    scope: str | None = None  # whose it is, when a marker or the verb says so


@dataclass
class Scan:
    text: str
    ctx: TextContext
    place: Place
    warnings: list[str] | None = None

    def warn(self, code: str, message: str) -> None:
        if self.warnings is not None:
            self.warnings.append(f"{code}: {message}")


FINDERS: dict[str, Callable[[Scan], list[Found]]] = {}


def finder(name: str):
    def register(fn):
        FINDERS[name] = fn
        return fn
    return register


def find_bare(scan: Scan) -> list[Found]:
    """Every bare title the registered finders claim, in text order, none overlapping another."""
    out, claimed = [], bytearray(len(scan.text))
    for fn in FINDERS.values():
        for f in fn(scan):
            if any(claimed[f.start:f.end]) or BLANK in scan.ctx.masked[f.start:f.end]:
                continue  # an earlier finder's title, or one in 《》
            claimed[f.start:f.end] = b"\x01" * (f.end - f.start)
            scan.ctx.take(f.start, f.end)
            out.append(f)
    return sorted(out, key=lambda f: f.start)


# ----------------------------------------------------------------------------- agreements and laws


@cache
def _agreement_lexicon() -> tuple[Lexicon, re.Pattern | None]:
    han = [k for k in agreements() if not k.isascii()]
    abbr = [k for k in agreements() if k.isascii()]
    rx = re.compile(r"(?<![A-Za-z])(?:" + "|".join(map(re.escape, abbr)) + r")(?![A-Za-z])") if abbr else None
    return Lexicon(han), rx


@finder("agreements")
def agreement_titles(scan: Scan) -> list[Found]:
    lx, rx = _agreement_lexicon()
    hits = [(m.start, m.end, m.word) for m in lx.finditer(scan.ctx.masked)]
    hits += [(m.start(), m.end(), m.group()) for m in rx.finditer(scan.ctx.masked)] if rx else []
    return [Found(s, e, agreements()[w]["title"], "agreements", agreements()[w]) for s, e, w in hits]


@cache
def _law_lexicon() -> Lexicon:
    return Lexicon(k for k in laws() if len(k) >= 3)


@finder("laws")
def law_titles(scan: Scan) -> list[Found]:
    m_text, out = scan.ctx.masked, []
    stop = bare_words().law_stop_after
    for m in _law_lexicon().finditer(m_text):
        if m_text[m.end:m.end + 1] in stop or _ending_lexicon().match_at(m_text, m.end):
            continue  # 劳动法律, 外商投资法实施条例 (a longer title the table lacks)
        row = laws()[m.word]
        start, title, scope = m.start, row["title"], None
        local = local_scope(scan, m.start, row)
        if local is not None:
            scope, start = local
            place = scan.place.of(scope)
            if place is None:
                scan.warn(UNKNOWN_PLACE, f"{scan.text[start:m.end]!r} at {start}: whose it is is not known")
            title = scan.text[start:m.end] if place is None else place + m.word
        out.append(Found(start, m.end, title, "laws", None if scope else row, scope))
    return out


def local_scope(scan: Scan, pos: int, row: dict) -> tuple[str, int] | None:
    """(scope, start of the mention) when a national regulation's title names a local one here.

    A law (法) is national only. A regulation's title (优化营商环境条例) is the place's own when a
    place word stands right before it (本市, 市), or when the text's own government makes it: a
    drafting, issuing or revising verb governs it and no national word (国务院, 国家) stands before it.
    """
    if row.get("doc_type") == "法律":
        return None
    marker = marker_before(scan.ctx.masked, pos, opens_at=lambda i: opens_at(scan.ctx, i))
    if marker is not None:
        return (marker.scope, pos - len(marker.word)) if marker.scope != "national" else None
    hit = scan.ctx.verb_before(pos)
    if hit is not None and scan.ctx.masked[hit.end:pos].strip(PARTICLES) == "" \
            and hit.verb.relation in ("drafts", "issues", "revises"):
        scope = "city" if scan.place.city else "province" if scan.place.province else None
        return (scope, pos) if scope else None
    return None


def opens_at(ctx: TextContext, i: int) -> bool:
    """Whether a title may open at ``i``: after a break, a non-Chinese character or a governing verb."""
    if i == 0 or i == ctx.clause_start(i) or not "\u4e00" <= ctx.masked[i - 1] <= "\u9fff":
        return True
    hit = ctx.verb_before(i)
    return hit is not None and ctx.masked[hit.end:i].strip(PARTICLES) == ""


# ----------------------------------------------------------------------------- titles by their endings


@cache
def _ending_lexicon() -> Lexicon:
    return Lexicon(bare_words().endings)


def _endings(masked: str) -> list[tuple[int, int, str]]:
    out = [(m.start, m.end, bare_words().endings[m.word]) for m in _ending_lexicon().finditer(masked)]
    for rx, needs in bare_words().ending_rx:
        out += [(m.start(), m.end(), needs) for m in rx.finditer(masked)]
    return sorted(out)


@finder("titled")
def ending_titles(scan: Scan) -> list[Found]:
    out: list[Found] = []
    prev_end = -1
    for a, b, needs in _endings(scan.ctx.masked):
        if a < prev_end or scan.ctx.is_taken(a, b):
            continue
        f = _titled(scan, a, b, needs)
        if f is not None:
            out.append(f)
            scan.ctx.take(f.start, f.end)  # the next title of a list starts after this one
            prev_end = f.end
    return out


def _titled(scan: Scan, a: int, b: int, needs: str) -> Found | None:
    """The bare title ending with the document word [a, b), or None where no rule says it is one."""
    m, ctx = scan.ctx.masked, scan.ctx
    if m[b:b + 1] == "”":
        return _quoted_numbered(scan, a, b) if needs == "numbered" else None  # “一张清单”: a slogan
    if m.startswith(bare_words().stop_after, b) or _ending_lexicon().match_at(m, b):
        return None  # 八项规定精神, 规划条例 (the title goes on)
    v = types().version.match(m, b)
    b, version = (v.end(), True) if v else (b, False)
    start = a
    floor = max(a - MAX_TITLE, ctx.clause_start(a), 0)
    while start > floor and TITLE_CHAR.match(m[start - 1]) and not _document_at(ctx, start - 1):
        start -= 1
    start, anchor = _anchor(ctx, start, a)
    start, marker, place = _owner(ctx, start, a, b, anchor)
    placed = marker is not None or place is not None
    quoted = QUOTED.search(m, start, a) is not None
    governed = anchor == "list" or (anchor == "verb" and (needs in ("verb", "numbered") or _makes(ctx, start)))
    if needs == "about" and "关于" not in m[start:a]:
        return None  # 作出处罚决定: a decision, not a title
    if anchor == "boundary":
        after = ctx.verb_after(b)
        governed = after is not None and after.relation in ("drafts", "issues", "revises")
    if not (placed or quoted or version or (needs != "name" and governed)) or m[start] in NOT_FIRST:
        return None
    if quoted and not (placed or governed):
        start = QUOTED.search(m, start, a).start()  # the quoted name opens the title
    if not _reads_as_title(m[start:a]) or (needs == "make" and m[start:a].endswith(bare_words().body_end)):
        return None  # 由市人民政府规定: that body's provision
    body = m[start + (len(marker.word) if marker else len(place) if place else 0):a]
    if _topic_size(body) < 2:
        return None  # two characters of topic besides generic words: 制定实施方案 names nothing
    return Found(start, b, _title(scan, start, b, marker), "titled", None, marker.scope if marker else None)


def _owner(ctx, start: int, a: int, b: int, anchor: str):
    """(start, place marker, known place) of a bare title: whose document it is (我市…, 吉林省…)."""
    m = ctx.masked
    opens = anchor in ("verb", "list") or (anchor == "boundary" and ctx.verb_after(b) is not None)
    if anchor == "verb":
        start = _relative_head(m, start, a)  # 制定并跟踪推动我市…分工方案: the title opens at 我市
    marker = marker_at(m, start, opens=opens)
    place = None if marker else known_place_at(m, start)
    if marker is None and place is None and not opens:
        start, marker, place = _last_place(m, start, a)
    if marker is not None and marker.scope == "national":
        marker = None
    return start, marker, place


def _quoted_numbered(scan: Scan, a: int, b: int) -> Found | None:
    """“民营经济31条”: a quoted topic and number name a set of measures (the quotes are not the title)."""
    q = scan.ctx.masked.rfind("“", max(0, a - MAX_TITLE), a)
    body = scan.ctx.masked[q + 1:a] if q >= 0 else ""
    if not body or "”" in body or _topic_size(body) < 2:
        return None
    return Found(q + 1, b, scan.text[q + 1:b], "titled")


def _topic_size(body: str) -> int:
    """Chinese characters of topic in ``body`` besides generic words and document words (自治条例和单行)."""
    rest = bare_words().generic.sub("", body)
    for w in _ending_lexicon().finditer(rest):
        rest = rest.replace(w.word, "")
    return len(re.findall(r"[\u4e00-\u9fff]", rest))


def _makes(ctx: TextContext, start: int) -> bool:
    """Whether the verb before ``start`` makes a document (制定, 出台, 修订), not only cites it."""
    hit = ctx.verb_before(start)
    return hit is not None and hit.verb.relation in ("drafts", "issues", "revises")


ARTICLE = re.compile(r"第[\d一二三四五六七八九十百千零〇]+[条款项章节]")


def _reads_as_title(body: str) -> bool:
    """Not a reference to provisions: 本条例, 前款规定, 刑法有关规定, 第十九条, 主管部门的规定.

    A title that says whose provisions it gathers opens with 关于 (关于…的规定, 关于…有关问题的通知).
    """
    words = bare_words()
    if body.startswith(words.not_first) or ARTICLE.search(body) or body.endswith(("本", "该", "此")):
        return False  # 本条例, 第十九条, 符合本规定
    if any(w in body for w in words.clause_words):
        return False  # 市人民政府应当将…规划: a clause
    if body.startswith("关于"):
        return True
    return not (any(w in body for w in words.not_inside) or body.endswith("的"))


def _document_at(ctx: TextContext, i: int) -> bool:
    return ctx.masked[i] == BLANK or bool(ctx.taken[i])


def _anchor(ctx: TextContext, start: int, a: int) -> tuple[int, str | None]:
    """Where the title opens and why: after its governing verb, or as the next item of a list."""
    m = ctx.masked
    if start > 0 and _document_at(ctx, start - 1):
        head = CONNECTORS.match(m, start, a)
        if head:
            return head.end(), "list"  # 《A》和B条例, A条例及B办法
    if start > 1 and m[start - 1] == "、" and _document_at(ctx, start - 2):
        return start, "list"  # …决定、…规定、…条例: one verb, many titles
    hit = ctx.verb_before(a, floor=start)
    if hit is None:
        # 推进慈善促进条例立法工作: no governing verb before, but one right after the title
        edge = ctx.boundary_before(a, start)
        return (edge, "boundary") if edge is not None else (start, None)
    start = hit.end
    while start < a and m[start] in PARTICLES:
        start += 1
    return start, "verb"


def _relative_head(m: str, start: int, a: int) -> int:
    """The offset of the last 我市 / 本省 … inside [start, a) that no 关于 precedes, else ``start``."""
    for i in range(a - 2, start, -1):
        marker = marker_at(m, i, opens=False)
        if marker is not None and marker.scope != "national" and not m.startswith("关于", i - 2):
            return i
    return start


def _last_place(m: str, start: int, a: int):
    """(start, marker, place) of the last place word or known place inside [start, a)."""
    for i in range(a - 1, start - 1, -1):
        marker = marker_at(m, i, opens=False)
        if marker is not None and marker.scope != "national":
            return i, marker, None
        place = known_place_at(m, i)
        if place:
            return i, None, place
    return start, None, None


def _title(scan: Scan, start: int, end: int, marker) -> str:
    """The title as a reader names it: the text's place for 我市 (我市…方案 -> 大连市…方案)."""
    surface = scan.text[start:end]
    if marker is None:
        return surface
    place = scan.place.of(marker.scope)
    if place is None:
        scan.warn(UNKNOWN_PLACE, f"{surface!r} at {start}: the place {marker.word!r} stands for is not known")
        return surface
    return place + surface[len(marker.word):]
