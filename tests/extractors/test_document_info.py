"""Metadata of the text itself: speeches (work reports) and reports with a signature."""

from shared_texts import DALIAN, GUANGDONG_EXCERPT, JILIN_EXCERPT, needs_shared

from policygraph.extractors.document_info import find_document_info
from policygraph.loaders.report import extract_report


@needs_shared
def test_speech_title_block_gives_delivery_date_congress_speaker_and_issuer():
    d = extract_report(JILIN_EXCERPT).document
    assert (d.title, d.genre) == ("2026年吉林省政府工作报告", "government work report")
    assert (d.signed_date, d.published_date, d.publisher) == ("2026-01-27", "2026-02-01", "吉林日报")
    assert d.addressee == "吉林省人民代表大会" and d.issuer == "吉林省人民政府"
    assert [(p.name, p.role, p.unit) for p in d.persons][:1] == [("胡玉亭", "省长", "吉林省人民政府")]


@needs_shared
def test_delivery_line_split_over_two_lines():
    rep = extract_report(GUANGDONG_EXCERPT)
    d = rep.document
    assert d.signed_date == "2026-01-26" and d.addressee == "广东省人民代表大会"
    assert d.addressee_span.text == "广东省第十四届\n人民代表大会第五次会议"
    assert rep.source.text[d.addressee_span.start:d.addressee_span.end] == d.addressee_span.text
    assert d.persons[0].unit == "广东省人民政府"


@needs_shared
def test_report_with_page_header_and_signature():
    d = extract_report(DALIAN).document
    assert (d.signed_date, d.published_date, d.publisher, d.issuer) == ("2021-09-18", "2021-09-27", "大连人大", "大连市人民政府")
    assert d.addressee == "大连市人民代表大会常务委员会" and d.persons[0].name == "贾立庚"


def test_synthetic_info_without_frame():
    info = find_document_info("只是一段文字。")
    assert info.title is None and info.signed_date is None
