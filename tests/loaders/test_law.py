"""read_regulation on the shipped regulations and on small synthetic files."""

from __future__ import annotations

from pathlib import Path

import pytest

from policygraph.errors import InputError
from policygraph.loaders.law import classify_path, parse_cn_number, read_regulation, region_of

DATA = Path(__file__).resolve().parents[2] / "policygraph" / "data" / "regulations"
SC = DATA / "优化营商环境条例(2019-10-22).md"
LN2019 = DATA / "辽宁省优化营商环境条例(2019-07-30).md"
LN2016 = DATA / "辽宁省优化营商环境条例(2016-12-07).md"


def walk(parts):
    for p in parts:
        yield p
        yield from walk(p.parts)


@pytest.fixture(scope="module")
def sc():
    return read_regulation(SC)


def test_numerals():
    assert parse_cn_number("七十二") == 72
    assert parse_cn_number("十") == 10
    assert parse_cn_number("一百零二") == 102
    assert parse_cn_number("一千二百六十") == 1260
    assert parse_cn_number("两百") == 200
    assert parse_cn_number("一九九四") == 1994
    assert parse_cn_number("二〇一九") == 2019
    assert parse_cn_number("12") == 12
    with pytest.raises(ValueError):
        parse_cn_number("总则")


def test_state_council_structure(sc):
    assert sc.title == "优化营商环境条例"
    chapters = [p for p in sc.parts if p.kind == "chapter"]
    assert len(chapters) == 7 and len(sc.parts) == 7
    assert [c.number for c in chapters] == list(range(1, 8))
    assert chapters[0].heading == "总则" and chapters[6].heading == "附则"
    arts = sc.articles()
    assert len(arts) == 72
    assert [a.number for a in arts] == list(range(1, 73))
    last = arts[-1]
    assert (last.number, last.label, last.suffix) == (72, "第七十二条", None)
    assert last.text == "第七十二条 本条例自2020年1月1日起施行。"
    assert sc.has_articles and sc.complete


def test_paragraphs_and_items(sc):
    art7 = sc.articles()[6]
    assert [p.kind for p in art7.parts] == ["paragraph"] * 3
    assert art7.parts[0].text.startswith("各级人民政府应当加强")
    art69 = sc.articles()[68]
    assert len(art69.parts) == 1  # the item list belongs to the one paragraph
    items = art69.parts[0].parts
    assert len(items) == 11
    assert [i.number for i in items] == list(range(1, 12))
    assert items[0].label == "(一)" and items[0].text == "(一)违法干预应当由市场主体自主决策的事项；"
    assert items[-1].label == "(十一)"


def test_spans_equal_text(sc):
    text = sc.source.text
    n = 0
    for p in walk(sc.parts):
        assert p.span is not None
        assert text[p.span.start:p.span.end] == p.span.text == p.text
        n += 1
    assert n > 72 + 7
    for e in sc.events:
        assert text[e.span.start:e.span.end] == e.span.text == e.text


def test_events_issuer_level(sc):
    kinds = [(e.kind, e.date, e.body) for e in sc.events]
    assert kinds == [
        ("adopted", "2019-10-08", "国务院第66次常务会议"),
        ("promulgated", "2019-10-22", "中华人民共和国国务院令第722号"),
        ("effective", "2020-01-01", None),
    ]
    assert sc.issuer == "国务院"
    assert sc.doc_number == "国务院令第722号"
    assert sc.version_date == "2019-10-22"
    # outside a laws collection: level from the title and issuer words
    assert (sc.level, sc.category, sc.region) == ("administrative_regulation", None, None)


def test_liaoning_partial_texts():
    r = read_regulation(LN2019)
    assert r.complete is False and r.has_articles
    assert [a.number for a in r.articles()] == [1, 2, 3, 4, 5]
    assert r.issuer == "辽宁省人民代表大会常务委员会"
    assert (r.level, r.region) == ("local_regulation", "辽宁省")
    assert r.supersedes == ["2016-12-07"]  # from the 同时废止 comment
    assert r.doc_number == "辽宁省人民代表大会常务委员会公告〔十三届〕第三十四号"
    old = read_regulation(LN2016)
    assert old.complete is False and len(old.articles()) == 6 and old.parts[0].kind == "article"
    assert ("repealed", "2019-10-01") in [(e.kind, e.date) for e in old.events]


def test_suffix_articles_and_messy_headings(tmp_path):
    f = tmp_path / "某市测试条例.md"
    f.write_text(
        "# 某市测试条例\n\n"
        "2020年1月2日 某市第十五届人民代表大会常务委员会第三次会议通过\n"
        "2020年3月4日 山东省第十三届人民代表大会常务委员会第五次会议批准\n"
        "<!-- INFO END -->\n\n"
        "## 第一章  总 则\n\n第一条 根据《中华人民共和国立法法》和《山东省某条例》，制定本条例。\n\n"
        "### 第一节\u3000一般规定\n\n第十条 甲：（一）乙；（二）丙。\n\n"
        "第十条之一 增加的条文。\n\n## 不是章的标题\n\n游离的文字。\n\n##\n\n"
        "## 第二章 附则\n\n第十一条 本条例自公布之日起施行。\n",
        encoding="utf-8",
    )
    r = read_regulation(f)
    ch1, ch2 = r.parts
    assert (ch1.kind, ch1.heading, ch2.heading) == ("chapter", "总则", "附则")
    assert ch1.parts[1].kind == "section" and ch1.parts[1].heading == "一般规定"
    arts = r.articles()
    assert [(a.number, a.suffix) for a in arts] == [(1, None), (10, None), (10, 1), (11, None)]
    assert arts[2].label == "第十条之一" and arts[2].text == "第十条之一 增加的条文。"
    assert [i.text for i in arts[1].parts[0].parts] == ["（一）乙；", "（二）丙。"]
    assert [ref.title for ref in r.references] == ["中华人民共和国立法法", "山东省某条例"]
    for ref in r.references:
        assert r.source.text[ref.span.start:ref.span.end] == f"《{ref.title}》"
    assert [(e.kind, e.date) for e in r.events] == [("adopted", "2020-01-02"), ("approved", "2020-03-04")]
    assert r.issuer == "某市人民代表大会常务委员会"
    assert r.version_date == "2020-03-04"  # no date in the file name: the latest information line


def test_decision_without_articles(tmp_path):
    f = tmp_path / "关于某事的决定(2021-01-01).md"
    f.write_text("# 关于某事的决定\n\n2021年1月1日 第十三届全国人民代表大会常务委员会第二十四次会议通过\n"
                 "<!-- INFO END -->\n\n一、决定如下。\n\n二、本决定自公布之日起施行。\n", encoding="utf-8")
    r = read_regulation(f)
    assert r.has_articles is False and r.parts == []
    assert "二、本决定" in r.source.text
    assert r.issuer == "全国人民代表大会常务委员会" and r.level == "law"


def test_gbk_file_loads(tmp_path):
    f = tmp_path / "测试条例(2019-10-22).md"
    f.write_bytes(SC.read_text(encoding="utf-8").encode("gbk"))
    r = read_regulation(f)
    assert len(r.articles()) == 72 and r.source.encoding == "gb18030"


@pytest.mark.parametrize("content, words", [
    (b"", "empty"),
    (b"\x00\x01\x02\x03\xff\xfe\x00\x00" * 200, "binary"),
    ("第一条 没有标题。\n".encode(), "'# Title'"),
    (b"---\nbookCollapseSection: true\n---\n", "'# Title'"),
])
def test_bad_inputs_name_the_file(tmp_path, content, words):
    f = tmp_path / "bad.md"
    f.write_bytes(content)
    with pytest.raises(InputError) as exc:
        read_regulation(f)
    assert str(f) in str(exc.value) and words in str(exc.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_regulation(tmp_path / "nope.md")


def test_classify_path_and_region(tmp_path):
    assert classify_path("x/laws/行政法规/a.md") == ("行政法规", "administrative_regulation")
    assert classify_path("x/laws/DLC/山东地方法规/地方性法规/山东/a.md") == ("地方性法规", "local_regulation")
    assert classify_path("x/laws/案例/民法典/a.md") == ("案例", "other")
    assert classify_path("x/laws/新类别/a.md") == ("新类别", "law")
    assert classify_path(tmp_path / "a.md") == (None, None)
    assert region_of("青岛市海洋环境保护规定") == "青岛市"
    assert region_of("关于市容的规定") is None


def test_wrapped_information_lines_without_marker(tmp_path):
    # no <!-- INFO END -->; a date broken over two lines; 公布施行 gives two events; 《》 hides 废止
    f = tmp_path / "济南市某条例.md"
    f.write_text(
        "# 济南市某条例\n\n"
        "2014年7月23日 济南市第十五届人民代表大会常务委员会第十五次会议通过\n\n"
        "2014年9月26\n\n日山东省第十二届人民代表大会常务委员会第十次会议批准\n\n"
        "2018年1月1日 《山东省人民代表大会常务委员会关于废止和修改部分地方性法规的决定》第二次修正\n\n"
        "2018年2月1日 济南市人民代表大会常务委员会公告第5号公布施行\n\n"
        "第一条 为了测试，制定本条例。\n",
        encoding="utf-8",
    )
    r = read_regulation(f)
    assert [(e.kind, e.date) for e in r.events] == [
        ("adopted", "2014-07-23"), ("approved", "2014-09-26"), ("amended", "2018-01-01"),
        ("promulgated", "2018-02-01"), ("effective", "2018-02-01")]
    approved = r.events[1]
    assert approved.body == "山东省第十二届人民代表大会常务委员会第十次会议"
    assert r.source.text[approved.span.start:approved.span.end] == approved.span.text
    assert "\n" in approved.span.text  # the span covers both source lines
    assert r.doc_number == "济南市人民代表大会常务委员会公告第5号"
    assert r.issuer == "济南市人民代表大会常务委员会" and r.region == "济南市"
    assert len(r.articles()) == 1


def test_every_table_of_the_vocabulary_is_read_and_nothing_else_is_in_it():
    from policygraph.extractors.wordlists import load_rows
    from policygraph.loaders import law

    tables = {r["table"] for r in load_rows("law_vocabulary.csv")}
    assert tables == set(law.VOCABULARY_TABLES)
    v = law.vocab()
    read = {"event": v.event_kind, "folder": v.folder_level, "category": v.category, "incomplete": v.incomplete,
            "supersede": v.supersede, "region_suffix": v.region_re.pattern, "region_stop": v.region_stop,
            "issuer_strip": v.issuer_strip}
    assert set(read) == tables and all(read.values())
    rules = load_rows("law_level_rules.csv")
    assert len(v.level_rules) == len(rules) and {r["level"] for r in rules} <= {x[3] for x in v.level_rules}


def test_a_broken_data_file_names_the_file_and_the_problem():
    from policygraph.datafiles import checked

    with pytest.raises(InputError, match=r"law_level_rules.csv: missing column level"):
        checked([{"issuer": "", "title": "", "region": ""}], "law_level_rules.csv", ("issuer", "level"))
    with pytest.raises(InputError, match=r"data row 2 has more cells than the header"):
        checked([{"table": "a"}, {"table": "b", None: ["x"]}], "law_vocabulary.csv", ("table",))


def test_synthetic_repeated_article_numbers_are_kept_and_warned(tmp_path):
    # synthetic: no file of ../shared/laws repeats a top-level number; an amendment decision or two
    # texts pasted into one file would
    from click.testing import CliRunner

    from policygraph import PolicyGraph
    from policygraph.cli import main

    f = tmp_path / "示例条例(2020-01-01).md"
    f.write_text("# 示例条例\n\n" + "第一条 内容。\n\n" * 3 + "第二条 其他。\n", encoding="utf-8")
    reg = read_regulation(f)
    assert [str(w) for w in reg.source.warnings if "W-READ-003" in str(w)] == [
        f"{f}: W-READ-003 [read] article numbers repeat (kept as 第N条, then artN-dup2, -dup3 …): check the "
        "file's structure: 第1条 (3x)"]
    pg = PolicyGraph.open(memory=True)
    pg.load(f)
    iris = pg.sparql("SELECT ?a WHERE { ?a a pg:Article }")["a"].tolist()
    assert sorted(i.rsplit("/", 1)[-1] for i in iris) == ["art1", "art1-dup2", "art1-dup3", "art2"]
    res = CliRunner().invoke(main, ["--store", str(tmp_path / "s"), "load", str(f)])
    assert res.exit_code == 0 and "warning: " in res.output and "W-READ-003" in res.output
