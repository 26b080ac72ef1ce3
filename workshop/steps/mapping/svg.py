"""The network map's lines and circles as SVG markup.

Written here rather than in a template loop: a map of 60 actors and 120 flows is 180 elements of
10-15 attributes each, which made the loop the slowest part of the step page. Every value that can
hold user text is escaped; the rest are numbers and colours from board.map.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def edges(map_data, marker_id: str) -> SafeString:
    marker = f' marker-end="url(#{escape(marker_id)})"'
    marker_start = f' marker-start="url(#{escape(marker_id)})"'
    return mark_safe(  # safe: user text below goes through escape()
        "\n".join(
            f'<line x1="{e["x1"]}" y1="{e["y1"]}" x2="{e["x2"]}" y2="{e["y2"]}"'
            f' stroke="{e["colour"]}" stroke-width="{e["width"]}"'
            + (f' stroke-dasharray="{e["dash"]}"' if e["dash"] else "")
            + marker
            + (marker_start if e["two_way"] else "")
            + f' data-source="{e["source"]}" data-target="{e["target"]}"'
            f' class="map-edge status-{escape(e["status"])}"><title>{escape(e["title"])}</title></line>'
            for e in map_data["edges"]
        )
    )


def nodes(map_data, position_base: str | None = None) -> SafeString:
    """`position_base` (the tool's URL prefix) makes nodes draggable; the download leaves it out."""
    parts = []
    for n in map_data["nodes"]:
        drag = (
            f' data-position-url="{escape(position_base)}actors/{n["pk"]}/position/"'
            if position_base
            else ""
        )
        dashed = ' stroke-dasharray="3 2"' if n["voiceless"] else ""
        parts.append(
            f'<g class="map-node{" pinned" if n["pinned"] else ""}"'
            f' transform="translate({n["x"]} {n["y"]})" data-actor="{n["pk"]}"{drag}>'
            f"<title>{escape(n['title'])}</title>"
            f'<circle r="{n["r"]}" fill="{n["colour"]}" stroke="{n["ring"]}"'
            f' stroke-width="{n["ring_width"]}"{dashed}/>'
            f'<text x="{n["label_x"]}" y="{n["label_y"]}" text-anchor="{n["label_anchor"]}"'
            ' font-size="13" fill="#1d2733"'
            f' paint-order="stroke" stroke="#ffffff" stroke-width="3">{escape(n["label"])}</text>'
            "</g>"
        )
    return mark_safe("\n".join(parts))  # safe: user text above goes through escape()
