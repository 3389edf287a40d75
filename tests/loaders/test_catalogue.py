"""read_catalogue: the shipped catalogue and bad rows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policygraph.errors import InputError
from policygraph.loaders.catalogue import DEFAULT_CATALOGUE, check_date, read_catalogue

REGS = Path(__file__).resolve().parents[2] / "policygraph" / "data" / "regulations"
HEADER = "title,version_date,level,adopted,amended,in_force,text_file,based_on,supersedes\n"


@pytest.fixture(scope="module")
def shipped():
    return {(r.title, r.version_date): r for r in read_catalogue(DEFAULT_CATALOGUE)}


def test_state_council_entry(shipped):
    r = shipped[("优化营商环境条例", "2019-10-22")]
    assert r.short_title == "优化营商环境条例" and r.doc_number == "国务院令第722号"
    assert r.in_force is True and r.level == "administrative_regulation"
    assert len(r.articles()) == 72 and r.complete
    events = {(e.kind, e.date) for e in r.events}
    assert {("adopted", "2019-10-08"), ("promulgated", "2019-10-22"), ("effective", "2020-01-01")} <= events
    # events from the text keep their spans; none is duplicated by the catalogue
    assert len(r.events) == 3 and all(e.span for e in r.events)


def test_liaoning_versions(shipped):
    new = shipped[("辽宁省优化营商环境条例", "2019-07-30")]
    old = shipped[("辽宁省优化营商环境条例", "2016-12-07")]
    assert new.in_force is True and old.in_force is False
    assert new.supersedes == ["2016-12-07"] and new.references == []
    assert ("amended", "2023-07") in [(e.kind, e.date) for e in new.events]
    assert new.complete is False and len(new.articles()) == 5
    assert ("repealed", "2019-10-01") in [(e.kind, e.date) for e in old.events]
    assert new.issuer == old.issuer == "辽宁省人民代表大会常务委员会"
    assert new.region == "辽宁省"


def test_entries_without_text(shipped):
    fil = shipped[("中华人民共和国外商投资法实施条例", "2019-12-26")]
    assert fil.has_articles is False and fil.complete is False and fil.parts == []
    assert [ref.title for ref in fil.references] == ["中华人民共和国外商投资法"]
    assert fil.short_title == "外商投资法实施条例"
    sme = shipped[("中华人民共和国中小企业促进法", "2017-09-01")]
    assert ("effective", "2018-01-01") in [(e.kind, e.date) for e in sme.events]


def test_text_file_relative_to_csv(tmp_path):
    shutil.copy(REGS / "优化营商环境条例(2019-10-22).md", tmp_path / "sc.md")
    f = tmp_path / "cat.csv"
    f.write_text(HEADER + "优化营商环境条例,,,,2021-05,yes,sc.md,,\n"
                 "某法,2020-01-01,law,2020-01-01,2021;2022-03-04,,,甲法;乙法,2010-01-01\n", encoding="utf-8")
    sc, law = read_catalogue(f)
    assert sc.version_date == "2019-10-22" and len(sc.articles()) == 72  # from the text
    assert ("amended", "2021-05") in [(e.kind, e.date) for e in sc.events]
    assert [e.date for e in law.events if e.kind == "amended"] == ["2021", "2022-03-04"]
    assert [ref.title for ref in law.references] == ["甲法", "乙法"] and law.supersedes == ["2010-01-01"]
    assert law.in_force is None and law.has_articles is False


@pytest.mark.parametrize("row, words", [
    (",2020-01-01,law,,,,,,", "title is empty"),
    ("某法,2020-13-01,law,,,,,,", "version_date"),
    ("某法,,law,2020/01/01,,,,,", "adopted"),
    ("某法,,statute,,,,,,", "level"),
    ("某法,,law,,,maybe,,,", "in_force"),
    ("某法,,law,,,,missing.md,,", "not found"),
    ("某法,,law,,,,,,,extra", "cells"),
])
def test_bad_rows_name_file_and_line(tmp_path, row, words):
    f = tmp_path / "cat.csv"
    f.write_text(HEADER + "# a comment line\n" + row + "\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_catalogue(f)
    msg = str(exc.value)
    assert str(f) in msg and "line 3" in msg and words in msg


def test_bad_text_file_and_header(tmp_path):
    (tmp_path / "bad.md").write_text("没有标题\n", encoding="utf-8")
    f = tmp_path / "cat.csv"
    f.write_text("title,text_file\n某法,bad.md\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 2: text_file 'bad.md'.*Title"):
        read_catalogue(f)
    f.write_text("titel,text_file\n某法,\n", encoding="utf-8")
    with pytest.raises(InputError, match="no 'title' column"):
        read_catalogue(f)
    f.write_text("title,colour\n某法,red\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown column"):
        read_catalogue(f)
    f.write_text("title,version_date\n某法,2020\n某法,2020\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 3: .*already listed on line 2"):
        read_catalogue(f)


def test_check_date():
    assert check_date("2019") == "2019"
    with pytest.raises(ValueError):
        check_date("2019-02-30")
