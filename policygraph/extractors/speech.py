"""The title block of a speech (a government work report, a report to a standing committee).

``——2026年1月27日在吉林省第十四届人民代表大会第五次会议上`` (also in brackets, also split over two
lines) gives the delivery date, which stands for the signing date of a speech without a signature,
and the congress it is delivered to (its addressee); ``省长 胡玉亭`` / ``广东省省长 孟凡利`` names the
speaker and the government he heads; ``我代表省政府，向大会报告工作`` names the issuer.

>>> from policygraph.records import DocumentInfo
>>> from policygraph.extractors.places import Place
>>> from policygraph.extractors.structure import paragraphs
>>> text = "政府工作报告\\n（2025年3月24日在市六届人大常委会第十五次会议上）\\n各位代表：\\n现在，我代表市人民政府向大会报告工作。"
>>> info, here = DocumentInfo(), Place(city="重庆市", province="重庆市")
>>> delivery(info, text, paragraphs(text), here)
>>> info.signed_date, info.addressee
('2025-03-24', '重庆市人民代表大会常务委员会')
>>> speaks_for(info, text, here); info.issuer
'重庆市人民政府'
"""

from __future__ import annotations

import re

from ..records import Mention, Person, Span
from .dates import parse_date
from .units import canonical_unit
from .wordlists import load_rows, words

_DATE = r"(?P<date>(?:\d{4}|[〇零○一二三四五六七八九]{4})\s*年\s*\S{1,3}?月\s*\S{1,3}?日)"
_DELIVERY = re.compile(rf"^(?:[—－-]{{1,2}}|[（(])\s*{_DATE}\s*在(?P<body>.+?)上(?:的(?:讲话|报告|发言))?\s*[）)]?$", re.S)
# terms of office and sessions are not part of a body's name
_SESSION = re.compile(r"第?[一二三四五六七八九十百\d]+届|第[一二三四五六七八九十百\d]+次(?:全体|常务|主任)?会议$|[一二三四五六七八九十]+次会议$")


def _resolve(name: str, place) -> str:
    """Canonical name of a body named in the frame; terms and sessions stripped (第十四届…第五次会议)."""
    u = canonical_unit(name, city=place.city, province=place.province, district=place.district)
    if u is not None:
        return u.name
    bare = _SESSION.sub("", name)
    u = canonical_unit(bare, city=place.city, province=place.province, district=place.district) \
        if bare != name else None
    return u.name if u is not None else bare


def delivery(info, text: str, head, place) -> None:
    """Fill the delivery date (as ``signed_date`` when there is no signature) and the congress the
    speech is delivered to (as ``addressee`` when the salutation named none)."""
    for k, p in enumerate(head):
        if not p.text.startswith(("—", "－", "-", "（", "(")):
            continue
        joined_end = head[k + 1].end if k + 1 < len(head) and not p.text.rstrip("）)").endswith("上") else p.end
        m = _DELIVERY.match(text[p.start:joined_end]) or _DELIVERY.match(p.text)
        if not m:
            continue
        if info.signed_date is None:
            info.signed_date = parse_date(m.group("date"))
        if info.addressee is None:
            a, b = p.start + m.start("body"), p.start + m.end("body")
            info.addressee = _resolve(re.sub(r"\s", "", text[a:b]), place)
            info.addressee_span = Span(a, b, text[a:b])
        return


def title_block_persons(head, place) -> list[Person]:
    """A speaker under the title: 省长 胡玉亭, 广东省省长 孟凡利, 县长 王 丽 (the head of that
    government), 官渡区人民政府副区长 吴小军."""
    rows = load_rows("report_words.csv")
    surnames = "".join(r["word"] for r in rows if r["kind"] == "surname")
    bodies = {r["word"]: r["value"] for r in rows if r["kind"] == "role_body"}
    roles = "|".join(map(re.escape, sorted(bodies, key=len, reverse=True)))
    out = []
    for p in head:
        m = re.fullmatch(rf"(?P<place>[\u4e00-\u9fff]{{0,16}}?)(?P<deputy>副)?(?P<role>{roles})(?:[（(][^）)]{{1,8}}[）)])?"
                         rf"\s+(?P<name>[{surnames}]\s?[\u4e00-\u9fff](?:\s?[\u4e00-\u9fff])?)", p.text)
        if not m:
            continue
        where = m["place"]
        body = where if where.endswith(("政府", "委员会")) else (where or m["role"][0]) + bodies[m["role"]]
        name = re.sub(r"\s", "", m["name"])
        a = p.start + m.start("name")
        role = (m["deputy"] or "") + m["role"]
        out.append(Person(name, role, _resolve(body, place), [Mention(m["name"], a, a + len(m["name"]))]))
    return out


def speaks_for(info, text: str, place) -> None:
    """The issuer of a speech: 我代表省政府，向大会报告工作 -> the province's government; else the
    government its speaker heads."""
    if info.issuer:
        return
    start = info.title_span.end if info.title_span else 0
    for w in words("report_words.csv", "kind", "speaks_for"):
        if w != "我代表":
            continue
        m = re.search(rf"{w}(?P<body>[\u4e00-\u9fff]{{2,14}}?)(?=[，,、]|向)", text[start:start + 1500])
        if m:
            info.issuer = _resolve(m["body"], place)
            return
    heads = [p for p in info.persons if p.unit and p.role in
             {r["word"] for r in load_rows("report_words.csv") if r["kind"] == "role_body"}]
    if heads:
        info.issuer = heads[0].unit
