"""One bulk load of the embedded store fed through a pipe, batch after batch.

Oxigraph's bulk loader writes sorted files and hands them to RocksDB. Each separate bulk load into
a store that already holds data overlaps what is there (quads are keyed by hashes), so RocksDB
compacts: on the laws corpus thirteen bulk loads of one batch each spent 28 CPU seconds compacting,
one bulk load of the same quads none, and the thirteen took 1.3x its CPU time. A :class:`BulkStream`
keeps one bulk load open for a whole write session: a thread runs ``Store.bulk_load`` reading from
a pipe, and the builder writes each batch's N-Quads into the pipe while the loader parses the last
one. The loader's memory is its own (bounded by Oxigraph's batch size), the pipe holds a few MB, and
the builder blocks when the loader is behind, so no more than a batch waits in Python. A graph
met again later in the session (a version in two files) is added to the stream as well, its digest
quad held back until the writes end (``_Session.end_writes``): only a read of the stage ends a stream.

>>> from pyoxigraph import Store
>>> from concurrent.futures import ThreadPoolExecutor
>>> store, pool = Store(), ThreadPoolExecutor(1)
>>> s = BulkStream(store, pool)
>>> s.write(b'<urn:s> <urn:p> "1" <urn:g> .\\n')
>>> s.write(b'<urn:s> <urn:p> "2" <urn:g> .\\n')
>>> s.close()                   # the end of the input
>>> s.future.result()           # the load finishes
>>> len(store)
2
"""

from __future__ import annotations

import contextlib
import os
from concurrent.futures import Executor

from pyoxigraph import RdfFormat, Store

from .folder import fault_point

CHUNK = 1 << 20  # bytes per write into the pipe (the loader reads as much at a time)


class BulkStream:
    """A bulk load of ``store`` running in ``executor`` that reads the N-Quads :meth:`write` sends,
    until :meth:`close`. ``future`` is the load: it raises what the loader raised."""

    def __init__(self, store: Store, executor: Executor):
        r, self._w = os.pipe()
        with contextlib.suppress(AttributeError, OSError):  # a larger pipe where the system allows it
            import fcntl

            fcntl.fcntl(self._w, fcntl.F_SETPIPE_SZ, CHUNK)
        self._reader = os.fdopen(r, "rb", buffering=CHUNK)
        self.future = executor.submit(self._run, store)
        self.closed = False

    def _run(self, store: Store) -> None:
        try:
            store.bulk_load(self._reader, format=RdfFormat.N_QUADS)
        finally:
            # a loader that stopped (bad data, full disk) stops reading: closing its end makes the
            # builder's next write fail at once (EPIPE) instead of waiting forever on a full pipe
            self._reader.close()
        fault_point("staged")

    def write(self, data: bytes) -> None:
        """Send ``data`` (whole N-Quads lines) to the loader; raises what the loader raised if it
        has stopped."""
        view = memoryview(data)
        try:
            while view:
                n = os.write(self._w, view[:CHUNK])
                view = view[n:]
        except BrokenPipeError:
            self.close()
            self.future.result()  # the loader's own error
            raise

    def close(self) -> None:
        """End the input: the loader finishes what it has read (wait on :attr:`future`)."""
        if not self.closed:
            self.closed = True
            os.close(self._w)
