"""The igraph flow-graph metrics agree with a plain networkx computation on random bodies;
igraph is imported without matplotlib."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from vendorlock.metrics.flowgraph import flow_graph_metrics


def _random_union(seed: int) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """Three bodies (12, 25, 40 apps) with random flows, self-loops, duplicates, platform ends."""
    rng = np.random.default_rng(seed)
    sizes = [12, 25, 40]
    src: list[int] = []
    tgt: list[int] = []
    org: list[int] = []
    start = 0
    for code, size in enumerate(sizes):
        m = size * 2
        s = rng.integers(start, start + size, m)
        t = rng.integers(start, start + size, m)
        t[rng.random(m) < 0.1] = -1  # flows to a national platform
        s[rng.random(m) < 0.05] = -1  # flows from one
        src += s.tolist()
        tgt += t.tolist()
        org += [code] * size
        start += size
    return start, np.array(src), np.array(tgt), np.array(org)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_matches_networkx(seed: int) -> None:
    n, src, tgt, org = _random_union(seed)
    got = flow_graph_metrics(n, src, tgt, org)
    for code in np.unique(org):
        members = np.flatnonzero(org == code)
        g = nx.DiGraph()
        g.add_nodes_from(members.tolist())
        g.add_edges_from(
            (int(s), int(t))
            for s, t in zip(src, tgt, strict=True)
            if s in members and t in members and s != t
        )
        expected_b = nx.betweenness_centrality(g, normalized=True)
        for v in members:
            reach = nx.descendants(g, int(v))
            assert got.betweenness[v] == pytest.approx(expected_b[int(v)])
            assert got.blast_radius_apps[v] == len(reach)
            broken = {
                i
                for i, (s, t) in enumerate(zip(src, tgt, strict=True))
                if s in reach or s == v or (t == v and s not in reach)
            }
            assert got.blast_radius_flows[v] == len(broken)


def test_no_applications() -> None:
    empty = np.zeros(0, dtype=np.int64)
    got = flow_graph_metrics(0, empty, empty, empty)
    assert len(got.betweenness) == 0


_IGRAPH_ALONE = """
import sys
from vendorlock.metrics.flowgraph import import_igraph
ig = import_igraph()
pulled = sorted(m for m in sys.modules if m.split(".")[0] == "matplotlib")
print("pulled:", pulled)
assert import_igraph() is ig
print("betweenness:", ig.Graph(n=3, edges=[(0, 1), (1, 2)], directed=True).betweenness())
# the placeholders are gone: where matplotlib is installed, a later import gets the real one
print("placeholders left:", [m for m in ("matplotlib", "matplotlib.pyplot") if m in sys.modules])
"""


def test_igraph_is_imported_without_matplotlib() -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run(
        [sys.executable, "-c", _IGRAPH_ALONE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.splitlines() == [
        "pulled: []",
        "betweenness: [0.0, 1.0, 0.0]",
        "placeholders left: []",
    ]
