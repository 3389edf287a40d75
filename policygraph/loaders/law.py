"""Reading one regulation in the laws Markdown format into a :class:`~policygraph.records.Regulation`.

The format (``../shared/laws/NOTICE.md``)::

    # 优化营商环境条例                              <- title (a second '# ' line is a sub-title)
    2019年10月8日 国务院第66次常务会议通过           <- information lines: date + event
    <!-- INFO END -->
    ## 第一章 总则                                 <- 编/分编/章/节 headings ('#' depth varies)
    第一条 text ...                                <- article; every further text line is a 款
    （一）...                                      <- items (项) belong to the paragraph before them

What is derived, and from where:

- ``events`` from the information lines (verbs in ``data/law_vocabulary.csv``, table ``event``);
  a line with two dates (通过并经…批准) gives two events. ``issuer`` is the body of the adopting
  event with term, session and order numbers removed (table ``issuer_strip``).
- ``version_date`` from the file name ``Title(YYYY-MM-DD).md``, else the latest dated information
  line that makes a text (施行 and 废止 dates do not). Dates are ISO; ``yyyy-mm`` when no day is written.
- ``doc_number`` from the last 令第N号 / 公告…号 (or a 法释〔2021〕11号 line) of the information lines.
- ``level`` and ``category`` from the collection folder (table ``folder``), else from the title and
  issuer (``data/law_level_rules.csv``); ``region`` from the title prefix of a local regulation.
- ``complete`` / ``supersedes`` from ``<!-- … -->`` comments (不完整, 同时废止).
- ``parts``: a tree of books, chapters, sections, articles, paragraphs and items, each with a
  :class:`~policygraph.records.Span` into ``source.text``. Unrecognised headings end the article
  before them and are left out of the tree (their text stays in ``source.text``).

>>> from pathlib import Path
>>> reg = read_regulation(Path(__file__).parents[1] / "data/regulations/优化营商环境条例(2019-10-22).md")
>>> len(reg.articles()), reg.issuer, reg.level, reg.doc_number
(72, '国务院', 'administrative_regulation', '国务院令第722号')
>>> parse_cn_number("一百零二"), parse_cn_number("两千〇一")
(102, 2001)
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..datafiles import checked
from ..errors import InputError
from ..extractors.wordlists import load_rows
from ..numerals import NUM, parse_cn_number  # noqa: F401  (parse_cn_number: public here too)
from ..records import Event, Part, Reference, Regulation, Source, Span
from .text import read_source


def _num(s: str) -> int:
    try:
        return parse_cn_number(s)
    except ValueError:
        return 0


# ------------------------------------------------------------------ vocabulary (data files)
# The tables of law_vocabulary.csv this module reads (a test checks the file holds no others).
VOCABULARY_TABLES = ("event", "folder", "category", "incomplete", "supersede", "region_suffix", "region_stop",
                     "issuer_strip")


def _data_rows(name: str, required: tuple[str, ...]) -> list[dict]:
    """Rows of a CSV under policygraph/data, read by the package's one reader and checked."""
    return checked(load_rows(name), name, required)


class _Vocab:
    """The compiled vocabulary of law_vocabulary.csv and law_level_rules.csv (built once)."""

    def __init__(self):
        rows = _data_rows("law_vocabulary.csv", ("table", "key", "value"))

        def table(name):
            return [r for r in rows if r["table"] == name]

        ev = sorted(table("event"), key=lambda r: -len(r["key"]))
        self.event_kind = {r["key"]: r["value"] for r in ev}
        self.event_re = re.compile("|".join(re.escape(r["key"]) for r in ev))
        self.folder_level = {r["key"]: r["value"] for r in table("folder")}
        self.category = {r["key"]: r["value"] for r in table("category")}
        self.incomplete = [r["key"] for r in table("incomplete")]
        self.supersede = [r["key"] for r in table("supersede")]
        suffixes = sorted((r["key"] for r in table("region_suffix")), key=len, reverse=True)
        alternatives = "|".join(map(re.escape, suffixes))
        self.region_re = re.compile(r"^([\u4e00-\u9fff]{1,8}?(?:" + alternatives + "))")
        self.region_stop = tuple(r["key"] for r in table("region_stop"))
        self.issuer_strip = [re.compile(r["key"]) for r in table("issuer_strip")]
        self.level_rules = [
            (re.compile(r["issuer"]) if r["issuer"] else None,
             re.compile(r["title"]) if r["title"] else None,
             r["region"] == "yes", r["level"])
            for r in _data_rows("law_level_rules.csv", ("issuer", "title", "region", "level"))
        ]


@lru_cache(maxsize=1)
def vocab() -> _Vocab:
    return _Vocab()


# ------------------------------------------------------------------ patterns of the format
# Compiled once: the whole laws collection (2,937 files) goes through these.

_TITLE = re.compile(r"#[ \t\u3000]+(\S.*?)\s*$")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---[ \t]*(?:\n|\Z)", re.S)
_INFO_END = re.compile(r"^[ \t]*<!--\s*INFO END\s*-->[ \t]*$", re.M)
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_LINE = re.compile(r"[^\n]*")
_SPACE = "[ \t\u3000\u00a0]"
_HEADING = re.compile(r"^(#{1,6})" + _SPACE + r"*(.*?)\s*$")
# 第一编 / 第一分编 / 第一章 / 第一节, with any spacing (第一章  总则, 第一章\u3000总\u3000\u3000则)
_DIVISION = re.compile(rf"^第({NUM})(分编|编|章|节){_SPACE}*(.*)$")
# a heading without '#': short, and not a sentence
_BARE_DIVISION = re.compile(rf"^第({NUM})(分编|编|章|节){_SPACE}+([^\s。；，：]{{1,20}})$")
_NUMBERED_HEADING = re.compile(r"^([一二三四五六七八九十]+)[、．.]\s*(.+)$")  # ## 一、一般规定
_ARTICLE = re.compile(rf"^第({NUM})条(?:之({NUM}))?(?={_SPACE}|$){_SPACE}*")
# an item marker at the start of a line or after ：；。 (not 第一款第（三）项 inside a sentence)
_ITEM = re.compile(r"(?:^|(?<=[：:；;。]))[（(]([一二三四五六七八九十]+)[）)]")
_DATE = re.compile(
    r"(\d{4}|[〇零一二三四五六七八九]{4})" + _SPACE + r"*年" + _SPACE + r"*(\d{1,2}|[一二三四五六七八九十]{1,3})"
    + _SPACE + r"*月(?:" + _SPACE + r"*(\d{1,2}|[一二三四五六七八九十]{1,3})" + _SPACE + r"*日)?"
    r"|(\d{4})-(\d{1,2})-(\d{1,2})"
)
_ENTRY_START = re.compile(r"^[(（\[]?(?:\d{4}" + _SPACE + r"*年|\d{4}-\d{1,2}-\d{1,2}|[〇零一二三四五六七八九]{4}年)")
_BRACKETED = re.compile(r"《[^》]*》|〈[^〉]*〉|<[^>]*>")
_ORDINAL_BEFORE_VERB = re.compile(rf"第{NUM}次$")
_DOC_NUMBER_LINE = re.compile(r"^[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]第?\d+号$")  # 法释〔2021〕11号
_REFERENCE = re.compile(r"(?:根据|依据|依照)((?:《[^《》]+》(?:[、，,和及与]|以及)?)+)")
_TITLE_IN = re.compile(r"《([^《》]+)》")
_ORDER_NUMBER = re.compile(r"(?:令|公告).*号")  # 国务院令第722号, 公告〔十三届〕第三十四号
_FILE_DATE = re.compile(r"[(（](\d{4}-\d{2}-\d{2})[)）]$")

_DIVISION_RANK = {"编": 0, "分编": 1, "章": 2, "节": 3}
_DIVISION_KIND = {"编": "book", "分编": "book", "章": "chapter", "节": "section"}


def iso_date(m: re.Match) -> str | None:
    """ISO date of a :data:`_DATE` match: yyyy-mm-dd, or yyyy-mm when the day is not written."""
    if m.group(4):
        y, mo, d = int(m.group(4)), int(m.group(5)), int(m.group(6))
    else:
        y, mo = _num(m.group(1)), _num(m.group(2))
        d = _num(m.group(3)) if m.group(3) else None
    if not (1 <= mo <= 12) or (d is not None and not 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}" + (f"-{d:02d}" if d else "")


# ------------------------------------------------------------------ the reader


def read_regulation(path: str | Path) -> Regulation:
    """Read one regulation file in the laws Markdown format.

    Raises :class:`InputError` for a missing, empty, binary or undecodable file and for a file
    whose first non-blank line is not a ``# Title`` line. Messy headings never raise: they are kept
    as text.
    """
    src = read_source(path)
    reg = parse_regulation(src)
    warn_repeated_numbers(reg)
    return reg


def warn_repeated_numbers(reg: Regulation) -> None:
    """A ``W-READ-003`` warning on the source when top-level article numbers repeat (an amendment
    decision quoting articles, a file of two texts): the repeats are kept, under -dupN IRIs."""
    from collections import Counter

    from .text import READ_WARNINGS, read_warning

    counts = Counter((a.number, a.suffix) for a in reg.articles())
    repeated = {k: n for k, n in counts.items() if n > 1}
    if repeated and reg.source is not None:
        first = sorted(repeated)[:3]
        shown = ", ".join(f"第{num}条{'之' + str(suf) if suf else ''} ({repeated[(num, suf)]}x)" for num, suf in first)
        reg.source.warnings.append(read_warning("W-READ-003", reg.source.path,
                                                f"{READ_WARNINGS['W-READ-003']}: {shown}"
                                                + (f" and {len(repeated) - 3} more" if len(repeated) > 3 else "")))


def parse_regulation(src: Source) -> Regulation:
    """Parse an already decoded :class:`Source` (see :func:`read_regulation`)."""
    text = src.text
    lines, first, title = _title(src)
    subtitle, info, body_index = _header(lines, first, text)
    reg = Regulation(title=title, source=src)
    if subtitle:
        reg.note = f"sub-title: {subtitle}"  # records.Regulation has no sub-title field (民法典 books)
    reg.events, doc_numbers = _events(info, text, title)
    if doc_numbers:
        reg.doc_number = doc_numbers[-1]  # the latest order/announcement names this version
    reg.issuer = _issuer(reg.events)
    reg.version_date = _version_date(src.path, reg.events)
    _comments(reg, text)
    reg.parts = _structure(lines[body_index:], text)
    reg.has_articles = bool(reg.articles())
    if not reg.has_articles:
        reg.parts = []  # headings of a case or decision (## 基本案情) are not divisions of a regulation
    reg.references = _references(reg)
    reg.category, reg.level = classify_path(src.path)
    if reg.level is None:
        reg.level = level_from_words(reg.title, reg.issuer)
    if reg.level == "local_regulation":
        reg.region = region_of(reg.title, reg.issuer)
    return reg


def _title(src: Source) -> tuple[list[tuple[int, str]], int, str]:
    """The lines (offset, text) after any front matter, the index of the title line, the title."""
    text = src.text
    fm = _FRONT_MATTER.match(text)  # a Hugo front-matter block (---\nkey: value\n---) before the title
    lines = [(m.start(), m.group()) for m in _LINE.finditer(text, fm.end() if fm else 0)]
    first = next((i for i, (_, ln) in enumerate(lines) if ln.strip()), None)
    if first is None:
        raise InputError(src.path, "no text after the front matter; expected a '# Title' line")
    tm = _TITLE.match(lines[first][1].lstrip("\ufeff \t"))
    if not tm:
        raise InputError(src.path, "the first non-blank line is not a '# Title' line "
                                   f"(found {lines[first][1].strip()[:40]!r}); expected the laws Markdown "
                                   "format: '# Title', information lines, '<!-- INFO END -->', articles")
    return lines, first, tm.group(1).strip()


def _header(lines: list[tuple[int, str]], first: int, text: str
            ) -> tuple[str | None, list[tuple[int, str]], int]:
    """The sub-title, the information lines (offset, text) and the index of the first body line.

    The header ends at ``<!-- INFO END -->``; without the marker it is the dated lines after the
    title (and the lines that continue them).
    """
    end_m = _INFO_END.search(text, lines[first][0])
    subtitle = None
    info: list[tuple[int, str]] = []
    for i in range(first + 1, len(lines)):
        start, ln = lines[i]
        s = ln.strip()
        if end_m is not None:
            if start >= end_m.start():
                return subtitle, info, next((j for j in range(i, len(lines)) if lines[j][0] >= end_m.end()),
                                            len(lines))
        elif s and not (_ENTRY_START.match(s) or s.startswith("# ") or _continues(info, s)):
            return subtitle, info, i
        if not s or s.startswith("<!--"):
            continue
        if s.startswith("# ") and not info:
            subtitle = subtitle or s[2:].strip()
            continue
        info.append((start + (len(ln) - len(ln.lstrip())), s))
    return subtitle, info, len(lines)


def _version_date(path: str, events: list[Event]) -> str | None:
    """The date in the file name ``Title(YYYY-MM-DD).md``, else the latest text-making event's
    (施行 and 废止 dates do not make a new version)."""
    fd = _FILE_DATE.search(Path(path).stem)
    if fd:
        return fd.group(1)
    dated = [e.date for e in events if e.date and len(e.date) == 10 and e.kind not in ("effective", "repealed")]
    return max(dated) if dated else None


# ------------------------------------------------------------------ information lines


def _continues(info: list[tuple[int, str]], s: str) -> bool:
    """Without an INFO END marker: does ``s`` continue a wrapped information line (no verb yet)?"""
    return bool(info) and not s.startswith(("第", "#", "<")) and not vocab().event_re.search(info[-1][1])


def _events(info: list[tuple[int, str]], text: str, title: str) -> tuple[list[Event], list[str]]:
    """Events and document numbers of the information lines.

    A line that does not start with a date continues the line before it (the data wraps long lines,
    even inside a date: ``2014年9月26`` / ``日山东省…批准``).
    """
    entries: list[list[tuple[int, str]]] = []
    for start, s in info:
        if not entries or _ENTRY_START.match(s):
            entries.append([(start, s)])
        else:
            entries[-1].append((start, s))
    events: list[Event] = []
    numbers: list[str] = []
    for pieces in entries:
        joined = "".join(s for _, s in pieces)
        if joined.replace(" ", "") == title:
            continue  # the title repeated over two lines in the header, not an event
        if _DOC_NUMBER_LINE.match(joined):
            numbers.append(joined)
        events.extend(_entry_events(joined, _offset_map(pieces), text, numbers))
    return events, numbers


def _offset_map(pieces: list[tuple[int, str]]):
    """Offset in the joined pieces of one entry -> offset in the text."""
    offsets = []  # (offset in joined, offset in text) of each piece
    at = 0
    for start, s in pieces:
        offsets.append((at, start))
        at += len(s)

    def to_text(j):
        for jo, so in reversed(offsets):
            if j >= jo:
                return so + (j - jo)
        return offsets[0][1]

    return to_text


def _entry_events(joined: str, to_text, text: str, numbers: list[str]) -> list[Event]:
    """The events of one information entry: one dated segment per date, one event per verb of its
    last run (see :func:`_kinds_and_body`); order numbers in a body go to ``numbers``."""
    dates = list(_DATE.finditer(joined))
    cuts = [m.start() for m in dates] or [0]
    if cuts[0] > 0 and not joined[: cuts[0]].strip("(（[ "):
        cuts[0] = 0
    entry_events = []
    for k, cut in enumerate(cuts):
        end = cuts[k + 1] if k + 1 < len(cuts) else len(joined)
        seg = joined[cut:end].rstrip(" 、，,;；")
        dm = dates[k] if dates else None
        kinds, body = _kinds_and_body(seg[(dm.end() - cut) if dm else 0:])
        s0, e0 = to_text(cut), to_text(cut + len(seg) - 1) + 1 if seg else to_text(cut)
        for kind in kinds or [None]:
            ev = Event(kind or "other", iso_date(dm) if dm else None, body, seg, Span(s0, e0, text[s0:e0]))
            entry_events.append((kind, ev))
        if body and _ORDER_NUMBER.search(body):
            numbers.append(_short_doc_number(body))
    # a segment without a verb shares the next one's (会议、2019年…检察委员会会议通过)
    for k in range(len(entry_events) - 2, -1, -1):
        if entry_events[k][0] is None and entry_events[k + 1][1].kind != "other":
            entry_events[k][1].kind = entry_events[k + 1][1].kind
    return [ev for _, ev in entry_events]


def _short_doc_number(body: str) -> str:
    """中华人民共和国国务院令第722号 -> 国务院令第722号 (the short form used in citations)."""
    return body.replace("中华人民共和国", "") or body


def _kinds_and_body(rest: str) -> tuple[list[str], str | None]:
    """The event kinds and the acting body of one dated segment.

    The verbs that decide are the last run of adjacent verbs outside 《》 titles: 公布施行 gives
    promulgated and effective; …会议通过的《决定》修正 gives amended (通过 is part of the body's
    phrase, 废止 inside the decision's title is not a verb of this line).
    """
    v = vocab()
    masked = _BRACKETED.sub(lambda m: "\x00" * len(m.group()), rest)
    verbs = list(v.event_re.finditer(masked))
    if not verbs:
        return [], rest.strip(" \u3000()（）[]【】、，,") or None
    run = [verbs[-1]]
    for m in reversed(verbs[:-1]):
        if masked[m.end():run[0].start()] in _VERB_JOINERS:
            run.insert(0, m)
        else:
            break
    head = rest[: run[0].start()]
    bracket = head.find("《")
    if bracket > 0:  # cut at the decision's title: the body is the meeting
        head = head[:bracket]
    head = _ORDINAL_BEFORE_VERB.sub("", head.rstrip())
    for tail in ("通过的", "通过", "的", "并经"):
        if head.endswith(tail) and len(head) > len(tail):
            head = head[: -len(tail)]
    body = head.strip(" \u3000()（）[]【】、，,") or None
    return [v.event_kind[m.group()] for m in run], body


_VERB_JOINERS = ("", "并", "和", "、", "之日", "之日起")  # 公布施行, 公布之日起施行: one run

_ISSUER_ORDER = ("adopted", "revised", "promulgated", "approved")


def _issuer(events: list[Event]) -> str | None:
    """The adopting body, normalised: 国务院第66次常务会议 -> 国务院."""
    for kind in _ISSUER_ORDER:
        for ev in events:
            if ev.kind == kind and ev.body:
                name = normalise_issuer(ev.body)
                if name:
                    return name
    return None


def normalise_issuer(body: str) -> str:
    """Drop term, session and order numbers from an acting body.

    >>> normalise_issuer("辽宁省第十三届人民代表大会常务委员会第十二次会议")
    '辽宁省人民代表大会常务委员会'
    >>> normalise_issuer("中华人民共和国国务院令第722号")
    '国务院'
    """
    out = body
    for rx in vocab().issuer_strip:
        out = rx.sub("", out)
    return out.strip()


# ------------------------------------------------------------------ comments


def _comments(reg: Regulation, text: str) -> None:
    """complete=False for 不完整/只收录 comments; supersedes from 同时废止 sentences."""
    v = vocab()
    for m in _COMMENT.finditer(text):
        body = m.group(1)
        if any(w in body for w in v.incomplete):
            reg.complete = False
        for sentence in re.split(r"[。；;]", body):
            if not any(w in sentence for w in v.supersede):
                continue
            for tm in _TITLE_IN.finditer(sentence):
                if tm.group(1) == reg.title:
                    dm = _DATE.search(sentence[: tm.start()])
                    if dm and iso_date(dm) and iso_date(dm) not in reg.supersedes:
                        reg.supersedes.append(iso_date(dm))
                elif tm.group(1) not in reg.supersedes:
                    reg.supersedes.append(tm.group(1))


# ------------------------------------------------------------------ structure


class _Node:
    """A part being built: its end grows as lines are added; spans are cut at the end."""

    __slots__ = ("kind", "number", "label", "suffix", "heading", "start", "end", "children", "rank")

    def __init__(self, kind, number, label, start, end, suffix=None, heading=None, rank=9):
        self.kind, self.number, self.label, self.suffix = kind, number, label, suffix
        self.heading, self.start, self.end, self.rank = heading, start, end, rank
        self.children: list[_Node] = []

    def finish(self, text: str) -> Part:
        parts = [c.finish(text) for c in self.children]
        end = max([self.end] + [p.span.end for p in parts])
        body = text[self.start:end]
        return Part(self.kind, self.number, self.label, self.suffix, self.heading, body,
                    Span(self.start, end, body), parts)


def _items(line: str, start: int) -> list[tuple[int, int, str]]:
    """(start, end, label) of the items written in one line, ends cut at the next marker."""
    if "（" not in line and "(" not in line:  # most lines: skip the regex
        return []
    found = list(_ITEM.finditer(line))
    out = []
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(line)
        seg_end = len(line[:end].rstrip())
        out.append((start + m.start(), start + seg_end, m.group()))
    return out


def _structure(lines: list[tuple[int, str]], text: str) -> list[Part]:
    """The tree of parts of the body lines: each line is a comment, a heading, a division, an
    article, or text of the open article (a paragraph, or items of the paragraph before it)."""
    tree = _Tree()
    for start, ln in lines:
        s = ln.strip()
        if not s or tree.comment(s):
            continue
        lead = len(ln) - len(ln.lstrip())
        s_start = start + lead
        hm = _HEADING.match(s)
        if hm:
            tree.heading(s, hm, s_start)
        elif not (s[0] == "第" and (tree.bare_division(s, s_start) or tree.new_article(s, s_start))):
            tree.text(s, s_start)
    return [n.finish(text) for n in tree.top]


class _Tree:
    """The parts being built while :func:`_structure` reads the body line by line."""

    def __init__(self):
        self.top: list[_Node] = []
        self.stack: list[_Node] = []  # open divisions, outermost first
        self.article: _Node | None = None
        self.paragraph: _Node | None = None
        self.in_comment = False

    def attach(self, node: _Node) -> None:
        (self.stack[-1].children if self.stack else self.top).append(node)

    def open_division(self, node: _Node) -> None:
        while self.stack and self.stack[-1].rank >= node.rank:
            self.stack.pop()
        self.attach(node)
        self.stack.append(node)
        self.article = self.paragraph = None

    def comment(self, s: str) -> bool:
        """Skip ``<!-- … -->`` lines, also over several lines."""
        if self.in_comment or s.startswith("<!--"):
            self.in_comment = "-->" not in s
            return True
        return False

    def heading(self, s: str, hm: re.Match, s_start: int) -> None:
        """A '#' heading: a division (第一章 总则), a numbered group (一、一般规定) that groups articles
        like a chapter, or any other heading, which ends the article before it."""
        inner = hm.group(2)
        at = s_start + s.find(inner) if inner else s_start + len(s)
        dm = _DIVISION.match(inner)
        if dm:
            self.division(dm, at, s_start + len(s))
            return
        self.article = self.paragraph = None
        nm = _NUMBERED_HEADING.match(inner)
        if nm:
            self.open_division(_Node("chapter", _num(nm.group(1)), inner[: nm.start(2)].strip(), at,
                                     s_start + len(s), heading=nm.group(2).strip(), rank=2))

    def bare_division(self, s: str, s_start: int) -> bool:
        """A division written without '#' (short, and not a sentence)."""
        dm = _BARE_DIVISION.match(s)
        if dm:
            self.division(dm, s_start, s_start + len(s))
        return bool(dm)

    def division(self, dm: re.Match, at: int, end: int) -> None:
        word = dm.group(2)
        heading = re.sub(_SPACE + "+", "", dm.group(3)) or None  # 总 则 -> 总则
        label = dm.group(0)[: dm.end(2)]
        self.open_division(_Node(_DIVISION_KIND[word], _num(dm.group(1)), label, at, end, heading=heading,
                                 rank=_DIVISION_RANK[word]))

    def new_article(self, s: str, s_start: int) -> bool:
        """第N条 (之M) opens an article; the text after the label is its first paragraph."""
        am = _ARTICLE.match(s)
        if not am:
            return False
        label = s[: am.end()].rstrip(" \t\u3000\u00a0")
        suffix = _num(am.group(2)) if am.group(2) else None
        self.article = _Node("article", _num(am.group(1)), label, s_start, s_start + len(s), suffix=suffix)
        self.attach(self.article)
        self.paragraph = None
        rest = s[am.end():]
        if rest:
            self.paragraph = _new_paragraph(self.article, rest, s_start + am.end(), s_start + len(s))
        return True

    def text(self, s: str, s_start: int) -> None:
        """A line of the open article: a new paragraph (款), or items (项) of the one before it.
        Outside an article (preamble, decisions, case texts) the line stays in source.text only."""
        if self.article is None:
            return
        s_end = s_start + len(s)
        items = _items(s, s_start)
        if items and self.paragraph is not None and items[0][0] == s_start:
            _add_items(self.paragraph, items)  # an item line belongs to the paragraph before it
            self.paragraph.end = s_end
        else:
            self.paragraph = _new_paragraph(self.article, s, s_start, s_end)
        self.article.end = s_end


def _new_paragraph(article: _Node, s: str, start: int, end: int) -> _Node:
    para = _Node("paragraph", len(article.children) + 1, "", start, end)
    article.children.append(para)
    article.end = end
    _add_items(para, _items(s, start))
    return para


def _add_items(para: _Node, items: list[tuple[int, int, str]]) -> None:
    for i0, i1, label in items:
        para.children.append(_Node("item", len(para.children) + 1, label, i0, i1))


# ------------------------------------------------------------------ references


def _references(reg: Regulation) -> list[Reference]:
    """根据《X》 / 依据《X》 in the first three articles: what the regulation is based on."""
    out: list[Reference] = []
    seen = set()
    for art in reg.articles()[:3]:
        for m in _REFERENCE.finditer(art.text):
            for tm in _TITLE_IN.finditer(m.group(1)):
                t = tm.group(1)
                if t in seen or t == reg.title:
                    continue
                seen.add(t)
                s = art.span.start + m.start(1) + tm.start()
                e = art.span.start + m.start(1) + tm.end()
                out.append(Reference(t, "based_on", Span(s, e, reg.source.text[s:e])))
    return out


# ------------------------------------------------------------------ level, category, region


@lru_cache(maxsize=4096)
def _collection_root(folder: Path) -> Path | None:
    """The nearest folder at or above ``folder`` that is a laws collection (named laws or has NOTICE.md)."""
    for d in (folder, *folder.parents):
        if d.name == "laws" or (d / "NOTICE.md").is_file():
            return d
    return None


def classify_path(path: str | Path) -> tuple[str | None, str | None]:
    """``(category, level)`` from the folder a file sits in inside a laws collection.

    Inside a collection (a folder named ``laws`` or holding ``NOTICE.md``) the category is the top
    folder under it, and folders not in the vocabulary are laws. Elsewhere the outermost folder
    named in the vocabulary decides; with none, both are None.

    >>> classify_path("laws/行政法规/优化营商环境条例(2019-10-22).md")
    ('行政法规', 'administrative_regulation')
    >>> classify_path("laws/DLC/山东地方法规/地方性法规/山东/x.md")
    ('地方性法规', 'local_regulation')
    """
    v = vocab()
    p = Path(path).resolve()
    root = _collection_root(p.parent)
    if root is not None and root != p.parent:
        top = p.relative_to(root).parts[0]
        return v.category.get(top, top), v.folder_level.get(top, "law")
    for name in p.parent.parts:
        if name in v.folder_level:
            return v.category.get(name, name), v.folder_level[name]
    return None, None


def region_of(title: str, issuer: str | None = None) -> str | None:
    """The province or city a local regulation belongs to: the title prefix, else the issuer's.

    >>> region_of("辽宁省优化营商环境条例"), region_of("横琴粤澳深度合作区发展促进条例", "广东省人民代表大会常务委员会")
    ('辽宁省', '广东省')
    """
    v = vocab()
    for name in (title, issuer or ""):
        m = v.region_re.match(name)
        if m and not m.group(1).startswith(v.region_stop):
            return m.group(1)
    return None


def level_from_words(title: str, issuer: str | None) -> str | None:
    """The legal level from title and issuer words (``data/law_level_rules.csv``), or None.

    >>> level_from_words("优化营商环境条例", "国务院")
    'administrative_regulation'
    >>> level_from_words("辽宁省优化营商环境条例", "辽宁省人民代表大会常务委员会")
    'local_regulation'
    """
    has_region = region_of(title) is not None
    for irx, trx, need_region, level in vocab().level_rules:
        if irx is not None and not (issuer and irx.search(issuer)):
            continue
        if trx is not None and not trx.search(title):
            continue
        if need_region and not has_region:
            continue
        return level
    return None
