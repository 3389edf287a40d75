"""Progress: a step over a second shows on a terminal; nothing is printed when output is piped."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time

import pytest
from conftest import DATA, ROOT

from policygraph import progress


def test_a_slow_step_shows_on_a_terminal_and_a_quick_one_does_not():
    out = io.StringIO()
    with progress.on_terminal(out, force=True, delay=0.05):
        with progress.task("quick step"):
            pass
        with progress.task("slow step", total=3) as advance:
            for _ in range(3):
                time.sleep(0.1)
                advance()
        with progress.task("next slow step") as advance:  # the line comes back for the next step
            time.sleep(0.2)
    text = out.getvalue()
    assert "slow step" in text and "next slow step" in text and "quick step" not in text


def test_nothing_shows_when_nobody_watches_or_the_stream_is_no_terminal():
    out = io.StringIO()  # not a terminal
    with progress.on_terminal(out, delay=0):
        with progress.task("step") as advance:
            time.sleep(0.05)
            advance()
    assert out.getvalue() == ""
    with progress.task("unwatched") as advance:
        advance(5)  # a no-op


def _load(store, *, terminal: bool) -> str:
    """``graphq load`` of the demo sources into ``store``; what it wrote to stderr (or to the terminal)."""
    cmd = [sys.executable, "-m", "policygraph.cli", "--store", str(store), "load",
           str(DATA / "catalogue.csv"), str(DATA / "reports")]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    if not terminal:
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
        assert done.returncode == 0, done.stderr
        return done.stderr
    import pty

    main, child = pty.openpty()
    proc = subprocess.Popen(cmd, stdin=child, stdout=child, stderr=child, env=env, cwd=ROOT)
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    assert proc.wait(timeout=600) == 0
    os.close(main)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_load_shows_its_steps_on_a_terminal_and_nothing_when_piped(tmp_path):
    seen = _load(tmp_path / "a", terminal=True)
    assert "linking measures to articles" in seen or "reading files" in seen, seen[-2000:]
    assert "read 2 files" in seen
    assert _load(tmp_path / "b", terminal=False) == ""  # piped: no progress, no escape codes
