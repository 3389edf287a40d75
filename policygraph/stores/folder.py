"""The folder of an embedded store: committed versions, one writer's stage, and the locks.

A write never touches what readers read. The folder holds *versions* (Oxigraph databases in
sub-folders) and a pointer file naming the current one::

    store/
      policygraph-store.json   {"current": "v000008-3fa2c1d0"}   replaced atomically (os.replace)
      v000008-3fa2c1d0/        the committed state: never written again
      v000008-3fa2c1d0.readers a lock file readers hold shared while they read that version
      v000009-9b1e77aa/        a writer's stage: a checkpoint of the current version (hard links,
                               milliseconds) that the writer changes and bulk-loads into
      writer.lock              held exclusively by the one writer; says who it is (pid, host)

A load writes its stage, then switches the pointer: a kill at any moment leaves the pointer on the
old version or on the new one, never on anything half-written, and a full disk fails the stage,
not the store. The next writer removes what a killed one left (stages, versions no reader holds).
Any number of processes read (``Store.read_only`` of a version nobody writes) while one writes; a
second writer waits a bounded time, then gets a :class:`~policygraph.errors.StoreError` that names
the holder. Locks are ``flock`` locks: the kernel releases them when a process dies, so no lock
outlives its holder.

A folder from before versions (Oxigraph's own files at the top) is read as version ``"."`` and
becomes a versioned folder at its first write.

>>> import tempfile
>>> folder = StoreFolder(Path(tempfile.mkdtemp()) / "store")
>>> folder.current() is None
True
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import secrets
import shutil
import socket
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import StoreError

POINTER = "policygraph-store.json"
WRITER_LOCK = "writer.lock"
LEGACY = "."  # the version name of a folder from before versions
VERSION = re.compile(r"^v(\d{6,})-[0-9a-f]{8}$")
# Oxigraph's (RocksDB's) own files: what a folder from before versions holds at its top
ROCKSDB_FILE = re.compile(r"^(\d+\.(sst|log)|MANIFEST-\d+|OPTIONS-\d+|CURRENT|IDENTITY|LOCK|LOG(\.old\.\d+)?)$")
KILL_ENV = "POLICYGRAPH_KILL_AT"  # fault injection: the write point at which to kill -9 this process
LOCK_TIMEOUT_ENV = "POLICYGRAPH_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 10.0  # seconds a second writer waits


def fault_point(name: str) -> None:
    """Kill this process (SIGKILL, as ``kill -9`` does) when ``$POLICYGRAPH_KILL_AT`` names this
    point of a write: how tests/reliability kill a real load at the moments between which the
    store must be either the old or the new state. Points: ``staged`` (a batch written to the
    stage), ``before-switch`` (stage and index done, pointer not yet replaced), ``after-switch``
    (pointer replaced, old version not yet removed)."""
    if os.environ.get(KILL_ENV) == name:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


def lock_timeout() -> float:
    """Seconds a writer waits for another: ``$POLICYGRAPH_LOCK_TIMEOUT`` or 10."""
    try:
        return float(os.environ.get(LOCK_TIMEOUT_ENV, DEFAULT_LOCK_TIMEOUT))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


@dataclass
class Reading:
    """A version held for reading: its name and the shared lock that keeps it from removal."""

    version: str | None
    fd: int | None = None

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor drops the flock
            self.fd = None


class StoreFolder:
    """Versions, stage, pointer and locks of one store folder (see the module doc)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            if not self.holds_store(self.path):
                self._mark_empty()
        except OSError as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc.strerror or exc}") from exc

    @staticmethod
    def holds_store(path: Path) -> bool:
        """True if ``path`` is a store folder: its pointer file, or Oxigraph's own files (a folder
        from before versions)."""
        return (path / POINTER).is_file() or (path / "CURRENT").is_file()

    def _mark_empty(self) -> None:
        """Write the pointer of an empty store (no version yet), so that the folder is known as a
        store before its first load; never over a pointer another process wrote meanwhile."""
        tmp = self.path / (POINTER + f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"current": None, "format": 1}), encoding="utf-8")
        try:
            os.link(tmp, self.path / POINTER)  # fails if it exists: no clobbering
        except FileExistsError:
            pass
        finally:
            tmp.unlink()

    # ------------------------------------------------------------------ which version is current
    def current(self) -> str | None:
        """The committed version's name; ``"."`` for a folder from before versions; None if empty."""
        try:
            return json.loads((self.path / POINTER).read_text(encoding="utf-8"))["current"]
        except FileNotFoundError:
            return LEGACY if (self.path / "CURRENT").exists() else None
        except (ValueError, KeyError) as exc:
            raise StoreError(f"the store {self.path} has a damaged {POINTER}: {exc}") from exc

    def stamp(self) -> tuple | None:
        """Changes whenever the pointer is replaced (a new inode each time): cheap to poll."""
        try:
            st = os.stat(self.path / POINTER)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns)

    def data(self, version: str) -> Path:
        return self.path if version == LEGACY else self.path / version

    def _lock_file(self, version: str) -> Path:
        return self.path / ("legacy.readers" if version == LEGACY else version + ".readers")

    # ------------------------------------------------------------------ reading
    def hold_current(self) -> Reading:
        """Take a shared lock on the current version (retrying if a writer switches meanwhile)."""
        for _ in range(100):
            version = self.current()
            if version is None:
                return Reading(None)
            try:
                fd = os.open(self._lock_file(version), os.O_RDONLY | (os.O_CREAT if version == LEGACY else 0))
            except FileNotFoundError:  # removed by a writer's clean-up: a newer version is current
                continue
            fcntl.flock(fd, fcntl.LOCK_SH)
            if (self.data(version) / "CURRENT").exists():
                return Reading(version, fd)
            os.close(fd)
        raise StoreError(f"the store {self.path} changed too often to be read")

    # ------------------------------------------------------------------ writing
    @contextlib.contextmanager
    def writer(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the writer lock; wait up to ``timeout`` seconds for another writer to finish."""
        timeout = lock_timeout() if timeout is None else timeout
        fd = os.open(self.path / WRITER_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = self.holder()
                    os.close(fd)
                    raise StoreError(f"the store {self.path} is being written by {holder}; waited "
                                     f"{timeout:g} s. Try again when it has finished, or use another "
                                     f"store with --store PATH") from None
                time.sleep(0.05)
        try:
            me = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.strftime("%Y-%m-%d %H:%M:%S"),
                  "command": " ".join(sys.argv)[:200]}
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(me, ensure_ascii=False).encode("utf-8"), 0)
            yield
        finally:
            os.close(fd)

    def holder(self) -> str:
        """Who holds the writer lock, as written in the lock file."""
        try:
            h = json.loads((self.path / WRITER_LOCK).read_text(encoding="utf-8"))
            return f"process {h['pid']} on {h['host']} (since {h['since']}: {h['command']})"
        except (OSError, ValueError, KeyError):
            return "another process"

    def new_version(self, base: str | None) -> str:
        """A fresh version name, numbered after ``base``, never used before (a random suffix)."""
        n = int(VERSION.match(base).group(1)) + 1 if base and VERSION.match(base) else 1
        name = f"v{n:06d}-{secrets.token_hex(4)}"
        self._lock_file(name).touch()
        return name

    def commit(self, version: str) -> None:
        """Make ``version`` the current one: write the pointer beside, then replace it atomically."""
        tmp = self.path / (POINTER + f".{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({"current": version, "format": 1}, f)
            f.flush()
            os.fsync(f.fileno())
        fault_point("before-switch")
        os.replace(tmp, self.path / POINTER)
        fault_point("after-switch")
        dir_fd = os.open(self.path, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    def discard(self, version: str) -> None:
        """Remove a stage that will not be committed."""
        shutil.rmtree(self.data(version), ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            self._lock_file(version).unlink()

    def clean(self) -> list[str]:
        """Remove stages and old versions that no reader holds (only while holding the writer lock)."""
        current, removed = self.current(), []
        for entry in sorted(os.listdir(self.path)):
            name = entry.removesuffix(".readers").removesuffix(".tmp")
            if name == current or not VERSION.match(name) or entry != name and (self.path / name).exists():
                continue
            if self._remove_unread(name):
                removed.append(name)
        for entry in sorted(os.listdir(self.path)):
            if entry.startswith(POINTER + ".") and entry.endswith(".tmp"):
                (self.path / entry).unlink()
        if current not in (None, LEGACY) and (self.path / "CURRENT").exists() and self._remove_unread(LEGACY):
            removed.append(LEGACY)
        return removed

    def _remove_unread(self, version: str) -> bool:
        fd = os.open(self._lock_file(version), os.O_RDONLY | os.O_CREAT)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # a reader still has it open
            os.close(fd)
            return False
        try:
            if version == LEGACY:
                for f in os.listdir(self.path):
                    if ROCKSDB_FILE.match(f):
                        (self.path / f).unlink()
            else:
                shutil.rmtree(self.data(version), ignore_errors=True)
            self._lock_file(version).unlink()
        finally:
            os.close(fd)
        return True
