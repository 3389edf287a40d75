"""Extraction of reports: a decoded text in, a :class:`~policygraph.records.Report` out.

:func:`extract_report` runs the default :class:`Pipeline` of named components
(:mod:`policygraph.extractors.pipeline`, registered in :mod:`.components`): place, units, document
info, genre, dates, structure, tense, documents, figures, responsibilities, status, assignment of
mentions to measures, linking and quotes. Each component is a small module of this package.

>>> rep = extract_report("关于某区营商环境工作的报告\\n区人大常委会：\\n一、主要工作\\n一是优化服务。已建成驿站30个。\\n特此报告。\\n某区人民政府\\n2022年3月1日")
>>> [(m.id, m.status, [x.value for x in rep.metrics if x.measure == m.id]) for m in rep.measures]
[('S1.M1', ['done'], [30.0])]
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..errors import InputError
from ..records import Report, Source
from .normalize import simplified_view
from .pipeline import DEFAULT_PIPELINE, REGISTRY, WARNINGS, Component, Context, Pipeline, component

MIN_CHINESE = 10  # fewer than this is a truncated page or a stub, not something to extract from


def extract_report(source: Source | str, *, linker: Callable | None = None, pipeline: Pipeline | None = None) -> Report:
    """Extract everything from one decoded report (``source``: a :class:`Source`, or the text itself;
    to read a file use :func:`policygraph.loaders.report.extract_report`).

    ``linker``: optional ``fn(measures)`` that fills ``measure.articles``. ``pipeline``: another
    :class:`Pipeline` than the default one. Raises :class:`InputError` for texts with (almost) no
    Chinese, and :class:`~policygraph.errors.ExtractionError` when a component fails.
    """
    if isinstance(source, str):
        source = Source("<text>", source.replace("\r\n", "\n"), "utf-8")
    cjk = len(re.findall(r"[\u4e00-\u9fff]", source.text))
    if not cjk:
        raise InputError(source.path, "not a report: the text holds no Chinese characters")
    if cjk < MIN_CHINESE:
        raise InputError(source.path, f"not a report: only {cjk} Chinese characters (an empty or truncated file?)")
    return (pipeline or Pipeline())(source, simplified_view(source.text), linker=linker)


__all__ = ["DEFAULT_PIPELINE", "REGISTRY", "WARNINGS", "Component", "Context", "Pipeline", "component",
           "extract_report"]
