"""policygraph.demo.build(): what `graphq demo` makes, from data the package ships."""

from policygraph import PolicyGraph, demo


def test_the_demo_graph_and_its_overview(tmp_path):
    made = demo.build(path=tmp_path / "overview.html")
    assert made.stats["Report"] == 1 and made.stats["Measure"] == 19 and made.stats["Article"] >= 72
    assert made.view == (tmp_path / "overview.html").resolve()
    assert made.view.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    again = demo.build(made.graph, view=False)  # loading again changes nothing
    assert not again.summary.result.added and not again.summary.result.replaced and again.view is None


def test_the_demo_sources_are_in_the_package():
    assert all(p.exists() for p in demo.SOURCES)
    assert isinstance(demo.build(view=False).graph, PolicyGraph)
