"""Geometry of the commons-assessment radar chart; the SVG itself is a template (escaped labels)."""

import math
from dataclasses import dataclass

SIZE = 480  # the viewBox is SIZE x HEIGHT; labels sit outside the rings
HEIGHT = 340
CENTRE_X, CENTRE_Y = SIZE / 2, HEIGHT / 2
RADIUS = 105
MAX_SCORE = 5.0


@dataclass(frozen=True)
class Axis:
    label: str
    lines: list[str]  # the label wrapped for the chart
    score: float
    x: float  # end of the axis line
    y: float
    label_x: float
    label_y: float
    anchor: str  # SVG text-anchor
    point_x: float  # the score's point
    point_y: float


@dataclass(frozen=True)
class Radar:
    axes: list[Axis]
    rings: list[str]  # polygon points of the 1..5 rings
    shape: str  # polygon points of the scores
    width: int = SIZE
    height: int = HEIGHT
    centre_x: float = CENTRE_X
    centre_y: float = CENTRE_Y


def _point(index: int, count: int, fraction: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count  # first axis points up
    return (
        round(CENTRE_X + RADIUS * fraction * math.cos(angle), 1),
        round(CENTRE_Y + RADIUS * fraction * math.sin(angle), 1),
    )


def _wrap(label: str, width: int = 14) -> list[str]:
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])[: width - 1] + "…"]
    return lines or [""]


def radar(rows: list[tuple[str, float]]) -> Radar | None:
    """Needs three or more dimensions to draw a shape; scores are clamped to 0..5."""
    if len(rows) < 3:
        return None
    count = len(rows)
    axes = []
    for index, (label, score) in enumerate(rows):
        end_x, end_y = _point(index, count, 1)
        label_x, label_y = _point(index, count, 1.12)
        point_x, point_y = _point(index, count, max(0.0, min(score, MAX_SCORE)) / MAX_SCORE)
        offset = label_x - CENTRE_X
        anchor = "middle" if abs(offset) < 8 else ("start" if offset > 0 else "end")
        if label_y > CENTRE_Y + RADIUS * 0.9:
            label_y += 8  # clear of the bottom point
        lines = _wrap(label)
        label_y -= (len(lines) - 1) * 8  # centre a two-line label on its point
        axes.append(
            Axis(label, lines, score, end_x, end_y, label_x, label_y, anchor, point_x, point_y)
        )
    rings = [
        " ".join(f"{x},{y}" for x, y in (_point(i, count, ring / MAX_SCORE) for i in range(count)))
        for ring in range(1, int(MAX_SCORE) + 1)
    ]
    shape = " ".join(f"{axis.point_x},{axis.point_y}" for axis in axes)
    return Radar(axes=axes, rings=rings, shape=shape)
