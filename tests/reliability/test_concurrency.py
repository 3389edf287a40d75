"""Readers and one writer at once (issue 15, item 1), each in a real process of its own.

A notebook holding ``PolicyGraph.open()`` and CLI reads on the same store work together; a reader
sees the last committed state while a load is half-way; a second writer waits a bounded time and
then says which process holds the store.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DATA, ROOT, STATE_COUNCIL

from policygraph import PolicyGraph, StoreError
from policygraph.stores.oxigraph import OxigraphStore

LIAONING = DATA / "regulations" / "辽宁省优化营商环境条例(2019-07-30).md"
# holds the store's writer lock half-way through a load (after writing, before committing) until
# the file named by argv[2] appears
HOLDER = """
import sys, time
from pathlib import Path
from policygraph import PolicyGraph
pg = PolicyGraph.open(sys.argv[1])
with pg.store.writing():
    pg.load(sys.argv[3])
    print("written", flush=True)
    while not Path(sys.argv[2]).exists():
        time.sleep(0.05)
print("committed", flush=True)
"""


def env() -> dict:
    import os

    return {**os.environ, "PYTHONPATH": str(ROOT)}


def articles(path: Path) -> int:
    code = f"from policygraph import PolicyGraph; print(PolicyGraph.open({str(path)!r}).stats(as_dict=True).get('Article', 0))"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env(), timeout=120)
    assert res.returncode == 0, res.stderr
    return int(res.stdout.split()[-1])


@pytest.fixture
def holder(tmp_path):
    """A second process half-way through loading LIAONING into a store holding STATE_COUNCIL."""
    path, release = tmp_path / "store", tmp_path / "release"
    with PolicyGraph.open(path) as pg:
        pg.load(STATE_COUNCIL)
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), str(release), str(LIAONING)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env())
    line = proc.stdout.readline()
    assert line.strip() == "written", proc.stderr.read()
    yield path, release, proc
    release.touch()
    proc.wait(timeout=120)


def test_readers_see_the_last_committed_state_while_another_process_writes(holder):
    path, release, proc = holder
    notebook = PolicyGraph.open(path)  # a notebook holding the store
    assert notebook.stats(as_dict=True)["Article"] == 72
    assert articles(path) == 72  # a CLI read at the same time: the load is not visible yet
    release.touch()
    assert proc.stdout.readline().strip() == "committed"
    assert proc.wait(timeout=120) == 0
    # the notebook sees the committed load at its next question, without reopening
    assert notebook.stats(as_dict=True)["Article"] == 72 + PolicyGraph.open(memory=True).load(LIAONING).articles
    notebook.close()


def test_a_second_writer_waits_then_names_the_holder(holder):
    path, _, proc = holder
    pg = PolicyGraph(OxigraphStore(path, lock_timeout=0.5))
    t = time.monotonic()
    with pytest.raises(StoreError) as err:
        pg.load(LIAONING)
    waited = time.monotonic() - t
    assert f"process {proc.pid} on " in str(err.value) and "waited 0.5 s" in str(err.value)
    assert 0.5 <= waited < 30
    assert pg.stats(as_dict=True)["Article"] == 72  # the failed writer changed nothing and still reads


def test_a_second_writer_goes_on_when_the_first_has_finished(holder):
    path, release, proc = holder
    pg = PolicyGraph(OxigraphStore(path, lock_timeout=60))
    release.touch()  # the holder commits while this writer waits
    summary = pg.load(DATA / "regulations" / "辽宁省优化营商环境条例(2016-12-07).md")
    assert proc.wait(timeout=120) == 0
    assert summary.result.added and pg.stats(as_dict=True)["RegulationVersion"] == 3
