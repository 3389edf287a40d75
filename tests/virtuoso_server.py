"""Start a throw-away Virtuoso (Debian's virtuoso-opensource) for tests and benchmarks.

``tests/conftest.py`` imports the fixture. Outside pytest::

    with VirtuosoServer() as server:
        print(server.sparql_url)       # http://127.0.0.1:<free port>/sparql
        print(server.graph_store_url)  # http://127.0.0.1:<free port>/sparql-graph-crud

The server listens on loopback only (SQL and HTTP ports picked free), keeps its database in its own
temporary folder, from a configuration written here; SPARQL updates are granted to the anonymous
``SPARQL`` account once it is online (``GRANT SPARQL_UPDATE TO "SPARQL"``, through ``isql-vt``).
It is stopped, and its folder removed, at exit. Needs ``apt-get install virtuoso-opensource``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import pytest
from falkordb_server import free_port

SERVER = "virtuoso-t"
ISQL = "isql-vt"  # Debian's name for Virtuoso's isql (plain isql is unixODBC's)

# ResultSetMaxRows: Virtuoso cuts SELECT results at 10000 rows by default; the store reports a cut
# result as an error, so the server the tests use sends whole results.
INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {dir}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
CheckpointInterval = 60
CaseMode = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 8
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 300
MaxQueryCostEstimationTime = 0
"""


def virtuoso_binaries() -> tuple[str, str] | None:
    """(virtuoso-t, isql-vt) on PATH, or None."""
    server, isql = shutil.which(SERVER), shutil.which(ISQL)
    return (server, isql) if server and isql else None


class VirtuosoServer:
    """A Virtuoso with its own database folder; ``max_rows`` is its ``ResultSetMaxRows``."""

    def __init__(self, max_rows: int = 5_000_000):
        found = virtuoso_binaries()
        if found is None:
            raise RuntimeError("Virtuoso is not installed (apt-get install virtuoso-opensource)")
        self.server, self.isql = found
        self.max_rows = max_rows
        self.sql_port, self.http_port = free_port(), free_port()
        self.process: subprocess.Popen | None = None
        self.dir: str | None = None
        self.log = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql_url(self) -> str:
        return self.base + "/sparql"

    @property
    def graph_store_url(self) -> str:
        return self.base + "/sparql-graph-crud"

    def start(self, timeout: float = 120.0) -> VirtuosoServer:
        self.dir = tempfile.mkdtemp(prefix="virtuoso-")
        ini = os.path.join(self.dir, "virtuoso.ini")
        with open(ini, "w", encoding="utf-8") as f:
            f.write(INI.format(dir=self.dir, sql_port=self.sql_port, http_port=self.http_port,
                               max_rows=self.max_rows))
        self.log = open(os.path.join(self.dir, "server.out"), "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen([self.server, "+foreground", "+configfile", ini], cwd=self.dir,
                                        stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self._wait(timeout)
            self._grant_updates()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Virtuoso exited with {self.process.returncode}: {self._tail()}")
            if self._answers():
                return
            time.sleep(0.25)
        raise RuntimeError(f"Virtuoso did not answer on {self.sparql_url} within {timeout:g}s: {self._tail()}")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.sparql_url + "?query=ASK%7B%7D", timeout=2) as r:
                return r.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def _grant_updates(self) -> None:
        self.sql('GRANT SPARQL_UPDATE TO "SPARQL";')

    def sql(self, statement: str) -> str:
        """Run SQL as dba through isql-vt (the fixture's own server: dba's password is dba)."""
        out = subprocess.run([self.isql, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statement}"],
                             capture_output=True, text=True, timeout=60)
        if out.returncode != 0 or "*** Error" in out.stdout + out.stderr:
            raise RuntimeError(f"isql-vt {statement!r} failed: {out.stdout[-400:]} {out.stderr[-400:]}")
        return out.stdout

    def _tail(self) -> str:
        try:
            with open(os.path.join(self.dir, "server.out"), "rb") as f:
                return f.read()[-800:].decode(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # Virtuoso checkpoints and exits
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None
        if self.log is not None:
            self.log.close()
            self.log = None
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def __enter__(self) -> VirtuosoServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


@pytest.fixture(scope="session")
def virtuoso_server():
    """A :class:`VirtuosoServer` running for the whole session (``.sparql_url``, ``.graph_store_url``)."""
    if virtuoso_binaries() is None:
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource): no SPARQL server to test "
                    "against")
    server = VirtuosoServer().start()
    try:
        yield server
    finally:
        server.stop()
