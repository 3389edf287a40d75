"""Shared entities follow their sources (issue 17, item 8): any sequence of loads and reloads of the
same files gives the store a fresh load of the final files gives."""

from __future__ import annotations

import pytest
from conftest import DATA, REPORT

from policygraph import PolicyGraph
from policygraph.build import ENTITIES

LIAONING = DATA / "regulations" / "辽宁省优化营商环境条例(2019-07-30).md"


def export(pg) -> list[str]:
    return sorted(pg.export("nt").decode("utf-8").splitlines())


def entity_lines(pg) -> set[str]:
    rows = pg.sparql(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{ENTITIES}> {{ ?s ?p ?o }} }}")
    return {tuple(r) for r in rows.itertuples(index=False)}


@pytest.fixture(params=["memory", "folder"])
def open_store(request, tmp_path):
    def open_(name: str) -> PolicyGraph:
        return PolicyGraph.open(memory=True) if request.param == "memory" else PolicyGraph.open(tmp_path / name)
    return open_


def test_an_edited_report_leaves_no_stale_shared_facts_and_reverting_restores_the_store(open_store, tmp_path):
    text = REPORT.read_text(encoding="utf-8")
    cited = "《大连市营商环境建设工作领导小组工作规则》"
    assert cited in text
    report = tmp_path / REPORT.name
    report.write_text(text, encoding="utf-8")
    pg = open_store("store")
    pg.load([LIAONING, report])
    original, shared = export(pg), entity_lines(pg)
    report.write_text(text.replace(cited, "有关规则"), encoding="utf-8")  # the report no longer names it
    pg.load(report)
    edited = entity_lines(pg)
    assert edited < shared  # only removals: facts no source states any more
    assert not any("领导小组工作规则" in str(o) for _, _, o in edited)
    fresh = open_store("fresh")
    fresh.load([LIAONING, report])
    assert export(pg) == export(fresh)
    report.write_text(text, encoding="utf-8")  # reverted
    pg.load(report)
    assert export(pg) == original


def test_a_fact_two_sources_state_stays_until_neither_does(open_store, tmp_path):
    law = LIAONING.read_text(encoding="utf-8")
    a, b = tmp_path / "a" / LIAONING.name, tmp_path / "b" / "辽宁省优化营商环境条例(2019-07-31).md"
    for f in (a, b):
        f.parent.mkdir(exist_ok=True)
        f.write_text(law, encoding="utf-8")
    pg = open_store("store")
    pg.load([a, b])
    both = entity_lines(pg)
    b.write_text(law.replace("辽宁省人民代表大会常务委员会", "某省人民代表大会常务委员会"), encoding="utf-8")
    pg.load(b)  # b now names another issuer: the work and a's issuer stay, stated by a
    after = entity_lines(pg)
    assert {x for x in both if "辽宁省人民代表大会常务委员会" in str(x)} <= after
    fresh = open_store("fresh")
    fresh.load([a, b])
    assert export(pg) == export(fresh)


def test_a_byte_identical_regulation_from_another_path_keeps_the_catalogues_facts(open_store, tmp_path):
    copy = tmp_path / "copy" / LIAONING.name
    copy.parent.mkdir()
    copy.write_bytes(LIAONING.read_bytes())
    pg = open_store("store")
    pg.load([DATA / "regulations", DATA / "catalogue.csv", REPORT])  # with a report: its link scores too
    before = {x for x in export(pg) if "sourcePath" not in x}
    pg.load(copy)
    after = {x for x in export(pg) if "sourcePath" not in x}
    assert after == before  # once: in_force, the note and the amendment event were gone, scores changed


def test_reloading_the_catalogue_alone_changes_nothing_the_files_said(open_store):
    pg = open_store("store")
    pg.load([DATA / "regulations", DATA / "catalogue.csv"])
    before = export(pg)
    again = pg.load(DATA / "catalogue.csv")  # a file and a catalogue row are two sources: two graphs
    assert export(pg) == before and again.result.quads == 0 and not again.result.replaced


def test_the_catalogue_and_the_file_in_either_order_give_one_store(tmp_path):
    files_first, catalogue_first = PolicyGraph.open(memory=True), PolicyGraph.open(memory=True)
    files_first.load(DATA / "regulations")
    files_first.load(DATA / "catalogue.csv")
    catalogue_first.load(DATA / "catalogue.csv")
    catalogue_first.load(DATA / "regulations")
    together = PolicyGraph.open(memory=True)
    together.load([DATA / "regulations", DATA / "catalogue.csv"])
    assert export(files_first) == export(catalogue_first) == export(together)
