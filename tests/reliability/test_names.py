"""Hostile names through every helper, on the embedded store and on FalkorDB (issue 17, items 1 and 6).

A name users type is either found (a correct answer) or answered with the package's own error
("no unit named … closest …"); never a traceback, never a query rewritten by the name, never a
filter dropped (``measures --document '《》'`` must not return every measure). A node whose name
holds quotes, brackets or ``>`` is found by typing the name exactly.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import DATA, SOURCES
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, Quad

from policygraph import PolicyGraph, build
from policygraph.cli import main
from policygraph.errors import NotFoundError, PolicyGraphError
from policygraph.lookup import find_regulation, find_unit
from policygraph.ontology.terms import DCT, PG, RDF, RDFS

# what the red team typed (issue 17), and their relatives
HOSTILE = [
    "http://x> UNDEF } ?a ?b ?c . ?d ?e ?f . #", "http://x> UNDEF } #", "https://w3id.org/policygraph/id/unit/x> }",
    "http://x", "https://", "http", "HTTP://X Y", "urn:x", "https://w3id.org/policygraph/id/",
    "https://w3id.org/policygraph/id/work/", "", " ", "\t", "《》", "〈〉", "<>", "'", '"', "“”", "\x00", "信\x00用",
    "\x1b[31m", "\ufffd", "\ufe0f", "第七条", "第九百条", "优化营商环境条例 第九百条", "条例", "局", "市",
    "/", "//", "s1/m1", "关于/s9/m9", "a/b/c", "unit/", "work/不存在", "?x", "$n", "'}) RETURN n //",
    "') OR 1=1 --", "\\", "%3E", "x" * 2000,
]
names = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40),
                  st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE), st.text(max_size=10)))

# helper name -> (call, filter it applies: a check every returned row must pass)
CALLS = {
    "measures(unit)": (lambda pg, n: pg.measures(unit=n), lambda row: row["units"]),
    "measures(regulation)": (lambda pg, n: pg.measures(regulation=n), lambda row: row["articles"]),
    "measures(article)": (lambda pg, n: pg.measures(article=n), lambda row: row["articles"]),
    "measures(document)": (lambda pg, n: pg.measures(document=n), lambda row: row["documents"]),
    "measures(section)": (lambda pg, n: pg.measures(section=n), None),
    "units(kind)": (lambda pg, n: pg.units(kind=n), None),
    "documents(level)": (lambda pg, n: pg.documents(level=n), None),
    "documents(doc_type)": (lambda pg, n: pg.documents(doc_type=n), None),
    "responsibilities": (lambda pg, n: pg.responsibilities(n), None),
    "metrics(unit)": (lambda pg, n: pg.metrics(unit=n), lambda row: row["measure"]),
    "metrics(measure)": (lambda pg, n: pg.metrics(measure=n), lambda row: row["measure"]),
    "trace": (lambda pg, n: pg.trace(n), None),
    "coverage": (lambda pg, n: pg.coverage(n), None),
    "timeline(unit)": (lambda pg, n: pg.timeline(unit=n), lambda row: row["kind"] in ("deadline", "figure")),
    "search": (lambda pg, n: pg.search(n), None),
    "neighbors": (lambda pg, n: pg.neighbors(n), None),
    "align(local)": (lambda pg, n: pg.align(n, "优化营商环境条例"), None),
    "align(national)": (lambda pg, n: pg.align("辽宁省优化营商环境条例", n), None),
    "link(report)": (lambda pg, n: pg.link(report=n), None),
}


def _ask(pg, call, keep, name, everything: dict):
    """Run one helper with ``name``: the package's error, or rows that all pass the filter."""
    try:
        df = CALLS[call][0](pg, name)
    except NotFoundError as exc:
        assert str(exc).startswith("no ") and " named " in str(exc), str(exc)
        return
    except PolicyGraphError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return
    if not hasattr(df, "to_dict"):  # link: a count
        return
    rows = df.to_dict(orient="records")
    if keep is not None:
        assert all(keep(r) for r in rows), (call, name)
    if call.startswith("measures("):  # a filter given always filters: never every measure
        assert len(rows) < everything["measures"], (call, name)
    if call in ("units(kind)", "documents(level)", "documents(doc_type)") and name.strip():
        column = {"units(kind)": "kind", "documents(level)": "level", "documents(doc_type)": "doc_type"}[call]
        assert all(name.strip() in (r[column] or "") for r in rows), (call, name)


@pytest.fixture(scope="module")
def falkor(request):
    url = request.getfixturevalue("falkordb_server")
    pg = PolicyGraph.open(falkordb=url, graph="reliability_names")
    pg.store.clear()
    pg.load(SOURCES)
    yield pg
    pg.store.clear()
    pg.close()


def _everything(pg) -> dict:
    return {"measures": len(pg.measures())}


@pytest.mark.parametrize("call", sorted(CALLS))
def test_hostile_names_on_the_embedded_store(embedded, call):
    everything = _everything(embedded)
    for name in HOSTILE:
        _ask(embedded, call, CALLS[call][1], name, everything)


@pytest.mark.falkordb
@pytest.mark.parametrize("call", sorted(CALLS))
def test_hostile_names_on_falkordb(falkor, embedded, call):
    everything = _everything(falkor)
    for name in HOSTILE:
        _ask(falkor, call, CALLS[call][1], name, everything)
        # the same answer kind on both stores: an error on one is an error on the other
        got = [_kind(pg, call, name) for pg in (embedded, falkor)]
        assert got[0] == got[1], (call, name, got)


def _kind(pg, call, name) -> str:
    try:
        got = CALLS[call][0](pg, name)
        return f"{len(got)} rows" if hasattr(got, "columns") else "done"
    except NotFoundError as exc:
        return f"not found ({exc.kind})"
    except PolicyGraphError:
        return "error"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names, call=st.sampled_from(sorted(CALLS)))
def test_any_name_through_any_helper(embedded, name, call):
    _ask(embedded, call, CALLS[call][1], name, _everything(embedded))


@pytest.mark.falkordb
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=names, call=st.sampled_from(sorted(CALLS)))
def test_any_name_through_any_helper_on_falkordb(falkor, name, call):
    _ask(falkor, call, CALLS[call][1], name, _everything(falkor))


def test_a_name_cannot_rewrite_a_query(embedded):
    # 'http://x> UNDEF } #' once selected every IRI object in the store
    for name in ("http://x> UNDEF } #", "http://x> UNDEF } ?a ?b ?c . ?d ?e ?f . #"):
        with pytest.raises(NotFoundError, match="not a valid IRI"):
            embedded.neighbors(name)
        with pytest.raises(NotFoundError, match="not a valid IRI"):
            embedded.view(focus=name)


def test_junk_is_not_answered_as_something_else(embedded):
    with pytest.raises(NotFoundError):
        embedded.coverage("'")  # once: the 72 articles of 优化营商环境条例
    with pytest.raises(NotFoundError):
        embedded.measures(document="《》")  # once: every measure
    with pytest.raises(NotFoundError):
        embedded.measures(article="")
    with pytest.raises(PolicyGraphError):
        embedded.measures(section="")
    with pytest.raises(PolicyGraphError, match="control character"):
        embedded.search("\x00")  # once: sqlite3's own error


def test_hostile_names_on_the_command_line(tmp_path):
    store = tmp_path / "s"
    assert CliRunner().invoke(main, ["--store", str(store), "load", str(DATA / "reports")]).exit_code == 0
    for name in ("http://x> UNDEF } #", "《》", "'", "\x01", "https://example.org/none"):
        for args in (["trace", name], ["neighbors", name], ["measures", "--document", name], ["coverage", name],
                     ["view", "--focus", name, "-o", str(tmp_path / "v.html")]):
            res = CliRunner().invoke(main, ["--store", str(store), *args])
            assert res.exit_code == 1 and res.output.startswith("Error: "), (args, res.output)
            assert isinstance(res.exception, SystemExit), (args, res.exception)


# ------------------------------------------------------------------ names with quotes, brackets and >
odd = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")), min_size=2, max_size=20)
marks = st.sampled_from(['"', "'", ">", "<", "《", "》", "“", "”", "〈", "〉", "}", "{", "#", "\\", "`"])
titled = st.builds(lambda a, m, b: a + m + b, odd, marks, odd).filter(
    lambda s: not s.lower().startswith(("http", "urn:")) and "/" not in s)


def _store_with(unit: str, title: str) -> PolicyGraph:
    pg = PolicyGraph.open(memory=True)
    q = build.Quads("https://w3id.org/policygraph/id/graph/test")
    build.unit_triples(q, unit)
    work = build.work_iri(title)
    doc = [Quad(NamedNode(work), NamedNode(RDF.type), NamedNode(PG.Document), q.graph),
           Quad(NamedNode(work), NamedNode(DCT.title), Literal(title), q.graph),
           Quad(NamedNode(work), NamedNode(RDFS.label), Literal(title), q.graph)]
    pg.store.replace_graphs({q.graph: doc}, shared=q.entities.quads)
    return pg


@settings(max_examples=80, deadline=None)
@given(name=titled)
@example(name='市"营商"局>')
@example(name="《关于“放管服”改革》的<意见>")
def test_a_name_with_quotes_or_brackets_is_found_by_typing_it(name):
    pg = _store_with(name, name)
    assert find_unit(pg.backend, name) == build.unit_iri(name)
    assert find_regulation(pg.backend, name) == build.work_iri(name)
    assert pg.responsibilities(name).empty  # found (no measure names it), not "no unit named"
