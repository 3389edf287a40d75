"""Query-time look-up: names as users type them -> nodes, on the demo graph; unknown names list the
closest known ones."""

import pytest

from policygraph import NotFoundError, build
from policygraph.lookup import (
    clean,
    find_articles,
    find_node,
    find_regulation,
    find_unit,
    main_city,
    split_article,
)


@pytest.fixture(scope="module")
def b(demo_graph):
    return demo_graph.backend


@pytest.mark.parametrize("spec,want", [
    ("优化营商环境条例 第七条", ("优化营商环境条例", 7, None)),
    ("《优化营商环境条例》第七十二条", ("优化营商环境条例", 72, None)),
    ("第十条之一", (None, 10, 1)),
    ("优化营商环境条例 7", ("优化营商环境条例", 7, None)),
    ("优化营商环境条例", ("优化营商环境条例", None, None)),
])
def test_split_article(spec, want):
    assert split_article(spec) == want


def test_units_by_canonical_name_alias_and_gazetteer_short_form(b):
    full = build.unit_iri("大连市营商环境建设局")
    assert find_unit(b, "大连市营商环境建设局") == full
    assert find_unit(b, "市营商局") == full  # an alias the report used
    assert main_city(b) == "大连市"  # 市 in the reports means this city
    with pytest.raises(NotFoundError) as err:
        find_unit(b, "市营商环境局")
    assert err.value.suggestions and err.value.kind == "unit"


def test_regulations_by_full_short_and_bracketed_title(b):
    work = build.work_iri("优化营商环境条例")
    assert find_regulation(b, "优化营商环境条例") == work
    assert find_regulation(b, "《优化营商环境条例》") == work
    assert find_regulation(b, "中华人民共和国优化营商环境条例") == work  # the prefix is folded away
    with pytest.raises(NotFoundError, match="不存在的条例"):
        find_regulation(b, "《不存在的条例》")


def test_articles_in_the_latest_version_with_text(b):
    [art] = find_articles(b, "优化营商环境条例 第七条")
    assert art == build.article_iri("优化营商环境条例", "2019-10-22", 7)
    assert find_articles(b, "第七条", regulation="优化营商环境条例") == [art]
    with pytest.raises(NotFoundError):
        find_articles(b, "优化营商环境条例 第九百条")


def test_any_node_by_what_users_know_of_it(b):
    assert find_node(b, "市营商局") == build.unit_iri("大连市营商环境建设局")
    assert find_node(b, "优化营商环境条例 第七条") == build.article_iri("优化营商环境条例", "2019-10-22", 7)
    assert "/m" in find_node(b, "优化机构设置")  # a measure by its heading
    unit = build.unit_iri("大连市营商环境建设局")
    assert find_node(b, unit) == unit  # an IRI of a node in the graph
    with pytest.raises(NotFoundError, match="no node has this IRI"):
        find_node(b, "https://example.org/x")
    with pytest.raises(NotFoundError, match="no node named"):
        find_node(b, "完全不存在的东西")


def test_clean():
    assert clean(" “《条例》” ") == "条例"
