"""A load onto a full disk (issue 17, item 3): a truthful message, the store as it was, no leftovers.

The store lives on a small tmpfs mounted by the test (skipped, with the reason, where mounting is not
allowed); the load needs more room than is left, at several sizes so that the disk fills at
different moments of the write.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from conftest import DATA, STATE_COUNCIL

from policygraph import PolicyGraph, StoreError
from policygraph.stores.folder import VERSION

LOAD = [DATA / "regulations", DATA / "catalogue.csv", DATA / "reports"]


@pytest.fixture
def small_disk(tmp_path):
    """A function mounting a tmpfs of the given size (e.g. ``"6m"``); unmounted at the end."""
    mounts = []

    def mount(size: str) -> Path:
        where = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
        where.mkdir()
        res = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                             capture_output=True, text=True)
        if res.returncode != 0:
            pytest.skip(f"cannot mount a small filesystem here ({res.stderr.strip() or 'mount failed'})")
        mounts.append(where)
        return where

    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small filesystem needs root and mount(8)")
    yield mount
    for where in mounts:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def export(pg: PolicyGraph) -> list[str]:
    return sorted(pg.export("nt").decode("utf-8").splitlines())


@pytest.mark.parametrize("size", ["3500k", "5m", "8m"])
def test_a_full_disk_fails_the_load_truthfully_and_changes_nothing(small_disk, size):
    store = small_disk(size) / "store"
    pg = PolicyGraph.open(store)
    pg.load(STATE_COUNCIL)
    before, articles = export(pg), pg.stats(as_dict=True)["Article"]
    with pytest.raises(StoreError, match="is full: nothing was changed"):
        pg.load(LOAD)
    assert export(pg) == before and pg.stats(as_dict=True)["Article"] == articles
    assert pg.search("营商环境").shape[0] > 0  # the search index still answers
    # no stage is left behind, and a reopened store is the same
    current = (store / "policygraph-store.json").read_text()
    assert [p.name for p in store.iterdir() if VERSION.match(p.name) and p.name not in current] == []
    pg.close()  # closes without an error
    with PolicyGraph.open(store) as again:
        assert export(again) == before
