"""The embedded store: idempotent, atomic loads; locked stores; safe bindings."""

import subprocess
import sys

import pytest
from conftest import STATE_COUNCIL

from policygraph import InputError, PolicyGraph

LAW = """# 示例条例

2020年1月1日 某省人民代表大会常务委员会第一次会议通过

<!-- INFO END -->

## 第一章 总则

第一条 为了示例，制定本条例。

第二条 本条例自公布之日起施行。
"""


def test_loading_the_same_file_twice_changes_nothing(tmp_path):
    pg = PolicyGraph.open(tmp_path / "store")
    first = pg.load(STATE_COUNCIL)
    n = pg.store.count()
    second = pg.load(STATE_COUNCIL)
    assert first.result.added and not second.result.added
    assert second.result.unchanged == first.result.added
    assert pg.store.count() == n
    assert pg.stats(as_dict=True)["Article"] == 72
    assert pg.stats(as_dict=True)["Chapter"] == 7


def test_a_failed_load_leaves_the_store_as_it_was(tmp_path):
    pg = PolicyGraph.open(tmp_path / "store")
    pg.load(STATE_COUNCIL)
    before = sorted(map(str, pg.store.triples()))
    good = tmp_path / "示例条例(2020-01-01).md"
    good.write_text(LAW, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError) as err:
        pg.load([good, empty])
    assert "empty.txt" in str(err.value)
    assert sorted(map(str, pg.store.triples())) == before


def test_keep_going_skips_bad_files_and_names_them(tmp_path):
    pg = PolicyGraph.open(memory=True)
    good = tmp_path / "示例条例(2020-01-01).md"
    good.write_text(LAW, encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    s = pg.load([good, binary], keep_going=True)
    assert len(s.errors) == 1 and "blob.txt" in s.errors[0]
    assert pg.stats(as_dict=True)["Article"] == 2


def test_a_changed_file_replaces_its_old_triples(tmp_path):
    pg = PolicyGraph.open(memory=True)
    f = tmp_path / "示例条例(2020-01-01).md"
    f.write_text(LAW, encoding="utf-8")
    pg.load(f)
    f.write_text(LAW.replace("为了示例", "为了修改后的示例"), encoding="utf-8")
    s = pg.load(f)
    assert s.result.replaced
    texts = pg.sparql("SELECT ?t WHERE { ?a a pg:Article ; pg:number 1 ; pg:text ?t }")["t"].tolist()
    assert len(texts) == 1 and "修改后的示例" in texts[0]


def test_gb18030_file_loads(tmp_path):
    f = tmp_path / "示例条例(2020-01-01).md"
    f.write_bytes(LAW.encode("gb18030"))
    pg = PolicyGraph.open(memory=True)
    pg.load(f)
    assert pg.stats(as_dict=True)["Article"] == 2


def test_a_second_process_reads_while_this_one_holds_the_store(tmp_path):
    path = tmp_path / "store"
    pg = PolicyGraph.open(path)
    pg.load(STATE_COUNCIL)
    code = f"from policygraph import PolicyGraph; print(PolicyGraph.open({str(path)!r}).stats(as_dict=True)['Article'])"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["72"]
    pg.close()


def test_bindings_are_terms_not_text(memory_graph):
    memory_graph.load(STATE_COUNCIL)
    df = memory_graph.sparql("SELECT ?a WHERE { ?a pg:label ?l }", l="第七条")
    assert len(df) == 1
    evil = '第七条" } ?a ?p ?o { "'
    assert memory_graph.sparql("SELECT ?a WHERE { ?a pg:label ?l }", l=evil).empty


def test_export_round_trips(memory_graph, tmp_path):
    import rdflib

    memory_graph.load(STATE_COUNCIL)
    ttl = memory_graph.export("ttl")
    g = rdflib.Graph().parse(data=ttl.decode("utf-8"), format="turtle")
    assert len(g) == memory_graph.store.count()
    out = tmp_path / "g.jsonld"
    memory_graph.export("jsonld", out)
    assert len(rdflib.Graph().parse(out, format="json-ld")) == len(g)


@pytest.mark.parametrize("name,data,problem", [
    ("trunc.html", "<html><head><title>关于".encode(), "truncated"),
    ("blob.txt", bytes(range(256)) * 10, "binary"),
    ("empty.docx", b"", "empty"),
])
def test_bad_reports_name_the_file_and_the_problem(tmp_path, name, data, problem):
    f = tmp_path / name
    f.write_bytes(data)
    pg = PolicyGraph.open(memory=True)
    with pytest.raises(InputError) as err:
        pg.load(f)
    assert name in str(err.value) and problem in str(err.value)
    assert pg.store.count() == 0


def test_a_gb18030_report_loads_like_the_utf8_one(tmp_path):
    from conftest import REPORT

    f = tmp_path / "report-gb.txt"
    f.write_bytes(REPORT.read_text(encoding="utf-8").encode("gb18030"))
    a, b = PolicyGraph.open(memory=True), PolicyGraph.open(memory=True)
    a.load(REPORT)
    b.load(f)
    assert a.stats(as_dict=True) == b.stats(as_dict=True)
