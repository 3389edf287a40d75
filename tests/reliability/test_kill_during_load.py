"""kill -9 of a real ``graphq load`` at several moments of its write phase (issue 17, item 2).

Each kill leaves the store equal to its export before the load or after it, never anything else;
the next load completes it and removes what the killed one left (its stage).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DATA, ROOT, STATE_COUNCIL

from policygraph import PolicyGraph
from policygraph.stores.folder import KILL_ENV, VERSION

# what the killed load loads: the package's other regulations, its catalogue and its report, in
# batches of 2,000 quads so that the load writes its stage several times before it commits
LOAD = [DATA / "regulations", DATA / "catalogue.csv", DATA / "reports"]


def export(path: Path) -> list[str]:
    with PolicyGraph.open(path) as pg:
        return sorted(pg.export("nt").decode("utf-8").splitlines())


def graphq_load(store: Path, kill_at: str | None = None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POLICYGRAPH_BATCH_QUADS": "2000"}
    if kill_at:
        env[KILL_ENV] = kill_at
    return subprocess.Popen([sys.executable, "-m", "policygraph.cli", "--store", str(store), "load", "--json",
                             *map(str, LOAD)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def stages(store: Path) -> list[str]:
    current = (store / "policygraph-store.json").read_text()
    return [p.name for p in store.iterdir() if VERSION.match(p.name) and p.name not in current]


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    """The store before the load (one regulation) and the export before and after the load."""
    base = tmp_path_factory.mktemp("kill")
    before = base / "before"
    with PolicyGraph.open(before) as pg:
        pg.load(STATE_COUNCIL)
    after = base / "after"
    shutil.copytree(before, after)
    assert graphq_load(after).wait(timeout=600) == 0
    return before, export(before), export(after)


def check(store: Path, pre: list[str], post: list[str]) -> str:
    """Which state the store is in after a kill; then the next load completes it and cleans up."""
    now = export(store)
    assert now in (pre, post), "the store is neither the state before nor the state after the load"
    state = "before" if now == pre else "after"
    assert graphq_load(store).wait(timeout=600) == 0
    assert export(store) == post
    assert stages(store) == []  # the killed load's stage is gone
    return state


@pytest.mark.parametrize(("point", "expected"), [
    ("staged", "before"), ("before-switch", "before"), ("after-switch", "after")])
def test_a_load_killed_at_a_write_point_leaves_the_old_or_the_new_store(states, tmp_path, point, expected):
    before, pre, post = states
    store = tmp_path / "store"
    shutil.copytree(before, store)
    proc = graphq_load(store, kill_at=point)
    assert proc.wait(timeout=600) == -signal.SIGKILL
    assert check(store, pre, post) == expected


@pytest.mark.parametrize("delay", [0.0, 0.3, 1.0])
def test_a_load_killed_from_outside_while_it_writes_leaves_the_old_or_the_new_store(states, tmp_path, delay):
    """kill -9 from outside: when the stage appears, and a little later while batches are written."""
    before, pre, post = states
    store = tmp_path / "store"
    shutil.copytree(before, store)
    proc = graphq_load(store)
    deadline = time.monotonic() + 300
    while not stages(store) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    check(store, pre, post)
