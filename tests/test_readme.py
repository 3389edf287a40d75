"""Every example of the README's five-minute tour runs on the demo graph and answers: the shell
lines through ``graphq`` (click's runner), the Python block as written; each promises rows, and
those that promise something particular are checked for it."""

from __future__ import annotations

import json
import re
import shlex

import pytest
from click.testing import CliRunner
from conftest import ROOT

from policygraph.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")
TOUR = README[README.index("## A five-minute tour"): README.index("## How it works")]
BLOCKS = re.findall(r"```(bash|python)\n(.*?)```", TOUR, re.DOTALL)
SHELL = [line.split("  #")[0].strip() for line in BLOCKS[0][1].splitlines() if line.startswith("graphq ")]
PYTHON = next(code for kind, code in BLOCKS if kind == "python")


def _rows(res) -> list[dict]:
    """The rows of a command run again with --format json (the table's rows, every column)."""
    return json.loads(res.output)


# what particular examples promise, beyond "exit 0 and at least one row" (checked on the JSON rows)
PROMISES = {
    "graphq stats --format json": lambda rows: {r["class"]: r["count"] for r in rows}["Measure"] == 19,
    "graphq measures --status planned --unit 各地区": lambda rows: all(
        "planned" in r["status"] and "各地区" in r["units"] for r in rows),
    "graphq coverage 优化营商环境条例 --gaps": lambda rows: all(r["gap"] for r in rows),
    "graphq documents --relation drafts": lambda rows: all(r["relation"] == "drafts" for r in rows),
    "graphq trace 优化机构设置": lambda rows: any(r["end_type"] == "Regulation" for r in rows),
    "graphq timeline --unit 各地区": lambda rows: all(r["kind"] in ("deadline", "figure") for r in rows),
    "graphq search 信用": lambda rows: any(r["type"] == "Article" and r["regulation"] for r in rows),
    "graphq units --level municipal": lambda rows: all(r["level"] == "municipal" for r in rows),
}


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("readme") / "store"
    res = CliRunner().invoke(main, ["--store", str(path), "demo", "--no-view"])
    assert res.exit_code == 0, res.output
    return str(path)


def test_the_tour_has_its_examples():
    assert len(SHELL) >= 14 and SHELL[0] == "graphq demo"
    assert "graphq measures --status planned --unit 各地区" in SHELL


@pytest.mark.parametrize("line", SHELL[1:], ids=lambda s: s[7:40])
def test_each_shell_example_answers(line, demo_store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = shlex.split(line.split(" > ")[0])[1:]
    res = CliRunner().invoke(main, ["--store", demo_store, *args])
    assert res.exit_code == 0, (line, res.output)
    if args[0] == "view":
        assert (tmp_path / args[args.index("-o") + 1]).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        return
    assert not res.stdout.rstrip().endswith("\n0 rows"), line
    as_json = [a for a in args if a not in ("--format", "csv", "table", "md", "json")] + ["--format", "json"]
    rows = _rows(CliRunner().invoke(main, ["--store", demo_store, *as_json]))
    assert rows, line
    promise = PROMISES.get(line)
    assert promise is None or promise(rows), line


def test_the_python_example_runs_as_written(demo_store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POLICYGRAPH_STORE", demo_store)
    scope: dict = {}
    exec(compile(PYTHON, "README.md", "exec"), scope)  # noqa: S102 - the README's own example
    pg = scope["pg"]
    assert len(pg.measures(unit="各地区", status="planned")) > 0
    assert (tmp_path / "coverage.html").exists() and scope["G"].number_of_nodes() > 100
    pg.close()
