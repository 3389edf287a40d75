"""Metadata of the text itself: title, kind, addressee, signature, publisher, persons.

Official texts share a frame whatever the place: an optional page header (breadcrumbs, a
``来源:… 发布日期:…`` line), the title (关于…的报告, possibly over two lines), an author line, a
salutation ending with a colon (市人大常委会：, 主任、各位副主任、各位委员：, 陆锦良代表：), the body, a
closing formula (特此报告。), then the issuer and the signing date (at the end, or right after the
cover text of a notice that issues a document). Speeches add a delivery line (——2026年1月27日在…
会议上) and the speaker (省长 胡玉亭); see :mod:`policygraph.extractors.speech`. The words of the
frame live in ``data/report_words.csv``.

>>> info = find_document_info("关于全市营商环境工作情况的报告\\n市人大常委会：\\n  正文。\\n特此报告。\\n沈阳市人民政府\\n2022年3月1日")
>>> info.title, info.kind, info.issuer, info.signed_date
('关于全市营商环境工作情况的报告', 'report', '沈阳市人民政府', '2022-03-01')
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..records import DocumentInfo, Mention, Person, Span, Unit
from .dates import parse_date
from .places import Place
from .speech import delivery, speaks_for, title_block_persons
from .structure import paragraphs
from .units import canonical_unit
from .wordlists import load_rows, words

_ORG_END = "局委办厅院部会府室心组署处所队站"


_PUNCT = re.compile(r"[。，,；;：:！？!?]")


def _resolve_in(place: Place, name: str) -> str:
    return resolve_unit(name, city=place.city, province=place.province, district=place.district)


def _own_prefix(place: Place) -> str:
    """The relative prefix of the text's own level: 区 for a district's text, 市, 省 …"""
    if place.district:
        return place.district[-1]
    return "市" if place.city else ("省" if place.province else "")


@lru_cache(maxsize=1)
def _vocab():
    kinds = {r["word"]: r["value"] for r in load_rows("report_words.csv") if r["kind"] == "title_kind"}
    surnames = "".join(r["word"] for r in load_rows("report_words.csv") if r["kind"] == "surname")
    roles = words("report_words.csv", "kind", "role")
    role_alt = "|".join(map(re.escape, roles))
    after = re.compile(rf"(?<=[{_ORG_END}])(?P<name>[{surnames}][\u4e00-\u9fff]{{1,2}}?)(?P<role>{role_alt})")
    before = re.compile(rf"(?P<role>{role_alt})(?P<name>[{surnames}][\u4e00-\u9fff]{{1,2}})(?=同志|[受在作同等、，,。（(：:\s])")
    return kinds, after, before, surnames


def _kind_of(title: str) -> str | None:
    kinds = _vocab()[0]
    for w in sorted(kinds, key=len, reverse=True):
        if title.endswith(w):
            return kinds[w]
    return None


def resolve_unit(name: str, *, city: str | None = None, province: str | None = None,
                 district: str | None = None) -> str:
    """Canonical unit name via the units gazetteer, else the surface form with 市 -> city."""
    u = canonical_unit(name, city=city, province=province, district=district)
    if u is not None:
        return u.name
    if city and name.startswith("市") and not name.startswith(city):
        return city + name[1:]
    return name


def find_document_info(text: str, *, units: list[Unit] | None = None, city: str | None = None,
                       province: str | None = None, district: str | None = None) -> DocumentInfo:
    """The :class:`DocumentInfo` of ``text``; fields stay None when the frame lacks them.
    ``city``/``province``/``district``: the text's own place (what 市, 省, 区 mean)."""
    place = Place(province=province, city=city, district=district)
    info = DocumentInfo()
    paras = paragraphs(text)
    if not paras:
        return info
    head = paras[:12]
    _title(info, text, head)
    _publisher(info, head, place)
    _addressee(info, paras, place)
    _signature(info, paras)
    if info.signature_span:
        sp = info.signature_span
        sp.text = text[sp.start:sp.end]
    delivery(info, text, head, place)
    persons = title_block_persons(head, place)
    info.persons = persons + [p for p in find_persons(text, units or [], city=city, province=province)
                              if p.name not in {x.name for x in persons}]
    speaks_for(info, text, place)
    _author_line(info, head, place)
    info.responds_to = _responds_to(text, info)
    return info


def _title(info, text: str, head) -> None:
    """The title: a line ending with a kind word (报告, 方案 …), joined with the line above it when
    the title is printed over two lines (…关于2022年工作情况 / 及2023年工作计划的报告)."""
    def ok(s: str) -> bool:
        return "。" not in s and ">" not in s and 6 <= len(s) <= 160 and bool(_kind_of(s)) \
            and not re.search(r"[:：]\s*\S", s)

    cands = []
    for k, p in enumerate(head):
        prev = head[k - 1] if k else None
        if prev and not _kind_of(prev.text) and not _PUNCT.search(prev.text) and ok(prev.text + p.text) \
                and len(prev.text) >= 8 and not prev.text.startswith(("—", "-", "（", "(")) \
                and p.text[:8] not in prev.text:  # a page title (… - 重庆人大网) above the same title
            cands.append((prev.start, p.end, prev.text + p.text))
        elif ok(p.text):
            cands.append((p.start, p.end, p.text))
    cands.sort(key=lambda c: (not c[2].startswith("关于") and "关于" not in c[2][:20], c[0]))
    if cands:
        a, b, title = cands[0]
        info.title, info.kind = re.sub(r"\s", "", title), _kind_of(title) or "report"
        info.title_span = Span(a, b, text[a:b])
    elif _subtitled(info, text, head):
        pass
    elif head and _headline(head[0].text):
        # no kind word (news): the first line is the headline, without its outlet (湖南日报︱新晃:…)
        p = head[0]
        cut = max(p.text.rfind(c) for c in "︱丨|") + 1
        info.title = p.text[cut:].strip()
        info.title_span = Span(p.start + cut, p.end, text[p.start + cut:p.end])


def _subtitled(info, text: str, head) -> bool:
    """A headline over one or two lines and a subtitle line starting with —— (…——常德市深化改革典型经验);
    a subtitle that is a delivery line (——2026年1月27日在…会议上) is not part of the title."""
    for k, p in enumerate(head):
        if k == 0 or not p.text.startswith("——") or re.match(r"——\s*\d{4}\s*年", p.text):
            continue
        top = k
        while top > 0 and k - top < 2 and _headline(head[top - 1].text) and not _PUNCT.search(head[top - 1].text):
            top -= 1
        if top == k:
            continue
        info.title = "".join(x.text for x in head[top:k + 1])
        info.title_span = Span(head[top].start, p.end, text[head[top].start:p.end])
        return True
    return False


def _headline(s: str) -> bool:
    labels = words("report_words.csv", "kind", "source_label") + words("report_words.csv", "kind", "date_label")
    return 4 <= len(s) <= 60 and "。" not in s and not any(s.startswith(w) for w in labels) \
        and not s.endswith(("：", ":")) and s not in words("report_words.csv", "kind", "furniture")


def _publisher(info, head, place) -> None:
    """来源：吉林日报 / 发布日期：2026-02-01 lines of a published page (one line or two)."""
    labels = words("report_words.csv", "kind", "source_label")
    date_labels = words("report_words.csv", "kind", "date_label")
    for p in head:
        m = re.search(rf"(?:{'|'.join(labels)})\s*[:：]\s*([^\s:：]+)", p.text)
        if m and not any(m.group(1).startswith(w) for w in date_labels + labels):
            name = m.group(1)
            # 来源：市经信局 is the city's bureau; a publisher named in full (吉林日报) stays as written
            info.publisher = _resolve_in(place, name) if name[0] in "市省区县州" else name
            info.published_date = info.published_date or parse_date(p.text)
            break
    if info.published_date:
        return
    for p in head:  # a date label line of its own
        if re.search(rf"(?:{'|'.join(date_labels)})\s*[:：]", p.text) and parse_date(p.text):
            info.published_date = parse_date(p.text)
            return


def _addressee(info, paras, place) -> None:
    """The salutation line after the title: a body (市人大常委会：), the members of a body (主任、各位
    副主任、各位委员： -> its standing committee), a deputy (陆锦良代表：), or the bodies a notice is
    sent to (各县(区)人民政府,市直各有关单位：). A speech's audience (各位代表：) is no addressee."""
    after = info.title_span.end if info.title_span else -1
    for p in paras[:14]:
        if p.start <= after and info.title_span and p.start >= info.title_span.start:
            continue
        if not re.fullmatch(r"[^\s。；;：:]{2,80}[:：]", p.text) or any(w in p.text for w in words("report_words.csv", "kind", "transition")):
            if len(p.text) > 80 and p.start > after:
                return  # the body has started
            continue
        name = p.text[:-1]
        if name in words("report_words.csv", "kind", "furniture"):
            continue  # 分享： is a button of the web page
        if name in words("report_words.csv", "kind", "salutation"):
            return  # 各位代表：an audience; the congress of a speech comes from its delivery line
        info.addressee = _salutation_body(name, place) or _addressee_name(name, place)
        info.addressee_span = Span(p.start, p.start + len(name), name)
        return


def _salutation_body(name: str, place) -> str | None:
    """主任、各位副主任、各位委员 -> the standing committee of the text's own place."""
    for r in load_rows("report_words.csv"):
        if r["kind"] == "salutation_body" and re.search(r["word"], name):
            own = _own_prefix(place)
            return _resolve_in(place, own + r["value"]) if own else r["value"]
    return None


def _addressee_name(name: str, place) -> str:
    surnames = _vocab()[3]
    m = re.fullmatch(rf"(?:尊敬的)?([{surnames}][\u4e00-\u9fff]{{1,2}})(?:代表|委员|同志)", name)
    if m:
        return m.group(1)  # a deputy or a member: the person
    if re.search(r"[，,、]", name):
        return name  # a list of bodies, as written
    return _resolve_in(place, name)


_DATE_ONLY = re.compile(r"^(?:\d{4}|[〇零○一二三四五六七八九]{4})\s*年\s*\S{1,3}\s*月\s*\S{1,3}\s*日$")


def _signature(info, paras) -> None:
    """Issuer and signing date: the last lines (issuer over a date), or the signature of a cover
    notice right after its cover text (河池市人民政府办公室 / 2024年6月12日 / 《…工作要点》)."""
    spots = list(range(len(paras) - 1, max(len(paras) - 5, -1), -1)) + list(range(min(10, len(paras))))
    for k in spots:
        p = paras[k]
        iso = parse_date(p.text)
        if not iso:
            continue
        m = re.search(r"(\d{4}|[〇零○一二三四五六七八九]{4})\s*年", p.text)
        issuer_text = p.text[:m.start() if m else 0].strip()
        start = p.start
        if not issuer_text and k > 0 and _signer_line(paras[k - 1].text):
            issuer_text, start = paras[k - 1].text, paras[k - 1].start
        early = k < len(paras) - 5
        if early and not (issuer_text and _DATE_ONLY.match(p.text)):
            continue  # near the top only a signer over a bare date line is a signature
        if issuer_text and not _signer_line(issuer_text):
            continue
        if not issuer_text and not _DATE_ONLY.match(p.text):
            continue  # 来源:… 时间:2023-02-14 is a page header, not a signature
        info.signed_date = iso
        info.issuer = issuer_text or None
        info.signature_span = Span(start, p.end, "")  # text filled in by find_document_info
        return


def _signer_line(s: str) -> bool:
    return 2 <= len(s) <= 40 and not _PUNCT.search(s) and s[-1] in _ORG_END + "府"


def _author_line(info, head, place) -> None:
    """The author of an unsigned text: the body its title starts with (重庆市人民政府关于…的报告), or
    a line naming a body right under the title (市人大常委会执法检查组)."""
    if info.issuer or not info.title_span:
        return
    m = re.match(rf"^([\u4e00-\u9fff]{{2,30}}?[{_ORG_END}府])关于", info.title or "")
    if m and _signer_line(m.group(1)):
        info.issuer = _resolve_in(place, m.group(1))
        return
    for p in head:
        if p.start > info.title_span.end and _signer_line(p.text) and not p.text.endswith(("：", ":")):
            if info.publisher is None or p.start < info.title_span.end + 200:
                info.issuer = _resolve_in(place, p.text)
                return
        if p.start > info.title_span.end and len(p.text) > 40:
            return


def find_persons(text: str, units: list[Unit], *, city=None, province=None) -> list[Person]:
    """Named people with a role: 市营商局贾立庚局长, 局长贾立庚同志 (name must start with a surname)."""
    _, after, before, _ = _vocab()
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
