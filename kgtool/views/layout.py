"""Deterministic 2-D starting positions of a network (Fruchterman–Reingold with numpy).

The explorer (:mod:`kgtool.views.explorer`) embeds these positions; the fcose layout in the page
refines them, so the same graph always gives the same picture.
"""
from __future__ import annotations

import math
from typing import Any

import networkx as nx

__all__ = ["layout_positions"]


def _fruchterman_reingold(n: int, edges: list[tuple[int, int]], *, seed: int,
                          iterations: int):
    """Fruchterman–Reingold positions (n × 2, in [-1, 1]) with numpy only, in row chunks."""
    import numpy as np

    rng = np.random.RandomState(seed)
    pos = rng.rand(n, 2).astype(np.float32)
    k2 = np.float32(1.0 / n)
    k = math.sqrt(1.0 / n)
    e = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    t = 0.1
    dt = t / (iterations + 1)
    chunk = max(1, 4_000_000 // n)
    for _ in range(iterations):
        x, y = pos[:, 0], pos[:, 1]
        disp = np.zeros((n, 2), dtype=np.float32)
        for lo in range(0, n, chunk):
            dx = x[lo:lo + chunk, None] - x[None, :]
            dy = y[lo:lo + chunk, None] - y[None, :]
            w = dx * dx
            w += dy * dy
            np.maximum(w, np.float32(1e-4), out=w)
            np.divide(k2, w, out=w)
            disp[lo:lo + chunk, 0] = (dx * w).sum(axis=1)
            disp[lo:lo + chunk, 1] = (dy * w).sum(axis=1)
        if len(e):
            delta = pos[e[:, 0]] - pos[e[:, 1]]
            dist = np.maximum(np.sqrt((delta ** 2).sum(axis=1)), np.float32(1e-2))
            pull = delta * (dist / np.float32(k))[:, None]
            np.add.at(disp, e[:, 0], -pull)
            np.add.at(disp, e[:, 1], pull)
        length = np.maximum(np.sqrt((disp ** 2).sum(axis=1)), np.float32(1e-2))
        pos += disp * (np.minimum(length, t) / length)[:, None]
        t -= dt
    pos -= pos.mean(axis=0)
    return pos / max(float(np.abs(pos).max()), 1e-9)


def layout_positions(g: nx.Graph, *, seed: int = 7) -> dict[Any, tuple[float, float]]:
    """Deterministic 2-D positions for ``g`` (Fruchterman–Reingold with a fixed seed).

    Computed with numpy in chunks (no scipy), so a few thousand nodes take seconds; the
    result is scaled so that the drawing spans about 40·√n units.

    :param g: any networkx graph (directions, self-loops and parallel edges are ignored).
    :param seed: the random seed of the initial positions.
    :returns: node → (x, y).

    >>> pos = layout_positions(nx.path_graph(3))
    >>> sorted(pos) == [0, 1, 2] and pos == layout_positions(nx.path_graph(3))
    True
    """
    order = sorted(g.nodes, key=str)
    n = len(order)
    if n == 0:
        return {}
    if n == 1:
        return {order[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(order)}
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v]))
                    for u, v in g.edges() if u != v})
    raw = _fruchterman_reingold(n, pairs, seed=seed, iterations=100 if n <= 1000 else 50 if n <= 3000 else 30)
    scale = 40.0 * math.sqrt(n)
    return {node: (round(float(raw[i, 0]) * scale, 2), round(float(raw[i, 1]) * scale, 2))
            for node, i in index.items()}
