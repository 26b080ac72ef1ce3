"""A deterministic force-directed layout of the network map (Fruchterman-Reingold), in pure Python.

Computed on the server so everyone (and the PDF later) sees the same map: the same nodes, edges and
pins always give the same positions. Pinned nodes stay where a person put them and only push the
others. Results are cached by a digest of the input, so a page render after the first costs nothing.
"""

import hashlib
import math
import random
from dataclasses import dataclass

from django.core.cache import cache

WIDTH, HEIGHT = 800.0, 560.0
MARGIN = 48.0
ITERATIONS = 90
CACHE_SECONDS = 60 * 60 * 24


@dataclass(frozen=True)
class Node:
    id: int
    x: float | None = None  # the stored position, used when pinned
    y: float | None = None
    pinned: bool = False


def _digest(nodes, edges, seed) -> str:
    parts = [str(seed)]
    parts += [
        f"{n.id}:{int(n.pinned)}:{n.x if n.pinned else ''}:{n.y if n.pinned else ''}" for n in nodes
    ]
    parts += [f"{a}-{b}" for a, b in edges]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def layout(nodes, edges, seed: int = 0) -> dict[int, tuple[float, float]]:
    """Node id → (x, y) inside WIDTH × HEIGHT; cached (the inputs fully determine the result)."""  # noqa: RUF002
    nodes = sorted(nodes, key=lambda n: n.id)
    edges = sorted({tuple(sorted(edge)) for edge in edges if edge[0] != edge[1]})
    key = "mapping-layout:" + _digest(nodes, edges, seed)
    positions = cache.get(key)
    if positions is None:
        positions = compute(nodes, edges, seed)
        cache.set(key, positions, CACHE_SECONDS)
    return positions


def _clamp(value, low, high):
    return max(low, min(high, value))


def compute(nodes, edges, seed: int = 0, iterations: int = ITERATIONS):
    """The layout itself: seeded start on a circle, then spring forces with a cooling step."""
    count = len(nodes)
    if count == 0:
        return {}
    rng = random.Random(seed)  # noqa: S311
    cx, cy = WIDTH / 2, HEIGHT / 2
    radius = min(WIDTH, HEIGHT) / 2 - MARGIN
    xs, ys, fixed = [], [], []
    for index, node in enumerate(nodes):
        if node.pinned and node.x is not None and node.y is not None:
            xs.append(_clamp(node.x, MARGIN, WIDTH - MARGIN))
            ys.append(_clamp(node.y, MARGIN, HEIGHT - MARGIN))
            fixed.append(True)
        else:
            angle = 2 * math.pi * index / count + rng.uniform(-0.2, 0.2)
            xs.append(cx + radius * math.cos(angle) * 0.8)
            ys.append(cy + radius * math.sin(angle) * 0.8)
            fixed.append(False)
    if count == 1 and not fixed[0]:
        return {nodes[0].id: (cx, cy)}
    index_of = {node.id: i for i, node in enumerate(nodes)}
    links = [(index_of[a], index_of[b]) for a, b in edges if a in index_of and b in index_of]
    area = (WIDTH - 2 * MARGIN) * (HEIGHT - 2 * MARGIN)
    k = math.sqrt(area / count)
    k2 = k * k
    temperature = WIDTH / 8
    cooling = temperature / (iterations + 1)
    moving = [i for i in range(count) if not fixed[i]]
    for _ in range(iterations):
        dx = [0.0] * count
        dy = [0.0] * count
        for i in range(count):
            xi, yi = xs[i], ys[i]
            for j in range(i + 1, count):
                ddx = xi - xs[j]
                ddy = yi - ys[j]
                dist2 = ddx * ddx + ddy * ddy
                if dist2 < 0.01:
                    ddx, ddy, dist2 = 0.1 * (i - j), 0.1, 0.02 + 0.01 * abs(i - j)
                force = k2 / dist2  # repulsion k²/d, applied along the unit vector (÷ d)
                fx, fy = ddx * force, ddy * force
                dx[i] += fx
                dy[i] += fy
                dx[j] -= fx
                dy[j] -= fy
        for a, b in links:
            ddx = xs[a] - xs[b]
            ddy = ys[a] - ys[b]
            dist = math.sqrt(ddx * ddx + ddy * ddy) or 0.01
            force = dist / k  # attraction d²/k along the unit vector
            fx, fy = ddx * force, ddy * force
            dx[a] -= fx
            dy[a] -= fy
            dx[b] += fx
            dy[b] += fy
        for i in moving:
            # A weak pull to the centre keeps unconnected actors on the canvas.
            dx[i] += (cx - xs[i]) * 0.02
            dy[i] += (cy - ys[i]) * 0.02
            length = math.sqrt(dx[i] * dx[i] + dy[i] * dy[i])
            if length > 0:
                step = min(length, temperature)
                xs[i] = _clamp(xs[i] + dx[i] / length * step, MARGIN, WIDTH - MARGIN)
                ys[i] = _clamp(ys[i] + dy[i] / length * step, MARGIN, HEIGHT - MARGIN)
        temperature = max(temperature - cooling, 1.0)
    return {node.id: (round(xs[i], 1), round(ys[i], 1)) for i, node in enumerate(nodes)}
