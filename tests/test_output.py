"""What graphq prints: every format of a DataFrame, and the summaries of a load and an extraction."""

import json

import pandas as pd
import pytest
from conftest import REPORT

from policygraph import output
from policygraph.api import extract


@pytest.fixture
def df():
    return pd.DataFrame([{"a": 1, "b": None, "c": "x|y"}, {"a": 2, "b": 1.5, "c": "https://w3id.org/policygraph/id/work/t/s1/m2"}])


def test_every_format(df):
    assert json.loads(output.render(df, "json"))[0] == {"a": 1, "b": None, "c": "x|y"}
    assert output.render(df, "csv").splitlines()[0] == "a,b,c"
    assert "x\\|y" in output.render(df, "md")
    table = output.render(df, "table")
    assert table.endswith("2 rows") and " work/t/s1/m2 " in table  # node IRIs without the id/ base
    with pytest.raises(ValueError, match="unknown format"):
        output.render(df, "xml")


def test_the_summaries():
    rep = extract(REPORT)
    text = output.report_summary(rep)
    assert "19 measures" in text and len(text.splitlines()) == 3 + len(rep.measures)
    d = {"files": 2, "regulations": 1, "articles": 72, "reports": 1, "measures": 19, "graphs_added": 3,
         "graphs_replaced": 0, "graphs_unchanged": 0, "quads_written": 10, "files_without_articles": 1,
         "reports_relinked": 1}
    lines = output.load_summary(d).splitlines()
    assert lines[0].startswith("read 2 files") and "no articles" in lines[2] and "re-linked 1" in lines[3]
    assert output.counts_frame({"B": 2, "A": 1})["class"].tolist() == ["A", "B"]
