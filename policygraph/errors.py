"""The package's own error types.

Every error a user can cause (bad input, unknown names, a locked store, an unreachable server) is a
:class:`PolicyGraphError`; the CLI prints its message on one line and exits non-zero. Anything else
escaping the package is a bug.

>>> print(NotFoundError("unit", "市营商环境局", ["大连市营商环境建设局"]))
no unit named '市营商环境局'; closest known: 大连市营商环境建设局
>>> print(InputError("report.txt", "the file is empty"))
report.txt: the file is empty
"""

from __future__ import annotations


class PolicyGraphError(Exception):
    """Base class of every error the package raises on purpose."""


class InputError(PolicyGraphError):
    """A file cannot be read or understood. The message names the file and the problem."""

    def __init__(self, path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class StoreError(PolicyGraphError):
    """The store cannot be opened or written (locked by another process, missing, read-only)."""


class NotFoundError(PolicyGraphError, LookupError):
    """A name given by the user matches nothing; the message lists the closest known names."""

    def __init__(self, kind: str, name: str, suggestions=(), *, empty: bool = False, reason: str | None = None):
        self.kind, self.name, self.suggestions, self.reason = kind, name, list(suggestions), reason
        hint = f"; closest known: {', '.join(self.suggestions)}" if self.suggestions else ""
        if reason:  # why the name cannot name anything (an invalid IRI, an empty name)
            hint = f" ({reason})" + hint
        if empty:  # nothing of this kind at all: the store is probably not the one the user meant
            hint = f"; the graph holds no {kind} yet: load files (graphq load PATH) or build the demo (graphq demo)"
        super().__init__(f"no {kind} named {name!r}{hint}")


class ServerError(PolicyGraphError):
    """A graph database server cannot be reached, refuses the credentials or lacks a feature."""


class ExtractionError(InputError):
    """An extraction component failed on a file: the message names the file and the component."""

    def __init__(self, path, component: str, cause: BaseException):
        self.component = component
        super().__init__(path, f"extraction component {component!r} failed: {type(cause).__name__}: {cause}")
