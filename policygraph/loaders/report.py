"""Reports as files: read one (plain text, HTML, .docx via ``text.READERS``) and extract it.

The extraction itself is :mod:`policygraph.extractors`; this loader only turns a path (or a text
given directly) into a decoded :class:`~policygraph.records.Source`, at most :data:`MAX_REPORT_CHARS`
long: extraction takes about 30 µs a character, so a text far longer than any report (a whole
archive pasted into one file) gets a clear error in a second instead of running for minutes.

>>> rep = extract_report("关于某区营商环境工作的报告\\n区人大常委会：\\n一、主要工作\\n一是优化服务。已建成驿站30个。\\n特此报告。\\n某区人民政府\\n2022年3月1日")
>>> rep.measures[0].status
['done']
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from ..extractors import extract_report as _extract
from ..records import Report, Source
from . import docx as _docx  # noqa: F401  (registers the .docx reader)
from . import html as _html  # noqa: F401  (registers the .html reader)
from .text import normalise_newlines, read_source

MAX_REPORT_CHARS = 1_000_000  # 30 times the longest report seen (a provincial work report, 33k characters)


def to_source(source_or_path) -> Source:
    """A :class:`Source` from a Source, a path, or the report text itself (a str with a line break)."""
    if isinstance(source_or_path, Source):
        return source_or_path
    if isinstance(source_or_path, str) and ("\n" in source_or_path or len(source_or_path) > 255):
        return Source("<text>", normalise_newlines(source_or_path), "utf-8")
    return read_source(Path(source_or_path))


def extract_report(source_or_path, *, linker: Callable | None = None, pipeline=None) -> Report:
    """Read ``source_or_path`` and extract everything from it (see :func:`policygraph.extractors.extract_report`);
    InputError for a text over :data:`MAX_REPORT_CHARS` (read at call time, so a caller may raise it)."""
    src = to_source(source_or_path)
    if len(src.text) > MAX_REPORT_CHARS:
        raise InputError(src.path, f"the text is {len(src.text):,} characters, over the limit of {MAX_REPORT_CHARS:,} "
                                   "for one report (policygraph.loaders.report.MAX_REPORT_CHARS): is it several "
                                   "reports in one file? Split it, or raise the limit")
    return _extract(src, linker=linker, pipeline=pipeline)


extract = extract_report
