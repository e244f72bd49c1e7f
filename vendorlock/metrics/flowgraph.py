"""Graph metrics of the application flow graph, computed with igraph on compact arrays.

networkx is the model and the export format, but holds ~330 bytes per node+edge and runs
betweenness 80-130x slower than igraph (figures in ``benchmarks/bench_graph.py``). Shortest
paths and reachability never cross a connected component, so one igraph call on the disjoint
union of every organisation's flow graph gives each organisation's own values: betweenness is
then normalised with the organisation's own application count.

Blast radius uses the strongly connected components: every application of one component reaches
the same applications, so reachability is computed once per component on the (acyclic)
condensation, in chunks so memory stays bounded.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import igraph as ig

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

#: Components whose reachable sets are listed per igraph call (bounds peak memory).
REACH_CHUNK = 100_000


@dataclass(frozen=True)
class FlowGraphMetrics:
    """Per-application arrays, aligned with the application positions given in.

    ``betweenness`` is None when it was not asked for (it costs ~100× the blast radius)."""

    betweenness: FloatArray | None
    blast_radius_apps: FloatArray
    blast_radius_flows: FloatArray


def import_igraph() -> ModuleType:
    """igraph, imported without matplotlib.

    ``import igraph`` imports ``matplotlib.pyplot`` whenever matplotlib is installed (for its
    plotting, which vendorlock never uses): 0.4–0.6 s, more than the graph work of a
    2,000-application audit. While igraph is imported, ``matplotlib`` is made unimportable so
    igraph falls back to its own placeholders; the real entries are put back right after, so
    the report charts import matplotlib (or keep the one loaded) as usual. Only plotting *with
    igraph* is lost in this process.
    """
    if "igraph" in sys.modules:
        return sys.modules["igraph"]
    hidden = ("matplotlib", "matplotlib.pyplot")
    saved = {name: sys.modules.get(name) for name in hidden}
    for name in hidden:  # None in sys.modules: `import matplotlib` raises ImportError
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        return importlib.import_module("igraph")
    finally:
        for name, module in saved.items():
            if module is None:
                del sys.modules[name]
            else:
                sys.modules[name] = module


def build_igraph(n: int, src: IntArray, tgt: IntArray) -> ig.Graph:
    # Imported here, and without matplotlib: only the audit path needs igraph.
    ig = import_igraph()

    # Python lists of ints are the fastest way into igraph (faster than numpy arrays).
    return ig.Graph(n=n, edges=list(zip(src.tolist(), tgt.tolist(), strict=True)), directed=True)


def app_edges(src: IntArray, tgt: IntArray, n: int) -> tuple[IntArray, IntArray]:
    """Distinct application→application pairs (self-loops dropped) from flow end positions,
    in increasing (source, target) order.

    What ``np.unique`` of the pair codes gives, as a sort and a mask: numpy 2's ``unique``
    spends ~1 ms on 10,000 flows (a quarter of the flow-graph metrics of a 2,000-application
    body) where sorting takes a quarter of that."""
    keep = (src >= 0) & (tgt >= 0) & (src != tgt)
    pairs = np.sort(src[keep].astype(np.int64) * n + tgt[keep].astype(np.int64))
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if len(pairs) else pairs
    return pairs // n, pairs % n


def normalised_betweenness(graph: ig.Graph, org_sizes: IntArray) -> FloatArray:
    """Directed betweenness / ((n-1)(n-2)), n = the application's organisation size."""
    raw = np.asarray(graph.betweenness(directed=True), dtype=np.float64)
    n = org_sizes.astype(np.float64)
    denom = (n - 1.0) * (n - 2.0)
    out = np.zeros_like(raw)
    np.divide(raw, denom, out=out, where=denom > 0)
    return out


def _reach_sums(dag: ig.Graph, weights: list[FloatArray]) -> list[FloatArray]:
    """For each DAG vertex, the sum of each weight over the vertices it reaches (itself too)."""
    n = dag.vcount()
    sums = [np.zeros(n, dtype=np.float64) for _ in weights]
    for start in range(0, n, REACH_CHUNK):
        stop = min(n, start + REACH_CHUNK)
        reach = dag.neighborhood(vertices=range(start, stop), order=n, mode="out")
        sizes = np.fromiter((len(r) for r in reach), dtype=np.int64, count=stop - start)
        flat = np.fromiter((v for r in reach for v in r), dtype=np.int64, count=int(sizes.sum()))
        offsets = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        for w, out in zip(weights, sums, strict=True):
            out[start:stop] = np.add.reduceat(w[flat], offsets)
    return sums


def blast_radius(
    graph: ig.Graph, es: IntArray, et: IntArray, src: IntArray, tgt: IntArray
) -> tuple[FloatArray, FloatArray]:
    """(applications, flows) that break if each application goes; see flow_graph_metrics.

    ``graph`` is the application graph built from the arcs ``es → et``; ``src``/``tgt`` are
    the flows' end positions (all flows, platform ones included).
    """
    n = graph.vcount()
    scc = np.asarray(graph.connected_components(mode="strong").membership, dtype=np.int64)
    n_scc = int(scc.max()) + 1
    out_flows = np.bincount(src[src >= 0], minlength=n).astype(np.float64)
    size_w = np.bincount(scc, minlength=n_scc).astype(np.float64)
    flow_w = np.asarray(np.bincount(scc, weights=out_flows, minlength=n_scc), dtype=np.float64)
    cs, ct = app_edges(scc[es], scc[et], n_scc)
    dag = build_igraph(n_scc, cs, ct)
    reach_apps, reach_flows = _reach_sums(dag, [size_w, flow_w])

    # Flows into v from outside its component (a platform, or an app v does not reach).
    into = tgt >= 0
    from_same = into & (src >= 0)
    from_same[from_same] = scc[src[from_same]] == scc[tgt[from_same]]
    outside_in = np.bincount(tgt[into & ~from_same], minlength=n).astype(np.float64)
    return reach_apps[scc] - 1.0, reach_flows[scc] + outside_in


def flow_graph_metrics(
    n: int,
    src: IntArray,
    tgt: IntArray,
    org_codes: IntArray,
    *,
    betweenness: bool = True,
) -> FlowGraphMetrics:
    """Betweenness (when ``betweenness``) and blast radius of ``n`` applications.

    ``src``/``tgt``: the position of each flow's source/target application, -1 when that end is
    not an application (a national platform, an unknown system). ``org_codes``: the
    organisation code of each application (betweenness is normalised per organisation).

    Blast radius of ``v``: with ``S`` = ``v`` and every application reachable from it through
    flows, ``blast_radius_apps = |S| - 1`` and ``blast_radius_flows`` = flows leaving any
    application of ``S`` (to anything) + flows arriving at ``v`` from outside ``S``.
    """
    if n == 0:
        empty = np.zeros(0, dtype=np.float64)
        return FlowGraphMetrics(empty if betweenness else None, empty, empty)
    es, et = app_edges(src, tgt, n)
    graph = build_igraph(n, es, et)
    apps, flows = blast_radius(graph, es, et, src, tgt)
    between = None
    if betweenness:
        org_sizes = np.bincount(org_codes, minlength=int(org_codes.max()) + 1)[org_codes]
        between = normalised_betweenness(graph, org_sizes)
    return FlowGraphMetrics(
        betweenness=between,
        blast_radius_apps=apps,
        blast_radius_flows=flows,
    )
