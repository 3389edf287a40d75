"""What FalkorDB spends per batch, by statement shape and batch size (issue 14, item 5).

On the synthetic projection of ``benchmarks/push.py`` (fixed seed), each in a fresh graph of a
throw-away local server (tests/falkordb_server.py), rows/s of:

- one statement per row (MERGE, parameters): the baseline every ratio is against;
- batched ``UNWIND $rows … MERGE`` (the writer's shape) at several batch sizes;
- batched ``UNWIND $rows … CREATE`` (possible only for rows known to be new: a first load);
- the batch written into the query text as literals instead of a parameter;
- MERGE without the ``Resource.iri`` index;

and ``GRAPH.PROFILE`` of one batch of node and relationship MERGEs (where the server's time goes).

    python benchmarks/falkordb_shapes.py [--scale 0.3] [--sample 1000]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from falkordb_server import FalkorDBServer  # noqa: E402
from push import synthetic  # noqa: E402

from policygraph.stores.cypher import merge_nodes, merge_relationships, quote  # noqa: E402
from policygraph.stores.falkordb import FalkorDBStore  # noqa: E402
from policygraph.stores.projection import RESOURCE, project  # noqa: E402


def groups(nodes):
    out: dict[tuple, list] = {}
    for n in nodes:
        out.setdefault(n.labels, []).append({"iri": n.iri, "props": n.props})
    return out


def rel_groups(rels):
    out: dict[str, list] = {}
    for r in rels:
        out.setdefault(r.type, []).append({"s": r.start, "o": r.end})
    return out


def create_nodes(labels) -> str:
    pattern = "".join(":" + quote(x) for x in (*labels, RESOURCE))
    return f"UNWIND $rows AS row CREATE (n{pattern} {{iri: row.iri}}) SET n += row.props"


def create_relationships(rel_type) -> str:
    r = quote(RESOURCE)
    return (f"UNWIND $rows AS row MATCH (a:{r} {{iri: row.s}}) MATCH (b:{r} {{iri: row.o}}) "
            f"CREATE (a)-[:{quote(rel_type)}]->(b)")


def literal(value) -> str:
    """A Cypher literal (strings quoted with escapes; maps and lists recursively)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{quote(k)}: {literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    return "null"


def fresh(server, name: str, index: bool = True) -> FalkorDBStore:
    store = FalkorDBStore(server.url, graph=name)
    store.clear()
    if index:
        store.setup()
    return store


def batched(store, node_groups, rel_groups_, size: int, node_stmt, rel_stmt, *, literals=False):
    """(node seconds, relationship seconds) of writing every group in batches of ``size``."""
    g = store._graph

    def run(statement, rows):
        if literals:
            g.query(statement.replace("$rows", literal(rows)))
        else:
            g.query(statement, {"rows": rows})

    t = time.perf_counter()
    for labels, rows in node_groups.items():
        for i in range(0, len(rows), size):
            run(node_stmt(labels), rows[i:i + size])
    middle = time.perf_counter()
    for rel_type, rows in rel_groups_.items():
        for i in range(0, len(rows), size):
            run(rel_stmt(rel_type), rows[i:i + size])
    return middle - t, time.perf_counter() - middle


def per_row(store, nodes, rels):
    g = store._graph
    t = time.perf_counter()
    for n in nodes:
        labels = "".join(":" + quote(x) for x in (*n.labels, RESOURCE))
        g.query(f"MERGE (n{labels} {{iri: $iri}}) SET n += $props", {"iri": n.iri, "props": n.props})
    middle = time.perf_counter()
    for r in rels:
        g.query(f"MATCH (a:{RESOURCE} {{iri: $s}}) MATCH (b:{RESOURCE} {{iri: $o}}) MERGE (a)-[:{quote(r.type)}]->(b)",
                {"s": r.start, "o": r.end})
    return middle - t, time.perf_counter() - middle


def profile(store, node_groups, rel_groups_, size: int) -> list[str]:
    """GRAPH.PROFILE of one node batch and one relationship batch on a graph that holds the rest."""
    labels, rows = max(node_groups.items(), key=lambda kv: len(kv[1]))
    rel_type, rrows = max(rel_groups_.items(), key=lambda kv: len(kv[1]))
    conn = store._db.connection
    out = []
    for statement, batch in ((merge_nodes(labels), rows[:size]), (merge_relationships(rel_type), rrows[:size])):
        text = statement.replace("$rows", literal(batch))  # PROFILE takes no parameters here
        out.append(f"PROFILE of {statement.split(' MERGE ')[1][:60]}… ({len(batch)} rows):")
        out += ["    " + (r.decode() if isinstance(r, bytes) else str(r))
                for r in conn.execute_command("GRAPH.PROFILE", store.graph_name, text)]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=0.3, help="synthetic graph size (1 = ~100k nodes)")
    ap.add_argument("--sample", type=int, default=1000, help="nodes of the per-row baseline (relationships: 2x)")
    ap.add_argument("--sizes", default="200,1000,2000,5000,20000")
    args = ap.parse_args()
    nodes, rels = project(synthetic(args.scale))
    ng, rg = groups(nodes), rel_groups(rels)
    print(f"{len(nodes):,} nodes, {len(rels):,} relationships (synthetic, scale {args.scale})")
    rows = []
    with FalkorDBServer() as server:
        store = fresh(server, "base")
        batched(store, ng, rg, 2000, merge_nodes, merge_relationships)  # the graph per-row writes into
        sample_n, sample_r = nodes[: args.sample], rels[: 2 * args.sample]
        base = fresh(server, "per_row")
        tn, tr = per_row(base, sample_n, sample_r)
        rows.append(("one MERGE per row (baseline)", "-", len(sample_n) / tn, len(sample_r) / tr))
        for size in map(int, args.sizes.split(",")):
            tn, tr = batched(fresh(server, f"m{size}"), ng, rg, size, merge_nodes, merge_relationships)
            rows.append(("UNWIND $rows MERGE", size, len(nodes) / tn, len(rels) / tr))
        for size in (2000, 20000):
            tn, tr = batched(fresh(server, f"c{size}"), ng, rg, size, create_nodes, create_relationships)
            rows.append(("UNWIND $rows CREATE (new rows only)", size, len(nodes) / tn, len(rels) / tr))
        tn, tr = batched(fresh(server, "lit"), ng, rg, 2000, merge_nodes, merge_relationships, literals=True)
        rows.append(("UNWIND [literals] MERGE", 2000, len(nodes) / tn, len(rels) / tr))
        sub_n = {k: v[: max(1, args.sample // max(1, len(ng)))] for k, v in ng.items()}
        sub_r = {k: v[: max(1, args.sample // max(1, len(rg)))] for k, v in rg.items()}
        n_sub, r_sub = sum(map(len, sub_n.values())), sum(map(len, sub_r.values()))
        tn, tr = batched(fresh(server, "noindex", index=False), sub_n, sub_r, 2000, merge_nodes, merge_relationships)
        rows.append((f"UNWIND MERGE without the iri index ({n_sub} nodes)", 2000, n_sub / tn, r_sub / tr))
        prof = profile(store, ng, rg, 2000)
    base_n, base_r = rows[0][2], rows[0][3]
    print("shape | batch | nodes/s | x per row | relationships/s | x per row")
    print("--- | --- | --- | --- | --- | ---")
    for name, size, n, r in rows:
        print(f"{name} | {size} | {n:,.0f} | {n / base_n:.0f}x | {r:,.0f} | {r / base_r:.0f}x")
    print("\n".join(prof))
    return 0


if __name__ == "__main__":
    sys.exit(main())
