"""Progress of long jobs: a bar (or a spinner with the time spent) on a terminal, nothing otherwise.

Code that may take long wraps each step in :func:`task` and calls the function it yields as work
gets done; that costs nothing unless someone is watching. ``graphq`` watches with
:func:`on_terminal`: when standard error is a terminal, a step that runs for more than a second
shows a line (description, bar when the total is known, count, elapsed time), cleared when the
step ends; piped or redirected output stays clean. In a notebook, wrap a call in
``with progress.on_terminal(force=True):`` to see the same.

>>> with task("counting", total=3) as advance:      # nobody watches: nothing is shown
...     for _ in range(3):
...         advance()
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

DELAY = 1.0  # seconds a step runs before it is shown: quick commands print nothing extra

_watcher: ContextVar[_Watcher | None] = ContextVar("policygraph_progress", default=None)


def _nothing(n: int = 1) -> None:
    return None


@contextmanager
def task(description: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
    """A step of a long job; yields ``advance(n=1)``. ``total`` None shows a spinner."""
    watcher = _watcher.get()
    if watcher is None:
        yield _nothing
        return
    with watcher.task(description, total) as advance:
        yield advance


@contextmanager
def on_terminal(stream=None, *, force: bool = False, delay: float = DELAY) -> Iterator[None]:
    """Show the steps run inside on ``stream`` (standard error) when it is a terminal."""
    stream = stream if stream is not None else sys.stderr
    if not (force or _is_terminal(stream)) or _watcher.get() is not None:
        yield
        return
    watcher = _Watcher(stream, delay, force)
    token = _watcher.set(watcher)
    try:
        yield
    finally:
        _watcher.reset(token)
        watcher.stop()


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or not a file
        return False


class _Watcher:
    """One rich Progress for the steps of a command, started only once a step outlives ``delay``."""

    def __init__(self, stream, delay: float, force: bool = False):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TimeElapsedColumn(),
                                 console=Console(file=stream, force_terminal=force or None), transient=True,
                                 redirect_stdout=False, redirect_stderr=False)  # stdout stays the real one
        self.delay = delay
        self.lock = threading.Lock()
        self.started = False
        self.timers: list[threading.Timer] = []

    def _start(self) -> None:
        with self.lock:
            if not self.started:
                self.progress.start()
                self.started = True

    @contextmanager
    def task(self, description: str, total: int | None):
        task_id = self.progress.add_task(description, total=total)
        timer = threading.Timer(self.delay, self._start)
        timer.daemon = True
        self.timers.append(timer)
        timer.start()
        try:
            yield lambda n=1: self.progress.advance(task_id, n)
        finally:
            timer.cancel()
            self.progress.remove_task(task_id)
            if not self.progress.tasks:  # the line goes as soon as its step ends: output follows cleanly
                self.stop()

    def stop(self) -> None:
        for t in self.timers:
            t.cancel()
        with self.lock:
            if self.started:
                self.progress.stop()
                self.started = False
