"""Metadata of the report itself: title, kind, addressee, signature, publisher, persons.

Reports share a frame whatever the city: an optional page header (breadcrumbs, title, a
``来源:… 编辑:… 2021年09月27日`` line), the title (关于…的报告), a salutation line ending with a colon
(市人大常委会：), the body, a closing formula (特此报告。), then the issuer and the signing date.
The words of that frame live in ``data/report_words.csv``.

>>> info = find_document_info("关于全市营商环境工作情况的报告\\n市人大常委会：\\n  正文。\\n特此报告。\\n沈阳市人民政府\\n2022年3月1日")
>>> info.title, info.kind, info.issuer, info.signed_date
('关于全市营商环境工作情况的报告', 'report', '沈阳市人民政府', '2022-03-01')
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..records import DocumentInfo, Mention, Person, Span, Unit
from .dates import parse_date
from .structure import paragraphs
from .wordlists import load_rows, words

try:  # written in parallel by a colleague; without it the surface form is kept
    from .units import canonical_unit
except ImportError:  # pragma: no cover - depends on the checkout
    canonical_unit = None

_ORG_END = "局委办厅院部会府室心组署处所队站"


@lru_cache(maxsize=1)
def _vocab():
    kinds = {r["word"]: r["value"] for r in load_rows("report_words.csv") if r["kind"] == "title_kind"}
    surnames = "".join(r["word"] for r in load_rows("report_words.csv") if r["kind"] == "surname")
    roles = words("report_words.csv", "kind", "role")
    role_alt = "|".join(map(re.escape, roles))
    after = re.compile(rf"(?<=[{_ORG_END}])(?P<name>[{surnames}][\u4e00-\u9fff]{{1,2}}?)(?P<role>{role_alt})")
    before = re.compile(rf"(?P<role>{role_alt})(?P<name>[{surnames}][\u4e00-\u9fff]{{1,2}})(?=同志|[受在作同等、，,。（(：:\s])")
    return kinds, after, before


def _kind_of(title: str) -> str | None:
    kinds, _, _ = _vocab()
    for w in sorted(kinds, key=len, reverse=True):
        if title.endswith(w):
            return kinds[w]
    return None


def resolve_unit(name: str, *, city: str | None = None, province: str | None = None) -> str:
    """Canonical unit name via the units module, else the surface form with 市 -> city (市政府 -> 大连市政府)."""
    if canonical_unit is not None:
        try:
            u = canonical_unit(name, city=city, province=province)
        except Exception:  # a colleague's resolver failing must not lose the document info
            u = None
        if u is not None:
            return u.name
    if city and name.startswith("市") and not name.startswith(city):
        return city + name[1:]
    return name


def find_document_info(text: str, *, units: list[Unit] | None = None, city: str | None = None,
                       province: str | None = None) -> DocumentInfo:
    """The :class:`DocumentInfo` of ``text``; fields stay None when the frame lacks them."""
    info = DocumentInfo()
    paras = paragraphs(text)
    if not paras:
        return info
    head = paras[:10]
    _title(info, head)
    _publisher(info, head)
    _addressee(info, paras, city, province)
    _signature(info, paras)
    if info.signature_span:
        sp = info.signature_span
        sp.text = text[sp.start:sp.end]
    _delivery(info, text, head, city, province)
    persons = _title_block_persons(head, city, province)
    info.persons = persons + [p for p in find_persons(text, units or [], city=city, province=province)
                              if p.name not in {x.name for x in persons}]
    _speaks_for(info, text, city, province)
    info.responds_to = _responds_to(text, info)
    return info


def _title(info, head) -> None:
    cands = [p for p in head if "。" not in p.text and ">" not in p.text and 6 <= len(p.text) <= 160
             and _kind_of(p.text) and not re.search(r"[:：]\s*\S", p.text)]
    cands.sort(key=lambda p: (not p.text.startswith("关于"), p.start))
    if cands:
        p = cands[0]
        info.title, info.kind = p.text, _kind_of(p.text) or "report"
        info.title_span = Span(p.start, p.end, p.text)


def _publisher(info, head) -> None:
    """来源：吉林日报 / 时间：2026-02-01 lines of a published page (one line or two)."""
    labels = words("report_words.csv", "kind", "source_label")
    for p in head:
        m = re.search(rf"(?:{'|'.join(labels)})\s*[:：]\s*([^\s:：]+)", p.text)
        if m:
            info.publisher = m.group(1)
            info.published_date = parse_date(p.text)
            break
    if info.published_date:
        return
    date_labels = "|".join(words("report_words.csv", "kind", "date_label"))
    for p in head:  # a date label line of its own
        if re.search(rf"(?:{date_labels})\s*[:：]", p.text) and parse_date(p.text):
            info.published_date = parse_date(p.text)
            return


def _addressee(info, paras, city, province) -> None:
    after = info.title_span.end if info.title_span else -1
    for p in paras[:14]:
        if p.start <= after:
            continue
        if re.fullmatch(r"[^\s。，,；;：:]{2,40}[:：]", p.text):
            name = p.text[:-1]
            if name in words("report_words.csv", "kind", "salutation"):
                return  # 各位代表：an audience; the congress of a speech comes from its title block
            info.addressee = resolve_unit(name, city=city, province=province)
            info.addressee_span = Span(p.start, p.start + len(name), name)
            return
        if len(p.text) > 40:
            return  # the body has started


def _signature(info, paras) -> None:
    tail = paras[-4:]
    for k in range(len(tail) - 1, -1, -1):
        p = tail[k]
        iso = parse_date(p.text)
        if not iso:
            continue
        m = re.search(r"(\d{4}|[〇零○一二三四五六七八九]{4})\s*年", p.text)
        date_at = m.start() if m else 0
        issuer_text = p.text[:date_at].strip()
        start = p.start
        if not issuer_text and k > 0 and len(tail[k - 1].text) <= 40 and not re.search(r"[。，,；;：:]", tail[k - 1].text):
            issuer_text, start = tail[k - 1].text, tail[k - 1].start
        info.signed_date = iso
        info.issuer = issuer_text or None
        info.signature_span = Span(start, p.end, "")  # text filled in by find_document_info
        return


def find_persons(text: str, units: list[Unit], *, city=None, province=None) -> list[Person]:
    """Named people with a role: 市营商局贾立庚局长, 局长贾立庚同志 (name must start with a surname)."""
    _, after, before = _vocab()
    ends = {m.end: u.name for u in units for m in u.mentions}
    found: dict[str, Person] = {}
    for rx in (after, before):
        for m in rx.finditer(text):
            name, role = m["name"], m["role"]
            if name[-1] in _ORG_END or any(name.endswith(r) for r in ("副", "常务")):
                continue
            unit = ends.get(m.start("name")) if rx is after else ends.get(m.start("role"))
            if unit is None:
                at = m.start("name") if rx is after else m.start("role")
                um = re.search(rf"([\u4e00-\u9fff]{{2,12}}[{_ORG_END}])$", text[max(0, at - 14):at])
                if um:
                    surface = re.split(r"[的了和与及在受由对向将把、]", um.group(1))[-1]
                    unit = resolve_unit(surface, city=city, province=province) if len(surface) >= 2 else None
            p = found.setdefault(name, Person(name, role, unit))
            p.mentions.append(Mention(name, m.start("name"), m.end("name")))
    return list(found.values())


def _responds_to(text: str, info: DocumentInfo) -> str | None:
    """The first body sentence that says what session or report this report answers."""
    start = info.addressee_span.end if info.addressee_span else (info.title_span.end if info.title_span else 0)
    keys = words("report_words.csv", "kind", "responds")
    for m in re.finditer(r"[^。\n]+。", text[start:start + 2000]):
        s = m.group(0).strip()
        if any(k in s for k in keys) and re.search(r"《|会议|常委会", s):
            return s
    return None


_DELIVERY = re.compile(r"^[—－-]{1,2}\s*(?P<date>(?:\d{4}|[〇零○一二三四五六七八九]{4})\s*年\s*\S{1,3}?月\s*\S{1,3}?日)"
                       r"\s*在(?P<body>.+?)上(?:的(?:讲话|报告|发言))?$", re.S)


def _delivery(info, text: str, head, city, province) -> None:
    """——2026年1月27日在吉林省第十四届人民代表大会第五次会议上 (also split over two lines): the
    delivery date is the date of a speech without a signature, and the congress it is delivered to
    is its addressee."""
    for k, p in enumerate(head):
        if not p.text.startswith(("—", "－", "-")):
            continue
        end = head[k + 1].end if k + 1 < len(head) and not p.text.endswith("上") else p.end
        m = _DELIVERY.match(text[p.start:end])
        if not m:
            continue
        if info.signed_date is None:
            info.signed_date = parse_date(m.group("date"))
        if info.addressee is None:
            a, b = p.start + m.start("body"), p.start + m.end("body")
            body = re.sub(r"\s", "", text[a:b])
            info.addressee = resolve_unit(body, city=city, province=province)
            info.addressee_span = Span(a, b, text[a:b])
        return


def _title_block_persons(head, city, province) -> list[Person]:
    """A speaker under the title: 省长 胡玉亭, 广东省省长 孟凡利 (the head of that government)."""
    _, _, _ = _vocab()
    surnames = "".join(r["word"] for r in load_rows("report_words.csv") if r["kind"] == "surname")
    bodies = {r["word"]: r["value"] for r in load_rows("report_words.csv") if r["kind"] == "role_body"}
    roles = "|".join(map(re.escape, sorted(bodies, key=len, reverse=True)))
    out = []
    for p in head:
        m = re.fullmatch(rf"(?P<place>[\u4e00-\u9fff]{{0,12}}?)(?P<role>{roles})\s+(?P<name>[{surnames}][\u4e00-\u9fff]{{1,2}})",
                         p.text)
        if m:
            unit = resolve_unit((m["place"] or m["role"][0]) + bodies[m["role"]], city=city, province=province)
            a = p.start + m.start("name")
            out.append(Person(m["name"], m["role"], unit, [Mention(m["name"], a, a + len(m["name"]))]))
    return out


def _speaks_for(info, text: str, city, province) -> None:
    """The issuer of a speech: 我代表省政府，向大会报告工作 -> the province's government; else the
    government its speaker heads."""
    if info.issuer:
        return
    start = info.title_span.end if info.title_span else 0
    for w in words("report_words.csv", "kind", "speaks_for"):
        m = re.search(rf"{w}(?P<body>[\u4e00-\u9fff]{{2,14}}?)[，,、]", text[start:start + 1500])
        if m and w == "我代表":
            info.issuer = resolve_unit(m["body"], city=city, province=province)
            return
    heads = [p for p in info.persons if p.unit and p.role in
             {r["word"] for r in load_rows("report_words.csv") if r["kind"] == "role_body"}]
    if heads:
        info.issuer = heads[0].unit
