"""The component registry: named components, replaceable, with coded warnings and errors that name
the component and the file."""

import pytest

from policygraph.errors import ExtractionError
from policygraph.extractors import DEFAULT_PIPELINE, REGISTRY, WARNINGS, Pipeline, component, extract_report
from policygraph.loaders.report import to_source

TEXT = "关于某区营商环境工作的报告\n区人大常委会：\n一、主要工作\n一是优化服务。已建成驿站30个。\n特此报告。\n某区人民政府\n2022年3月1日"


def test_every_default_component_is_registered_with_what_it_reads_and_writes():
    assert list(DEFAULT_PIPELINE) == Pipeline().pipe_names
    for name in DEFAULT_PIPELINE:
        comp = REGISTRY[name]
        assert comp.writes and comp.doc, name


def test_add_replace_and_remove_components():
    @component("test_count_measures", reads=("report.measures",), writes=("settings",))
    def count(ctx):
        """Count measures."""
        ctx.settings["n"] = len(ctx.report.measures)
        ctx.warn("W-TEST-001", "test_count_measures", f"{ctx.settings['n']} measures")

    nlp = Pipeline()
    nlp.add_pipe("test_count_measures", after="structure")
    rep = extract_report(to_source(TEXT), pipeline=nlp)
    ours = [w for w in rep.warnings if w.code == "W-TEST-001"]
    assert len(ours) == 1 and str(ours[0]).endswith("1 measures")
    nlp.remove_pipe("metrics")
    assert extract_report(to_source(TEXT), pipeline=nlp).metrics == []


def test_a_failing_component_is_an_error_naming_it_and_the_file():
    @component("test_broken", writes=("report",))
    def broken(ctx):
        """Always fails."""
        raise ValueError("boom")

    nlp = Pipeline()
    nlp.add_pipe("test_broken", before="units")
    with pytest.raises(ExtractionError, match=r"<text>: extraction component 'test_broken' failed: ValueError: boom"):
        extract_report(to_source(TEXT), pipeline=nlp)


def test_unknown_component_names_are_refused():
    with pytest.raises(Exception, match="no extraction component named 'nope'"):
        Pipeline(["units", "nope"])


def test_every_code_a_component_emits_is_listed():
    import pathlib
    import re

    src = "".join(p.read_text(encoding="utf-8") for p in pathlib.Path(extract_report.__code__.co_filename).parent.glob("*.py"))
    emitted = set(re.findall(r"W-[A-Z]+-\d{3}", src)) - {"W-MYFLAG-001"}
    assert emitted <= set(WARNINGS), emitted - set(WARNINGS)


def test_warnings_carry_codes():
    rep = extract_report(to_source("只有一句话的文本。没有标题也没有日期\n和结构的一段文字。"))
    assert {"W-INFO-001", "W-INFO-002", "W-STRUCTURE-001"} <= {w.code for w in rep.warnings}
