"""Graph metrics backends side by side: igraph, networkx, scipy.sparse (when importable).

Run: ``.venv/bin/python benchmarks/bench_graph.py [--quick] [--scipy-path DIR]``

Cases (issue 3, Performance):
  (a) one body, 2,000 applications / 10,000 flows: exact betweenness + blast radius;
  (b) 5,000 nodes / 15,000 edges: exact betweenness;
  (c) the disjoint union of 5,000 bodies (~60 applications / 200 flows each): one igraph call
      on the union vs a per-body loop (networkx loop timed on 250 bodies and scaled up);
  --national N: compute_metrics on N synthetic bodies from the demo generator (time, memory).
Prints the median of 3 runs for each backend and the ratios. scipy is not a dependency of
vendorlock; pass ``--scipy-path`` to a folder holding it (``pip install --target DIR scipy``)
to include it. scipy has no betweenness: it only competes on reachability (blast radius).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np

from vendorlock.metrics.flowgraph import app_edges, blast_radius, build_igraph, flow_graph_metrics

Runs = int


def median_time(func: Callable[[], Any], runs: Runs) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def body(n: int, m: int, seed: int, offset: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Random flows of one body: 90 % app→app, 10 % app→platform (-1)."""
    rng = np.random.default_rng(seed)
    src = rng.integers(0, n, m) + offset
    tgt = rng.integers(0, n, m) + offset
    tgt[rng.random(m) < 0.1] = -1
    return src, tgt


def nx_graph(n: int, src: np.ndarray, tgt: np.ndarray) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    es, et = app_edges(src, tgt, n)
    g.add_edges_from(zip(es.tolist(), et.tolist(), strict=True))
    return g


def nx_metrics(n: int, src: np.ndarray, tgt: np.ndarray) -> None:
    g = nx_graph(n, src, tgt)
    nx.betweenness_centrality(g, normalized=True)
    for v in g:
        len(nx.descendants(g, v))


def scipy_blast(n: int, src: np.ndarray, tgt: np.ndarray) -> np.ndarray:
    """Descendant counts: scipy SCC condensation + numpy bitsets over the condensation DAG."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    es, et = app_edges(src, tgt, n)
    adj = csr_matrix((np.ones(len(es), dtype=np.int8), (es, et)), shape=(n, n))
    k, label = connected_components(adj, directed=True, connection="strong")
    cs, ct = app_edges(label[es], label[et], k)
    dag = csr_matrix((np.ones(len(cs), dtype=np.int8), (cs, ct)), shape=(k, k))
    words = (n + 63) // 64
    bits = np.zeros((k, words), dtype=np.uint64)
    members = np.arange(n)
    np.bitwise_or.at(bits, (label, members // 64), np.uint64(1) << (members % 64).astype(np.uint64))
    # Topological order of the condensation (Kahn), then OR successors' sets in reverse order.
    indeg = np.bincount(ct, minlength=k)
    order = []
    frontier = list(np.flatnonzero(indeg == 0))
    while frontier:
        c = frontier.pop()
        order.append(c)
        for s in dag.indices[dag.indptr[c] : dag.indptr[c + 1]]:
            indeg[s] -= 1
            if indeg[s] == 0:
                frontier.append(s)
    for c in reversed(order):
        succ = dag.indices[dag.indptr[c] : dag.indptr[c + 1]]
        if len(succ):
            bits[c] |= np.bitwise_or.reduce(bits[succ], axis=0)
    counts = np.unpackbits(bits.view(np.uint8), axis=1).sum(axis=1)
    return counts[label] - 1


def report(title: str, figures: dict[str, float | None]) -> None:
    print(f"\n{title}")
    fastest = min(v for v in figures.values() if v is not None)
    for name, value in figures.items():
        if value is None:
            print(f"  {name:<44} n/a")
        else:
            print(f"  {name:<44} {value:9.3f} s   x{value / fastest:7.1f}")


def case_a(runs: Runs, with_scipy: bool) -> None:
    n, m = 2000, 10_000
    src, tgt = body(n, m, seed=1)
    org = np.zeros(n, dtype=np.int64)
    got = flow_graph_metrics(n, src, tgt, org)
    g = nx_graph(n, src, tgt)
    ref = nx.betweenness_centrality(g, normalized=True)
    assert np.allclose(got.betweenness, [ref[v] for v in range(n)])
    assert all(got.blast_radius_apps[v] == len(nx.descendants(g, v)) for v in range(0, n, 97))
    if with_scipy:
        assert np.array_equal(scipy_blast(n, src, tgt), got.blast_radius_apps)
    es, et = app_edges(src, tgt, n)
    gi = build_igraph(n, es, et)

    def nx_betweenness() -> None:
        nx.betweenness_centrality(nx_graph(n, src, tgt), normalized=True)

    def nx_descendants() -> None:
        gn = nx_graph(n, src, tgt)
        for v in gn:
            len(nx.descendants(gn, v))

    figures: dict[str, float | None] = {
        "igraph: betweenness + blast radius (as used)": median_time(
            lambda: flow_graph_metrics(n, src, tgt, org), runs
        ),
        "igraph: betweenness only": median_time(lambda: gi.betweenness(directed=True), runs),
        "igraph: blast radius only (SCC + reach)": median_time(
            lambda: blast_radius(gi, es, et, src, tgt), runs
        ),
        "networkx: betweenness (with build)": median_time(nx_betweenness, runs),
        "networkx: descendants of every node": median_time(nx_descendants, runs),
        "scipy.sparse: descendant counts (SCC+bitsets)": (
            median_time(lambda: scipy_blast(n, src, tgt), runs) if with_scipy else None
        ),
    }
    report(f"(a) one body: {n} applications, {m} flows, median of {runs}", figures)


def case_a_acyclic(runs: Runs, with_scipy: bool) -> None:
    """The hard case for reachability: an acyclic body (no component shortcut, big reach sets)."""
    n, m = 2000, 10_000
    rng = np.random.default_rng(4)
    a, b = rng.integers(0, n, m), rng.integers(0, n, m)
    src, tgt = np.minimum(a, b), np.maximum(a, b)
    es, et = app_edges(src, tgt, n)
    gi = build_igraph(n, es, et)
    gn = nx_graph(n, src, tgt)
    figures: dict[str, float | None] = {
        "igraph: blast radius (SCC + reach)": median_time(
            lambda: blast_radius(gi, es, et, src, tgt), runs
        ),
        "networkx: descendants of every node": median_time(
            lambda: [len(nx.descendants(gn, v)) for v in gn], runs
        ),
        "scipy.sparse: descendant counts (SCC+bitsets)": (
            median_time(lambda: scipy_blast(n, src, tgt), runs) if with_scipy else None
        ),
    }
    report(f"(a') acyclic body: {n} applications, {len(es)} arcs, median of {runs}", figures)


def case_b(runs: Runs) -> None:
    n, m = 5000, 15_000
    rng = np.random.default_rng(2)
    es, et = app_edges(rng.integers(0, n, m), rng.integers(0, n, m), n)
    gi = ig.Graph(n=n, edges=list(zip(es.tolist(), et.tolist(), strict=True)), directed=True)
    gn = nx.DiGraph()
    gn.add_nodes_from(range(n))
    gn.add_edges_from(zip(es.tolist(), et.tolist(), strict=True))
    figures: dict[str, float | None] = {
        "igraph betweenness": median_time(lambda: gi.betweenness(directed=True), runs),
        "networkx betweenness_centrality": median_time(lambda: nx.betweenness_centrality(gn), runs),
        "scipy.sparse": None,
    }
    report(f"(b) exact betweenness, {n} nodes / {len(es)} edges, median of {runs}", figures)


def case_c(runs: Runs, bodies: int, with_scipy: bool) -> None:
    rng = np.random.default_rng(3)
    sizes = rng.integers(20, 100, bodies)
    offsets = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    parts = [
        body(int(s), int(s) * 10 // 3, seed=i, offset=int(o))
        for i, (s, o) in enumerate(zip(sizes, offsets, strict=True))
    ]
    src = np.concatenate([p[0] for p in parts])
    tgt = np.concatenate([p[1] for p in parts])
    n = int(sizes.sum())
    org = np.repeat(np.arange(bodies), sizes)

    def per_body_igraph() -> None:
        for (s, t), size, off in zip(parts, sizes, offsets, strict=True):
            local_s = np.where(s >= 0, s - off, -1)
            local_t = np.where(t >= 0, t - off, -1)
            flow_graph_metrics(int(size), local_s, local_t, np.zeros(int(size), dtype=np.int64))

    sample = min(250, bodies)

    def per_body_networkx_sample() -> None:
        for (s, t), size, off in list(zip(parts, sizes, offsets, strict=True))[:sample]:
            nx_metrics(int(size), np.where(s >= 0, s - off, -1), np.where(t >= 0, t - off, -1))

    def per_body_scipy() -> None:
        for (s, t), size, off in zip(parts, sizes, offsets, strict=True):
            scipy_blast(int(size), np.where(s >= 0, s - off, -1), np.where(t >= 0, t - off, -1))

    nx_sample = median_time(per_body_networkx_sample, runs)
    figures: dict[str, float | None] = {
        "igraph, one call on the union": median_time(
            lambda: flow_graph_metrics(n, src, tgt, org), runs
        ),
        "igraph, loop over bodies": median_time(per_body_igraph, runs),
        f"networkx, loop (x{bodies / sample:.0f} of {sample} bodies)": nx_sample * bodies / sample,
        "scipy.sparse loop (blast radius only)": (
            median_time(per_body_scipy, runs) if with_scipy else None
        ),
    }
    report(f"(c) {bodies} bodies, {n} applications, {len(src)} flows, median of {runs}", figures)


def _vm(key: str) -> int:
    """A /proc/self/status figure in MiB (VmRSS, VmHWM)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(key):
                return int(line.split()[1]) // 1024
    return -1


def case_national(members: int) -> None:
    """compute_metrics on the demo generator's synthetic set: time and peak memory."""
    from datetime import date

    from vendorlock.demo.generate import DemoOptions, generate_tables
    from vendorlock.metrics import compute_metrics
    from vendorlock.model.portfolio import Portfolio, conform
    from vendorlock.registry import load_registries

    tables = generate_tables(DemoOptions(members=members, seed=1))
    portfolio = Portfolio(**{t.value: conform(t, df) for t, df in tables.items()})
    del tables
    registries = load_registries()
    with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
        fh.write("5")  # reset the peak (VmHWM) to the current RSS
    before = _vm("VmRSS")
    wall, cpu = time.perf_counter(), time.process_time()
    compute_metrics(portfolio, registries, date(2026, 1, 1))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"\n(national) {members} bodies, {portfolio.counts()}")
    print(f"  compute_metrics: {wall:.1f} s wall, {cpu:.1f} s CPU")
    print(f"  memory: {before} MiB with the input loaded, peak {_vm('VmHWM')} MiB during the call")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 run each, 500 bodies in (c)")
    parser.add_argument("--scipy-path", help="folder holding scipy (not a vendorlock dependency)")
    parser.add_argument("--bodies", type=int, default=5000)
    parser.add_argument(
        "--national",
        type=int,
        metavar="BODIES",
        help="only time compute_metrics on BODIES synthetic bodies (50000: minutes, ~5 GiB)",
    )
    args = parser.parse_args()
    if args.national:
        case_national(args.national)
        return
    if args.scipy_path:
        sys.path.append(args.scipy_path)
    try:
        import scipy.sparse  # noqa: F401

        with_scipy = True
    except ImportError:
        with_scipy = False
        print("scipy not importable: its columns show n/a (see --scipy-path)")
    runs = 1 if args.quick else 3
    print(f"igraph {ig.__version__}, networkx {nx.__version__}, numpy {np.__version__}")
    case_a(runs, with_scipy)
    case_a_acyclic(runs, with_scipy)
    case_b(runs)
    case_c(runs, 500 if args.quick else args.bodies, with_scipy)


if __name__ == "__main__":
    main()
