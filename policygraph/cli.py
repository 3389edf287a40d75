"""``graphq``: the command line, the Python API one command per method.

Every command calls the :class:`~policygraph.PolicyGraph` method of the same name with the same
options (``graphq coverage X --gaps`` is ``pg.coverage("X", gaps=True)``) and prints what it
returns (:mod:`policygraph.output`); ``graphq demo`` is :func:`policygraph.demo.build`. No query,
loading or formatting logic lives here. Methods without a command are in :data:`PYTHON_ONLY`,
with the reason. Errors print one line and exit with status 1 (2 for usage errors).

>>> from click.testing import CliRunner
>>> CliRunner().invoke(main, ["coverage", "--help"]).output.splitlines()[0]
'Usage: main coverage [OPTIONS] REGULATION'
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import output, progress
from .errors import PolicyGraphError

EXAMPLE_STORE = "~/.policygraph/store"
GROUP_OPTIONS = ("--store", "--neo4j", "--falkordb", "--database")  # options of graphq itself

# public methods of PolicyGraph that have no command, and why
PYTHON_ONLY = {
    "open": "the group's --store / --neo4j / --falkordb / --sparql options open the graph",
    "close": "every command closes the graph it opened",
    "to_rdflib": "returns a Python object; graphq export writes the same triples",
    "to_networkx": "returns a Python object; graphq view draws the graph",
    "show": "displays inline in a notebook; graphq view writes the same page to a file",
}


class Group(click.Group):
    """Turns the package's own errors into one message on stderr and exit status 1, shows progress
    of long steps on a terminal, and says where a misplaced group option goes."""

    def invoke(self, ctx):
        try:
            with progress.on_terminal():
                return super().invoke(ctx)
        except click.NoSuchOption as exc:
            raise _misplaced(exc) from None
        except PolicyGraphError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)


def _misplaced(exc: click.NoSuchOption) -> click.UsageError:
    """``graphq measures --store X``: the option belongs before the command, say so."""
    name = exc.option_name.split("=", 1)[0]
    if name not in GROUP_OPTIONS or exc.ctx is None:
        return exc
    command = exc.ctx.info_name
    return click.UsageError(f"{name} is an option of graphq itself, not of {command}: put it before the "
                            f"command, e.g. graphq {name} PATH {command} ...", ctx=exc.ctx)


def _fmt_option(f):
    return click.option("--format", "fmt", type=click.Choice(output.FORMATS), default="table",
                        show_default=True, help="Output: a rich table, CSV, JSON (a list of objects) or Markdown.")(f)


def _json_flag(f):
    return click.option("--json", "as_json", is_flag=True, help="Shortcut for --format json.")(f)


def _limit_option(default=None):
    def wrap(f):
        return click.option("--limit", type=click.IntRange(min=0), default=default, show_default=default is not None,
                            help="Show at most this many rows (the footer says how many there were).")(f)
    return wrap


def _show(ctx, df, fmt, as_json=False, title=None):
    """Print a frame: tables fit the terminal and print IDs that commands take back; what was
    left out, why an answer is empty and partial texts are said on stderr."""
    fmt = "json" if as_json else fmt
    ids = _ids(ctx)
    click.echo(output.render(df, fmt, title=title, ids=ids))
    if fmt != "table":
        return
    note = getattr(df, "attrs", {}).get("note")
    if note:
        click.echo(f"Note: {note}", err=True)
    hidden = output.left_out(df, ids=ids) if len(df) else []
    if hidden:
        click.echo(f"Not shown (terminal too narrow): {', '.join(hidden)}; --format csv or json has every column",
                   err=True)


def _ids(ctx):
    obj = ctx.find_root().obj or {}
    if obj.get("pg") is None:
        return None
    from .lookup import id_formatter

    return id_formatter(obj["pg"].backend)


def _pairs(values, option: str) -> dict[str, str]:
    """NAME=VALUE options as a dict."""
    out = {}
    for v in values:
        if "=" not in v:
            raise click.BadParameter(f"{v!r} is not NAME=VALUE", param_hint=option)
        k, value = v.split("=", 1)
        out[k] = value
    return out


@click.group(cls=Group, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.option("--store", type=click.Path(file_okay=False), envvar="POLICYGRAPH_STORE",
              help=f"Folder of the embedded store (default $POLICYGRAPH_STORE or {EXAMPLE_STORE}); "
                   f"only load and demo create it.")
@click.option("--neo4j", metavar="URI", help="Use a Neo4j server as the store: bolt://, neo4j://, neo4j+s://, bolt+s://.")
@click.option("--falkordb", metavar="URL", help="Use a FalkorDB server as the store: redis://HOST:PORT.")
@click.option("--database", help="Neo4j database name.")
@click.option("--graph", "graph_name", default="policygraph", show_default=True, help="FalkorDB graph name.")
@click.option("--sparql", metavar="URL", help="Use an RDF server as the store: its SPARQL 1.1 query URL.")
@click.option("--sparql-update", metavar="URL", help="The server's update URL (default: the --sparql URL).")
@click.option("--graph-store", metavar="URL", help="The server's Graph Store Protocol URL, for writing graphs.")
@click.option("--sparql-user", envvar="POLICYGRAPH_SPARQL_USER", help="User at the SPARQL server (or env).")
@click.option("--sparql-password", envvar="POLICYGRAPH_SPARQL_PASSWORD", show_envvar=True,
              help="Password at the SPARQL server; prefer the environment variable.")
@click.version_option(package_name="policygraph")
@click.pass_context
def main(ctx, store, neo4j, falkordb, database, graph_name, sparql, sparql_update, graph_store, sparql_user,
         sparql_password):
    """Query how Chinese regulations are carried out: regulations, reports, measures, units,
    documents and figures, with the evidence for every link.

    \b
    Quick start:
      graphq demo                                  # build the Dalian demo graph
      graphq measures --status planned --unit 各地区   # what the districts still have to deliver
      graphq coverage 优化营商环境条例 --gaps       # articles nobody has acted on
      graphq trace 优化机构设置                    # measure -> article -> regulation
      graphq view -o dalian.html
    """
    if (sparql_update or graph_store) and not sparql:
        raise click.UsageError("--sparql-update and --graph-store need --sparql URL (the query URL)")
    ctx.obj = {"store": store, "neo4j": neo4j, "falkordb": falkordb, "database": database,
               "graph": graph_name, "pg": None,
               "sparql": sparql and {"sparql": sparql, "update": sparql_update, "graph_store": graph_store,
                                     "user": sparql_user, "password": sparql_password}}
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


def store_named(ctx) -> bool:
    """Whether the user named a store (option or environment), rather than relying on the default."""
    obj = ctx.find_root().obj
    return bool(obj["store"] or obj["neo4j"] or obj["falkordb"] or obj["sparql"])


def get_pg(ctx, *, create: bool = False):
    """Open the graph once per command (servers when --neo4j/--falkordb are given). Only ``load``
    and ``demo`` create an embedded store; every other command needs one that exists."""
    obj = ctx.find_root().obj
    if obj["pg"] is None:
        from .api import PolicyGraph

        opts = {}
        if obj["neo4j"]:
            opts = {"neo4j": obj["neo4j"], "database": obj["database"]}
        elif obj["falkordb"]:
            opts = {"falkordb": obj["falkordb"], "graph": obj["graph"]}
        elif obj["sparql"]:
            opts = obj["sparql"]
        else:
            opts = {"create": create}
        obj["pg"] = PolicyGraph.open(obj["store"], **opts)
        ctx.call_on_close(obj["pg"].close)
    return obj["pg"]


# ------------------------------------------------------------------ building the graph
@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--keep-going", is_flag=True, help="Skip files that cannot be read, list them at the end.")
@click.option("--link/--no-link", default=True, show_default=True,
              help="Rank measure -> article links now (else later with `graphq link`).")
@click.option("--regulation", "regulations", multiple=True,
              help="Link the reports against this regulation instead of those they name. Repeatable.")
@_fmt_option
@_json_flag
@click.pass_context
def load(ctx, paths, keep_going, link, regulations, fmt, as_json):
    """Load regulations (laws Markdown), catalogues (CSV) and reports (txt, html, docx).

    Files and folders; folders are walked recursively. Nothing is written unless every file reads
    (use --keep-going to skip bad ones); loading the same file twice changes nothing. Several
    files of one report (its .txt, .docx and .html) are named in the summary, with the one kept.

    \b
    Example:
      graphq load ../shared/laws/行政法规/优化营商环境条例(2019-10-22).md report.txt
    """
    from .loaders import iter_files

    files = list(iter_files(paths))
    pg = get_pg(ctx, create=True)
    with progress.task("reading files", total=len(files)) as advance:
        summary = pg.load(files, keep_going=keep_going, link=link, regulations=list(regulations) or None,
                          progress=lambda _file: advance())
    _print_summary(summary, "json" if as_json else fmt)


def _print_summary(summary, fmt):
    d = summary.as_dict()
    if fmt == "json":
        click.echo(json.dumps(d, ensure_ascii=False, indent=2))
        return
    if fmt == "table":
        click.echo(output.load_summary(d))
    else:
        import pandas as pd

        rows = [{"what": k, "value": v} for k, v in d.items() if not isinstance(v, list)]
        click.echo(output.render(pd.DataFrame(rows), fmt))
    for e in d["errors"]:
        click.echo(f"skipped: {e}", err=True)


@main.command()
@click.option("--regulation", "regulations", multiple=True,
              help="Link against this regulation instead of those each report names. Repeatable.")
@click.option("--report", help="Only this report (its title).")
@click.pass_context
def link(ctx, regulations, report):
    """Rank again the measure -> article links of the stored reports against the regulations now in
    the store (run after loading a regulation's text with --no-link, or to link against others).

    \b
    Example:
      graphq load liaoning.md && graphq link
      graphq link --regulation 辽宁省优化营商环境条例 --report 关于检查…情况的报告
    """
    n = get_pg(ctx).link(regulations=list(regulations) or None, report=report)
    click.echo(f"re-linked {n} reports")


@main.command()
@click.option("-o", "--output", "path", type=click.Path(dir_okay=False), default="policygraph-demo.html",
              show_default=True, help="Where to write the overview view.")
@click.option("--view/--no-view", default=True, show_default=True, help="Write the HTML overview.")
@click.pass_context
def demo(ctx, path, view):
    """Build the demo graph from data the package ships: the State Council 《优化营商环境条例》, the
    Liaoning regulation (partial texts), the regulations catalogue and the Dalian 2021 report;
    then write the overview view and print its path.

    \b
    Example:
      graphq --store ./demo-store demo
    """
    from .demo import build

    made = build(get_pg(ctx, create=True), view=view, path=path)
    _print_summary(made.summary, "table")
    if made.graph.store.path:
        click.echo(f"store: {made.graph.store.path}")
    _show(ctx, output.counts_frame(made.stats), "table", title="demo graph")
    if made.view or made.note:
        click.echo(f"overview: {made.view or made.note}")


@main.command()
@_fmt_option
@_json_flag
@click.pass_context
def stats(ctx, fmt, as_json):
    """Node counts per class.

    \b
    Example:
      graphq stats --format json      # [{"class": "Article", "count": 83}, ...]
    """
    _show(ctx, get_pg(ctx).stats(), fmt, as_json)


@main.command()
@click.argument("query")
@click.option("--bind", "bindings", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to a string literal (an IRI if VALUE starts with http). Repeatable.")
@_fmt_option
@click.pass_context
def sparql(ctx, query, bindings, fmt):
    """Run a SPARQL query over the whole graph (prefixes pg:, eli:, org:, oa:, dct:, skos: ... predefined):
    SELECT prints rows, ASK prints true or false, CONSTRUCT and DESCRIBE print N-Triples. Updates
    (INSERT, DELETE …) are refused: the store is written by loading files.

    \b
    Example:
      graphq sparql 'SELECT ?m ?h WHERE { ?m pg:responsibleUnit ?u ; pg:heading ?h .
                     ?u skos:prefLabel ?name }' --bind name=大连市营商环境建设局 --format json
      graphq sparql 'ASK { ?m a pg:Measure ; pg:status pg:Planned }'
    """
    res = get_pg(ctx).sparql(query, **_pairs(bindings, "--bind"))
    if isinstance(res, (bool, list)):  # ASK, CONSTRUCT
        click.echo(output.sparql_result(res, fmt))
    else:
        _show(ctx, res, fmt)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld"]), default="ttl",
              show_default=True, help="ttl/nt: one graph; nq/trig: one named graph per source file; jsonld.")
@click.option("-o", "--output", "path", type=click.Path(dir_okay=False), help="Write to a file instead of stdout.")
@click.pass_context
def export(ctx, fmt, path):
    """Export the whole graph as Turtle, N-Triples, N-Quads, TriG or JSON-LD. N-Quads and TriG keep
    each source's named graph (what reloading that file replaces).

    \b
    Example:
      graphq export --format ttl -o graph.ttl
      graphq export --format nq -o graph.nq     # with the per-source named graphs
    """
    data = get_pg(ctx).export(fmt, path)
    if path:
        click.echo(path)
    else:
        sys.stdout.buffer.write(data)


@main.command()
@click.pass_context
def validate(ctx):
    """Check the graph against the SHACL shapes; exit status 1 when it does not conform. The report
    lists the failing nodes under the source graph (file) they come from.

    \b
    Example:
      graphq validate && echo ok
    """
    conforms, text = get_pg(ctx).validate()
    click.echo("the graph conforms to the policygraph SHACL shapes" if conforms else text)
    if not conforms:
        sys.exit(1)


# ------------------------------------------------------------------ reports and links
@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--regulation", "regulations", multiple=True,
              help="Rank every measure against this regulation's articles in the store (names as you "
                   "write them), instead of those the report names. Repeatable.")
@_fmt_option
@_json_flag
@click.pass_context
def extract(ctx, path, regulations, fmt, as_json):
    """Extract a report (txt, html, docx, pdf) without writing anything: structure, measures, units,
    documents, figures, dates; with a store (--store) or --regulation, each measure's ranked articles.

    \b
    Examples:
      graphq extract report.txt --format json > report.json
      graphq extract work-report.txt --regulation 优化营商环境条例 --json   # a report that never names it
    """
    from .api import extract as extract_only

    if regulations:
        rep = get_pg(ctx).extract(path, regulations=list(regulations))
    else:
        rep = get_pg(ctx).extract(path) if store_named(ctx) else extract_only(path)
    fmt = "json" if as_json else fmt
    if fmt == "json":
        click.echo(json.dumps(rep.to_json(), ensure_ascii=False, indent=2))
    elif fmt == "table":
        click.echo("\n".join(output.report_summary(rep).splitlines()[:3]))
        _show(ctx, output.report_frame(rep), fmt)
    else:
        _show(ctx, output.report_frame(rep), fmt)


@main.command()
@click.argument("local")
@click.argument("national")
@click.option("-k", default=3, show_default=True, help="Candidates per local article.")
@click.option("--write", is_flag=True, help="Also store the asserted alignments (pg:elaborates).")
@_limit_option()
@_fmt_option
@click.pass_context
def align(ctx, local, national, k, fmt, write, limit):
    """Align each article of a LOCAL regulation with the NATIONAL articles it elaborates.

    LOCAL and NATIONAL are titles of regulations in the store or paths of laws Markdown files.

    \b
    Example:
      graphq align ../shared/laws/DLC/.../北京市优化营商环境条例(2020-03-27).md 优化营商环境条例
    """
    _show(ctx, get_pg(ctx).align(local, national, k=k, write=write, limit=limit), fmt)


# ------------------------------------------------------------------ query helpers
@main.command()
@click.option("--unit", help="A unit as written: 市营商局, 大连市营商环境建设局.")
@click.option("--status", type=click.Choice(["done", "ongoing", "planned"]))
@click.option("--regulation", help="Measures implementing any article of this regulation.")
@click.option("--article", help='An article: "优化营商环境条例 第七条".')
@click.option("--document", help="Measures naming this document.")
@click.option("--section", help="Text in the section heading.")
@_limit_option()
@_fmt_option
@click.pass_context
def measures(ctx, fmt, **filters):
    """Measures with status, deadline, units, documents and the articles they implement. The
    measure column is an ID that trace, neighbors and metrics --measure take back.

    \b
    Example:
      graphq measures --status planned --unit 各地区
      graphq measures --article "优化营商环境条例 第七条" --format json
    """
    _show(ctx, get_pg(ctx).measures(**filters), fmt)


@main.command()
@click.option("--kind", help="Filter by kind (substring): department, leading group, collective ...")
@click.option("--level", type=click.Choice(["national", "provincial", "municipal", "district", "town", "other"]))
@_limit_option()
@_fmt_option
@click.pass_context
def units(ctx, fmt, kind, level, limit):
    """Units with how many measures, documents and figures each is linked to.

    \b
    Example:
      graphq units --level municipal
    """
    _show(ctx, get_pg(ctx).units(kind=kind, level=level, limit=limit), fmt)


@main.command()
@click.argument("unit")
@_limit_option()
@_fmt_option
@click.pass_context
def responsibilities(ctx, unit, fmt, limit):
    """What UNIT is responsible for: measures with status, deadline and the evidence quote.

    \b
    Example:
      graphq responsibilities 市营商局
    """
    _show(ctx, get_pg(ctx).responsibilities(unit, limit=limit), fmt)


@main.command()
@click.option("--relation", type=click.Choice(["is_about", "implements", "drafts", "issues", "revises", "cites"]))
@click.option("--level", help="national, provincial, municipal ...")
@click.option("--doc-type", help="条例, 办法, 方案, 意见, 通知 ...")
@_limit_option()
@_fmt_option
@click.pass_context
def documents(ctx, fmt, relation, level, doc_type, limit):
    """Documents the reports name, and whether they implement, draft, issue, revise or cite them.

    \b
    Example:
      graphq documents --relation drafts
    """
    _show(ctx, get_pg(ctx).documents(relation=relation, level=level, doc_type=doc_type, limit=limit), fmt)


@main.command()
@click.option("--unit", help="Figures of measures naming this unit.")
@click.option("--measure", help="A measure: its ID (as measures prints it), IRI or heading.")
@_limit_option()
@_fmt_option
@click.pass_context
def metrics(ctx, fmt, unit, measure, limit):
    """Reported figures: value, unit, what, kind, as-of date, with their measure.

    \b
    Example:
      graphq metrics --format csv > figures.csv
    """
    _show(ctx, get_pg(ctx).metrics(unit=unit, measure=measure, limit=limit), fmt)


@main.command()
@click.argument("node")
@click.option("--max-hops", default=8, show_default=True, type=click.IntRange(min=1), help="Longest path followed.")
@_limit_option()
@_fmt_option
@click.pass_context
def trace(ctx, node, max_hops, fmt, limit):
    """Every path from a measure or document up to the regulations and articles it implements.
    NODE is a name, a heading, or an ID as a table printed it.

    \b
    Example:
      graphq trace 优化机构设置
      graphq trace 大连市社会信用条例
    """
    _show(ctx, get_pg(ctx).trace(node, max_hops=max_hops, limit=limit), fmt)


@main.command()
@click.argument("regulation")
@click.option("--gaps", is_flag=True, help="Only articles that nothing implements.")
@_limit_option()
@_fmt_option
@click.pass_context
def coverage(ctx, regulation, gaps, fmt, limit):
    """One row per article of REGULATION with the measures and documents implementing it; gap
    marks articles with none. Partial texts say so and never count absent articles as gaps.

    \b
    Example:
      graphq coverage 优化营商环境条例 --gaps
    """
    _show(ctx, get_pg(ctx).coverage(regulation, gaps=gaps, limit=limit), fmt)


@main.command()
@click.option("--unit", help="Only deadlines and figures of measures naming this unit.")
@_limit_option()
@_fmt_option
@click.pass_context
def timeline(ctx, unit, fmt, limit):
    """Dated events, deadlines and figures in date order.

    \b
    Example:
      graphq timeline --unit 国家发展和改革委员会
    """
    _show(ctx, get_pg(ctx).timeline(unit=unit, limit=limit), fmt)


@main.command()
@click.argument("text")
@_limit_option(50)
@_fmt_option
@click.pass_context
def search(ctx, text, limit, fmt):
    """Nodes whose label or text contains TEXT, best first; articles name their regulation.

    \b
    Example:
      graphq search 信用
    """
    _show(ctx, get_pg(ctx).search(text, limit=limit), fmt)


@main.command()
@click.argument("node")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(min=1))
@_limit_option()
@_fmt_option
@click.pass_context
def neighbors(ctx, node, depth, fmt, limit):
    """Nodes linked to NODE (any unit, document, measure, article, or an ID), both directions.

    \b
    Example:
      graphq neighbors 市营商局 --depth 2
    """
    _show(ctx, get_pg(ctx).neighbors(node, depth=depth, limit=limit), fmt)


# ------------------------------------------------------------------ views and servers
@main.command()
@click.option("-o", "--output", "path", type=click.Path(dir_okay=False), help="HTML file (default: policygraph-<view>.html).")
@click.option("--focus", help="Show the neighbourhood of a unit, document, measure or article.")
@click.option("--depth", default=2, show_default=True, help="With --focus: how many hops.")
@click.option("--trace", help="Show the paths from a measure or document up to the regulations.")
@click.option("--coverage", help="Show a regulation's articles coloured by how many measures implement them.")
@click.option("--max-nodes", default=3000, show_default=True, help="Above this the view limits what it draws and says so.")
@click.option("--open", "open_browser", is_flag=True, help="Open the file in a browser.")
@click.pass_context
def view(ctx, path, focus, depth, trace, coverage, max_nodes, open_browser):
    """Write an interactive, self-contained HTML graph view (works offline) and print its path.

    \b
    Examples:
      graphq view                                 # overview: regulation -> articles -> measures -> units
      graphq view --focus 市营商局 --depth 2
      graphq view --trace 优化机构设置
      graphq view --coverage 优化营商环境条例 -o coverage.html
    """
    written = Path(get_pg(ctx).view(focus=focus, depth=depth, trace=trace, coverage=coverage, path=path,
                                    max_nodes=max_nodes)).resolve()
    click.echo(str(written))
    if open_browser:
        import webbrowser

        webbrowser.open(written.as_uri())


@main.command()
@click.option("--neo4j", metavar="URI", help="bolt://, neo4j://, neo4j+s:// or bolt+s:// URI.")
@click.option("--falkordb", metavar="URL", help="redis://HOST:PORT of a FalkorDB server.")
@click.option("--database", help="Neo4j database.")
@click.option("--graph", default="policygraph", show_default=True, help="FalkorDB graph name.")
@click.option("--user", envvar="NEO4J_USER", help="Neo4j user (or NEO4J_USER).")
@click.option("--password", envvar=["NEO4J_PASSWORD", "FALKORDB_PASSWORD"], help="Password (or NEO4J_PASSWORD / FALKORDB_PASSWORD); never printed.")
@click.option("--batch-size", default=2000, show_default=True)
@click.pass_context
def push(ctx, **server):
    """Copy the embedded graph into a Neo4j or FalkorDB server (its property-graph projection).

    \b
    Examples:
      graphq push --falkordb redis://127.0.0.1:6379 --graph dalian
      NEO4J_PASSWORD=... graphq push --neo4j neo4j+s://xxxx.databases.neo4j.io
    """
    if bool(server["neo4j"]) == bool(server["falkordb"]):
        raise click.UsageError("give exactly one of --neo4j URI or --falkordb URL")
    with progress.task("pushing to the server"):
        res = get_pg(ctx).push(**server)
    click.echo(f"pushed {res['nodes']} nodes and {res['relationships']} relationships in {res['seconds']:.1f} s")


@main.command()
@click.argument("query")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter ($NAME). Repeatable.")
@_fmt_option
@click.pass_context
def cypher(ctx, query, params, fmt):
    """Run Cypher on the server store (--neo4j or --falkordb); values go as parameters.

    \b
    Example:
      graphq --falkordb redis://127.0.0.1:6379 cypher \\
        'MATCH (m:Measure)-[:RESPONSIBLE_UNIT]->(u:Unit {prefLabel: $u}) RETURN m.heading' --param u=大连市营商环境建设局
      graphq --falkordb redis://127.0.0.1:6379 cypher 'MATCH (a:Article {number: $n}) RETURN a.label' --param n=7
    """
    kv = {k: _typed(v) for k, v in _pairs(params, "--param").items()}
    _show(ctx, get_pg(ctx).cypher(query, **kv), fmt)


def _typed(value: str):
    """A --param value: JSON numbers, true/false/null and "quoted strings" as such, else the text."""
    try:
        v = json.loads(value)
    except ValueError:
        return value
    return v if isinstance(v, (int, float, bool, str)) or v is None else value


if __name__ == "__main__":  # pragma: no cover
    main()
