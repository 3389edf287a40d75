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
    arts = {a for r in json.loads(run(store, "measures", "--format", "json").output) for a in r["articles"]}
    assert arts and all(a.startswith("辽宁省优化营商环境条例") for a in arts)
    assert "re-linked 1 reports" in run(store, "link").output  # back to the regulations it names
    res = CliRunner().invoke(main, ["--store", store, "link", "--report", "不存在的报告"])
    assert res.exit_code == 1 and "no report named" in res.output


def test_server_only_commands_say_so_on_the_embedded_store(store):
    res = CliRunner().invoke(main, ["--store", store, "cypher", "MATCH (n) RETURN n"])
    assert res.exit_code == 1 and "cypher needs a server store" in res.output
    res = CliRunner().invoke(main, ["--store", store, "push"])
    assert res.exit_code == 2 and "exactly one of --neo4j URI or --falkordb URL" in res.output
