"""Start a throw-away Oxigraph server (the ``oxigraph`` package from PyPI) for tests.

A second, independent SPARQL 1.1 server beside Virtuoso: queries at ``/query``, updates at
``/update``, Graph Store Protocol at ``/store``, each update request one transaction. Started with
``--union-default-graph`` (policygraph's queries read the union of the named graphs), on a free
loopback port, with its database in a temporary folder removed at exit.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import pytest
from falkordb_server import free_port


class OxigraphServer:
    def __init__(self):
        self.binary = shutil.which("oxigraph")
        if self.binary is None:
            raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="oxigraph-server-")
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> OxigraphServer:
        self.process = subprocess.Popen(
            [self.binary, "serve", "--location", self.dir, "--bind", f"127.0.0.1:{self.port}", "--union-default-graph"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.base + "/query?query=ASK%7B%7D", timeout=2):
                    return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"oxigraph serve did not answer within {timeout:g}s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def oxigraph_server():
    """The server's base URL (``http://127.0.0.1:<port>``; ``/query``, ``/update``, ``/store``)."""
    if shutil.which("oxigraph") is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph): no second SPARQL server")
    server = OxigraphServer().start()
    try:
        yield server.base
    finally:
        server.stop()
