"""graphq: the Python API one command per method (same names, same options), documented, with
examples, JSON that mirrors the DataFrames."""

import inspect
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, ROOT, STATE_COUNCIL

from policygraph import PolicyGraph, demo
from policygraph.cli import PYTHON_ONLY, main
from policygraph.queries import COLUMNS, HELPERS

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "store"
    res = CliRunner().invoke(main, ["--store", str(path), "load", str(DATA / "catalogue.csv"), str(DATA / "reports")])
    assert res.exit_code == 0, res.output
    return str(path)


def run(store, *args):
    return CliRunner().invoke(main, ["--store", store, *args], catch_exceptions=False)


def test_every_command_is_documented_in_the_readme():
    missing = [c for c in main.commands if not re.search(rf"graphq (\[[^\]]*\] |--\S+ \S+ )*{c}\b", README)]
    assert not missing, f"commands not shown in README.md: {missing}"


# commands that are a function rather than a method, and CLI-only options (output, browser)
FUNCTIONS = {"demo": demo.build}
CLI_ONLY = {"fmt", "as_json", "open_browser"}


def public_methods():
    return {n for n, v in vars(PolicyGraph).items() if not n.startswith("_") and callable(v)} | {
        n for n in dir(PolicyGraph) if not n.startswith("_") and inspect.isfunction(getattr(PolicyGraph, n))}


def test_every_command_is_a_method_and_every_method_a_command():
    methods = public_methods() | {"open"}
    assert set(HELPERS) | {"stats", "load", "link", "push", "cypher"} <= methods
    assert {c for c in main.commands if c not in FUNCTIONS} <= methods, "a command without a method"
    missing = methods - set(main.commands) - set(PYTHON_ONLY)
    assert not missing, f"public methods without a command (or a reason in cli.PYTHON_ONLY): {missing}"
    assert not set(PYTHON_ONLY) & set(main.commands)


def test_every_option_is_a_parameter_of_the_same_name():
    for name, command in main.commands.items():
        target = FUNCTIONS.get(name) or getattr(PolicyGraph, name)
        params = inspect.signature(target).parameters
        takes_any = any(p.kind is p.VAR_KEYWORD for p in params.values())
        options = {p.name for p in command.params} - CLI_ONLY
        if name == "export":  # --format is the export's own format here
            options.add("fmt")
        unknown = options - set(params)
        assert not unknown or takes_any, f"graphq {name}: {unknown} are not parameters of {target.__qualname__}"


def test_every_command_help_has_an_example():
    for name in main.commands:
        res = CliRunner().invoke(main, [name, "--help"])
        assert res.exit_code == 0
        assert "Example" in res.output, name


def test_stats_json_is_a_row_per_class(store):
    res = run(store, "stats", "--format", "json")
    counts = {r["class"]: r["count"] for r in json.loads(res.output)}
    assert counts["Measure"] == 19 and counts["Article"] >= 72


def test_helper_json_is_a_list_of_objects_with_the_frame_columns(store):
    res = run(store, "measures", "--unit", "市营商局", "--format", "json")
    rows = json.loads(res.output)
    assert rows and set(rows[0]) == set(COLUMNS["measures"])
    res = run(store, "coverage", "优化营商环境条例", "--format", "csv")
    assert res.output.splitlines()[0].split(",") == COLUMNS["coverage"]


def test_table_output_is_readable_with_chinese(store):
    res = run(store, "units")
    assert res.exit_code == 0
    assert "大连市营商环境建设局" in res.output


def test_sparql_json_rows_are_keyed_by_variable(store):
    q = "SELECT ?n ?t WHERE { ?a a pg:Article ; pg:number ?n ; pg:text ?t } ORDER BY ?n LIMIT 2"
    rows = json.loads(run(store, "sparql", q, "--format", "json").output)
    assert [set(r) for r in rows] == [{"n", "t"}] * 2
    res = run(store, "sparql", "SELECT ?a WHERE { ?a pg:label ?l }", "--bind", "l=第七十二条", "--format", "json")
    assert len(json.loads(res.output)) == 1


def test_bad_input_gives_one_line_naming_the_file(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    res = CliRunner().invoke(main, ["--store", str(tmp_path / "s"), "load", str(bad)])
    assert res.exit_code == 1
    lines = [line for line in res.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "empty.txt" in lines[0] and lines[0].startswith("Error:")


def test_unknown_unit_is_a_one_line_error(store):
    res = CliRunner().invoke(main, ["--store", store, "measures", "--unit", "不存在的局"])
    assert res.exit_code == 1 and "no unit named" in res.output


def test_validate_exit_code(store):
    assert run(store, "validate").exit_code == 0


def test_export_writes_turtle(store, tmp_path):
    out = tmp_path / "g.ttl"
    assert run(store, "export", "--format", "ttl", "-o", str(out)).exit_code == 0
    assert "@prefix" in out.read_text(encoding="utf-8") or "<https://w3id.org" in out.read_text(encoding="utf-8")


def test_load_reports_progress_summary(tmp_path):
    res = CliRunner().invoke(main, ["--store", str(tmp_path / "s"), "load", str(STATE_COUNCIL)])
    assert res.exit_code == 0 and "72 articles" in res.output


def test_demo_prints_the_overview_path(tmp_path):
    out = tmp_path / "overview.html"
    res = CliRunner().invoke(main, ["--store", str(tmp_path / "s"), "demo", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert str(out) in res.output.replace("\n", "")
    assert Path(out).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_extract_json_has_ranked_articles_with_a_store(store):
    from conftest import REPORT

    res = run(store, "extract", str(REPORT), "--json")
    data = json.loads(res.output)
    assert len(data["measures"]) == 19
    cands = [c for m in data["measures"] for c in m["articles"]]
    assert cands and {"regulation", "article", "score", "matched"} <= set(cands[0])


def test_extract_ranks_against_the_regulation_the_user_names(store):
    # the Jilin 2026 work report never names the State Council regulation it carries out
    from conftest import SHARED

    report = SHARED / "reports" / "jilin_2026_gov-work-report_excerpt.txt"
    if not report.exists():
        pytest.skip("../shared/reports is not available")
    plain = json.loads(run(store, "extract", str(report), "--json").output)
    assert not any(m["articles"] for m in plain["measures"])  # it names no regulation of the store
    data = json.loads(run(store, "extract", str(report), "--regulation", "优化营商环境条例", "--json").output)
    cands = [c for m in data["measures"] for c in m["articles"]]
    assert cands and all(c["regulation"] == "优化营商环境条例" for c in cands)
    assert {"score", "rank", "method", "matched", "sentence", "asserted"} <= set(cands[0])
    res = CliRunner().invoke(main, ["--store", store, "extract", str(report), "--regulation", "没有这部条例"])
    assert res.exit_code != 0 and "no regulation" in res.output and "closest known" in res.output


def test_extract_writes_nothing(tmp_path):
    from conftest import REPORT

    res = CliRunner().invoke(main, ["extract", str(REPORT)])
    assert res.exit_code == 0 and "19 measures" in res.output


def test_align_three_local_regulations(store):
    from conftest import shared

    national_file = json.loads(run(store, "align", str(STATE_COUNCIL), str(STATE_COUNCIL), "--format", "json").output)
    assert all(r["national_article"] == r["local_article"] for r in national_file if r["rank"] == 1)
    for name in ("北京地方法规/地方性法规/北京/北京市优化营商环境条例(2020-03-27).md",
                 "上海地方法规/地方性法规/上海/上海市优化营商环境条例(2020-04-10).md",
                 "山东地方法规/地方性法规/山东/青岛市优化营商环境条例(2021-01-28).md"):
        path = shared("laws", "DLC", *name.split("/"))
        rows = json.loads(run(store, "align", str(path), "优化营商环境条例", "--format", "json").output)
        first = [r for r in rows if r["local_article"] == 1 and r["rank"] == 1][0]
        assert first["national_article"] == 1
        # the regulation read back from the store aligns exactly as its file does
        from_file = json.loads(run(store, "align", str(path), str(STATE_COUNCIL), "--format", "json").output)
        assert rows == from_file


def test_an_empty_store_says_how_to_fill_it(tmp_path):
    PolicyGraph.open(tmp_path / "empty").close()  # a store with nothing in it
    res = CliRunner().invoke(main, ["--store", str(tmp_path / "empty"), "coverage", "优化营商环境条例"])
    assert res.exit_code == 1 and "graphq demo" in res.output


def test_reading_a_store_that_does_not_exist_is_an_error_naming_it(tmp_path):
    typo = tmp_path / "lwas"
    for args in (["measures"], ["stats"], ["search", "信用"], ["validate"], ["export", "--format", "nt"]):
        res = CliRunner().invoke(main, ["--store", str(typo), *args])
        assert res.exit_code == 1 and f"no store at {typo}" in res.output, args
    assert not typo.exists()  # nothing was created
    (tmp_path / "notastore").mkdir()
    res = CliRunner().invoke(main, ["--store", str(tmp_path / "notastore"), "units"])
    assert res.exit_code == 1 and "is not a policygraph store" in res.output
    res = CliRunner().invoke(main, ["--store", str(typo), "load", str(STATE_COUNCIL)])
    assert res.exit_code == 0 and typo.exists()  # load creates it


def test_coverage_gaps_is_the_methods_gaps(store):
    rows = json.loads(run(store, "coverage", "优化营商环境条例", "--gaps", "--format", "json").output)
    assert rows and all(r["gap"] for r in rows)
    with PolicyGraph.open(store) as pg:
        assert [r["article"] for r in rows] == pg.coverage("优化营商环境条例", gaps=True)["article"].tolist()


def test_link_against_a_named_regulation_for_one_report(store):
    res = run(store, "link", "--regulation", "辽宁省优化营商环境条例", "--report", "关于落实市人大常委会对我市实施国务院优化营商环境条例辽宁省优化营商环境条例审议意见情况的报告")
    assert res.exit_code == 0 and "re-linked 1 reports" in res.output
    # The demo's Liaoning text is a five-article partial one: the calibrated rule asserts none of its
    # articles, so the ranked candidates are what shows the ranking was against that regulation only.
    query = "SELECT DISTINCT ?a WHERE { ?c pg:candidateArticle ?a }"
    cands = [r["a"] for r in json.loads(run(store, "sparql", query, "--format", "json").output)]
    assert cands and all("辽宁省优化营商环境条例" in a for a in cands)
    arts = {a for r in json.loads(run(store, "measures", "--format", "json").output) for a in r["articles"]}
    assert all(a.startswith("辽宁省优化营商环境条例") for a in arts)
    assert "re-linked 1 reports" in run(store, "link").output  # back to the regulations it names
    cands = [r["a"] for r in json.loads(run(store, "sparql", query, "--format", "json").output)]
    assert any("辽宁省优化营商环境条例" not in a for a in cands)
    res = CliRunner().invoke(main, ["--store", store, "link", "--report", "不存在的报告"])
    assert res.exit_code == 1 and "no report named" in res.output


def test_server_only_commands_say_so_on_the_embedded_store(store):
    res = CliRunner().invoke(main, ["--store", store, "cypher", "MATCH (n) RETURN n"])
    assert res.exit_code == 1 and "cypher needs a server store" in res.output
    res = CliRunner().invoke(main, ["--store", store, "push"])
    assert res.exit_code == 2 and "exactly one of --neo4j URI or --falkordb URL" in res.output


# ------------------------------------------------------------------ a day with graphq (issue 15)
def test_graphq_alone_prints_help_and_exits_0():
    res = CliRunner().invoke(main, [])
    assert res.exit_code == 0 and "Quick start" in res.output and "Commands:" in res.output


def test_a_misplaced_group_option_says_where_it_goes(store):
    res = CliRunner().invoke(main, ["measures", "--store", store])
    assert res.exit_code == 2
    assert "--store is an option of graphq itself" in res.output and "graphq --store PATH measures" in res.output
    assert "--json" not in res.output  # not click's "did you mean"


def test_every_list_command_has_limit(store):
    for name in (*HELPERS, "align"):
        assert "limit" in {p.name for p in main.commands[name].params}, name
    res = run(store, "measures", "--limit", "2")
    assert res.exit_code == 0 and "showing 2 of 19 rows" in res.output
    assert len(json.loads(run(store, "units", "--limit", "3", "--format", "json").output)) == 3


def test_stats_load_and_extract_take_format(store, tmp_path):
    from conftest import REPORT

    assert run(store, "stats", "--format", "csv").output.splitlines()[0] == "class,count"
    assert run(store, "stats", "--format", "md").output.startswith("| class | count |")
    res = CliRunner().invoke(main, ["--store", str(tmp_path / "s"), "load", str(STATE_COUNCIL), "--format", "json"])
    assert json.loads(res.output)["articles"] == 72
    res = CliRunner().invoke(main, ["--store", str(tmp_path / "s"), "load", str(STATE_COUNCIL), "--format", "csv"])
    assert "graphs_unchanged,1" in res.output
    rows = json.loads(CliRunner().invoke(main, ["extract", str(REPORT), "--format", "json"]).output)["measures"]
    assert len(rows) == 19
    csv_out = CliRunner().invoke(main, ["extract", str(REPORT), "--format", "csv"]).output
    assert csv_out.splitlines()[0].startswith("id,section,heading,status") and len(csv_out.splitlines()) == 20


def test_unit_levels_include_town(store):
    assert "town" in main.commands["units"].params[1].type.choices
    assert run(store, "units", "--level", "town").exit_code == 0


def test_tables_fit_the_terminal(store):
    from rich.cells import cell_len

    for width in (80, 120):
        for args in (["measures"], ["units"], ["coverage", "优化营商环境条例"], ["trace", "优化机构设置"],
                     ["timeline"], ["search", "信用"], ["documents"], ["metrics"]):
            res = CliRunner().invoke(main, ["--store", store, *args], env={"COLUMNS": str(width)})
            assert res.exit_code == 0, res.output
            too_wide = [line for line in res.stdout.splitlines() if cell_len(line) > width]
            assert not too_wide, (args, width, too_wide[:2])
    narrow = CliRunner().invoke(main, ["--store", store, "measures"], env={"COLUMNS": "80"})
    assert "Not shown (terminal too narrow): " in narrow.stderr and "--format csv or json" in narrow.stderr


def _first_id(output: str, column: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    header = next(i for i, line in enumerate(lines) if column in line.split())
    start = lines[header].index(column)
    return lines[header + 2][start:].split()[0]  # the row under the header's rule


def test_ids_printed_by_a_table_are_taken_back(store):
    listed = run(store, "measures", "--limit", "3").output
    measure_id = _first_id(listed, "measure")
    assert "…" not in measure_id and measure_id.endswith("/s1/m1")
    for args in (["trace", measure_id], ["neighbors", measure_id], ["metrics", "--measure", measure_id]):
        res = run(store, *args)
        assert res.exit_code == 0, (args, res.output)
    heading = json.loads(run(store, "measures", "--limit", "1", "--format", "json").output)[0]
    traced = json.loads(run(store, "trace", measure_id, "--format", "json").output)
    assert traced and all(r["start"] == heading["measure"] for r in traced)
    unit_id = _first_id(run(store, "units", "--format", "table").output.replace("unit ", "unit "), "name")
    assert run(store, "responsibilities", unit_id).exit_code == 0


def test_an_empty_answer_about_a_unit_that_exists_says_why(store):
    res = run(store, "measures", "--unit", "市营商局", "--status", "planned")
    assert res.exit_code == 0 and "0 rows" in res.stdout
    assert "大连市营商环境建设局 has no planned measure; its measures: 优化机构设置 (ongoing)" in res.stderr
    res = run(store, "timeline", "--unit", "市营商局")
    assert "has no measure with a deadline or a dated figure" in res.stderr


def test_sparql_ask_update_and_syntax_errors(store):
    assert run(store, "sparql", "ASK { ?m a pg:Measure }").output.strip() == "true"
    assert run(store, "sparql", "ASK { ?m a pg:Nothing }", "--format", "json").output.strip() == "false"
    res = CliRunner().invoke(main, ["--store", store, "sparql", "INSERT DATA { <http://a> <http://b> <http://c> }"])
    assert res.exit_code == 1 and "SPARQL update (INSERT)" in res.output and "load it again" in res.output
    res = CliRunner().invoke(main, ["--store", store, "sparql", "SELECT ?x WHERE {\n  ?x pg:heading ?h\n  FILTER(?h = ) }"])
    assert res.exit_code == 1 and "line 3, column" in res.output and "FILTER(?h = )" in res.output
    assert "Traceback" not in res.output
    res = CliRunner().invoke(main, ["--store", store, "sparql", "SELEC ?x WHERE { ?x ?p ?o }"])
    assert res.exit_code == 1 and "starts with SELECT, ASK, CONSTRUCT, DESCRIBE" in res.output
    res = CliRunner().invoke(main, ["--store", store, "sparql", "SELECT ?m WHERE { ?m ?p ?u }", "--bind", "u=http://x> }"])
    assert res.exit_code == 1 and "not a valid IRI" in res.output


def test_export_nquads_and_trig_keep_the_named_graphs(store, tmp_path):
    from pyoxigraph import RdfFormat, parse

    with PolicyGraph.open(store) as pg:
        graphs, triples = set(pg.store.named_graphs()), pg.store.count()
    for fmt, rdf in (("nq", RdfFormat.N_QUADS), ("trig", RdfFormat.TRIG)):
        out = tmp_path / f"g.{fmt}"
        assert run(store, "export", "--format", fmt, "-o", str(out)).exit_code == 0
        quads = list(parse(path=str(out), format=rdf))
        assert {q.graph_name.value for q in quads} == graphs and len(quads) == triples
        assert not any(q.predicate.value.endswith("#graphDigest") for q in quads)
    out = tmp_path / "g.nt"
    assert run(store, "export", "--format", "nt", "-o", str(out)).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(set(lines)) > 1000  # the union, each triple once


def test_validate_names_the_graph_that_fails(tmp_path):
    path = tmp_path / "s"
    assert CliRunner().invoke(main, ["--store", str(path), "load", str(STATE_COUNCIL)]).exit_code == 0
    with PolicyGraph.open(path) as pg, pg.store.writing():  # raw: the write session's stage
        version = next(g for g in pg.store.named_graphs() if g.endswith("/2019-10-22"))
        pg.store.raw.update(f"DELETE {{ GRAPH <{version}> {{ ?a pg:number ?n }} }} WHERE {{ GRAPH <{version}> "
                            f"{{ ?a a pg:Article ; pg:number 7 ; pg:number ?n }} }}".replace(
                                "pg:", "<https://w3id.org/policygraph/ontology#").replace(
                                "#number", "#number>").replace("#Article", "#Article>"))
    res = CliRunner().invoke(main, ["--store", str(path), "validate"])
    assert res.exit_code == 1
    assert f"In graph {version}" in res.output and "art7: pgs:ArticleShape pg:number minCount 1" in res.output


def test_several_files_of_one_report_say_which_was_kept(tmp_path):
    import docx
    from conftest import REPORT

    text = REPORT.read_text(encoding="utf-8")
    txt, doc = tmp_path / "dalian.txt", tmp_path / "dalian.docx"
    txt.write_text(text, encoding="utf-8")
    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    d.save(doc)
    res = CliRunner().invoke(main, ["--store", str(tmp_path / "s"), "load", str(txt), str(doc)])
    assert res.exit_code == 0, res.output
    assert "1 reports (19 measures)" in res.output
    assert "2 files are one report" in res.output and f"kept {doc}" in res.output


def test_unit_kinds_and_levels_as_the_gazetteer_knows_them(store):
    units = {r["name"]: r for r in json.loads(run(store, "units", "--format", "json").output)}
    assert units["大连市人民代表大会常务委员会"]["kind"] == "people's congress"
    assert units["大连市营商环境建设局"]["kind"] == "government department"
    assert units["辽宁省营商环境建设局"]["level"] == "provincial"  # not municipal, although a Dalian report names it
