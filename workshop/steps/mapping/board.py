"""Everything the step-1 views show for one team, loaded in a fixed number of queries.

Pages, the facilitator summary, the completion check and the CSV export read a `Board`; derived values
come from rules.py on every load (never stored).
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from workshop.steps.mapping import checks, layout, rules
from workshop.steps.mapping.models import (
    Actor,
    FitCheck,
    Flow,
    ForceAssessment,
    SharedPurpose,
    ValueGap,
)

LABEL_EDGE = 80.0  # nodes this close to a side have their label start or end at the node
LABEL_CHARS = 18  # map labels longer than this end in an ellipsis; the full name is in <title>

# Sector colours on the map (Okabe-Ito, colour-blind safe); the legend names each one.
SECTOR_COLOURS = {
    "public": "#0072B2",
    "private": "#D55E00",
    "civil_society": "#009E73",
    "community": "#CC79A7",
    "academic": "#56B4E9",
    "philanthropic": "#E69F00",
    "other": "#6b7280",
}
# Edge colour by tangibility; dash pattern by status (missing dashed); never colour alone.
TANGIBILITY_COLOURS = {"tangible": "#37474f", "intangible": "#7b3fa0"}
STATUS_DASH = {"existing": "", "proposed": "2 5", "missing": "9 6"}


def _trim(start, end, start_r, end_r):
    """A line from circle edge to circle edge, so the arrowheads show (not hidden under a node)."""
    (x1, y1), (x2, y2) = start, end
    dx, dy = x2 - x1, y2 - y1
    length = (dx * dx + dy * dy) ** 0.5
    if length <= start_r + end_r + 4:
        return f"{x1:.1f}", f"{y1:.1f}", f"{x2:.1f}", f"{y2:.1f}"
    ux, uy = dx / length, dy / length
    return (
        f"{x1 + ux * (start_r + 2):.1f}",
        f"{y1 + uy * (start_r + 2):.1f}",
        f"{x2 - ux * (end_r + 2):.1f}",
        f"{y2 - uy * (end_r + 2):.1f}",
    )


def flow_arrow(flow) -> str:
    return "↔" if flow.direction == Flow.Direction.TWO_WAY else "→"


def ref_anchor(ref: str) -> str:
    """`actor:12` → `actor-12`, the id of the record's table row."""
    return ref.replace(":", "-")


@dataclass
class Board:
    team: object
    threshold: int
    fit_check: FitCheck | None
    forces: list
    actors: list
    flows: list
    gaps: list
    purpose: SharedPurpose | None
    actor_by_id: dict = field(default_factory=dict)

    # --- plain data for the rules --------------------------------------------------------------

    @cached_property
    def actor_data(self):
        return [actor.as_data() for actor in self.actors]

    @cached_property
    def flow_data(self):
        return [flow.as_data() for flow in self.flows]

    @cached_property
    def gap_data(self):
        return [gap.as_data() for gap in self.gaps]

    @cached_property
    def metrics(self):
        return rules.network_metrics(self.actor_data, self.flow_data)

    @cached_property
    def quadrants(self):
        return rules.quadrants(self.actor_data, self.threshold)

    @cached_property
    def quadrant_counts(self):
        return rules.quadrant_counts(self.actor_data, self.threshold)

    @cached_property
    def completion(self):
        return checks.step_completion(
            self.fit_check.as_data() if self.fit_check else None,
            self.actor_data,
            self.flow_data,
            self.gap_data,
            self.purpose.as_data() if self.purpose else None,
        )

    @cached_property
    def ranked_gaps(self):
        by_ref = {gap.ref: gap for gap in self.gaps}
        return [
            {"gap": by_ref[ranked.gap.ref], "priority": ranked.priority, "rank": ranked.rank}
            for ranked in rules.rank_gaps(self.gap_data)
        ]

    @property
    def intangible_pct(self):
        return rules.pct_str(self.metrics.intangible_share, 1)

    @property
    def hub_pct(self):
        return rules.pct_str(self.metrics.hub_share, 1)

    @property
    def convenor(self):
        return next((actor for actor in self.actors if actor.is_convenor), None)

    @property
    def fit_verdict(self):
        return self.fit_check.verdict if self.fit_check else None

    # --- rows for the templates ----------------------------------------------------------------
    # Rows carry finished strings (labels, coordinates, tooltips) so the hot template loops only
    # look values up: `get_FOO_display()` re-flattens the choices on every call, and a map row
    # holds several of them.

    @cached_property
    def labels(self):
        """Choice code → label, translated once per request."""
        return {
            name: {code: str(label) for code, label in choices}
            for name, choices in (
                ("actor_type", Actor.Type.choices),
                ("sector", Actor.Sector.choices),
                ("flow_type", Flow.Type.choices),
                ("status", Flow.Status.choices),
                ("quality", Flow.Quality.choices),
                ("gap_type", ValueGap.Type.choices),
                ("quadrant", QUADRANT_LABELS.items()),
                ("tangibility", TANGIBILITY_LABELS.items()),
            )
        }

    @cached_property
    def actor_rows(self):
        degrees = self.metrics.degrees
        labels = self.labels
        rows = []
        for actor in self.actors:
            quadrant = self.quadrants[actor.ref]
            proxy = self.actor_by_id.get(actor.proxy_id)
            rows.append(
                {
                    "actor": actor,
                    "pk": actor.pk,
                    "name": actor.name,
                    "quadrant": quadrant,
                    "quadrant_label": labels["quadrant"][quadrant],
                    "type_label": labels["actor_type"][actor.actor_type],
                    "sector_label": labels["sector"].get(actor.sector, actor.sector),
                    "scores": f"{actor.influence}/{actor.interest}",
                    "degree": degrees[actor.ref],
                    "proxy": proxy,
                    "proxy_name": proxy.name if proxy else "",
                    "voiceless": actor.voiceless,
                    "anchor": ref_anchor(actor.ref),
                }
            )
        return rows

    @cached_property
    def flow_rows(self):
        labels = self.labels
        rows = []
        for flow in self.flows:
            source = self.actor_by_id[flow.source_id]
            target = self.actor_by_id[flow.target_id]
            tangibility = flow.tangibility
            rows.append(
                {
                    "flow": flow,
                    "pk": flow.pk,
                    "source": source,
                    "target": target,
                    "route": f"{source.name} {flow_arrow(flow)} {target.name}",
                    "label": flow.label,
                    "amount": "" if flow.amount is None else f"{flow.amount} {flow.amount_unit}",
                    "type_label": labels["flow_type"][flow.flow_type],
                    "status_label": labels["status"][flow.status],
                    "quality_label": labels["quality"].get(flow.quality, ""),
                    "tangibility": tangibility,
                    "tangibility_label": labels["tangibility"][tangibility],
                    "anchor": ref_anchor(flow.ref),
                }
            )
        return rows

    @cached_property
    def warnings(self):
        """The completion's warnings, each with links to the records it names."""
        return [
            {
                "alert": alert,
                "links": [
                    (ref_anchor(ref), self.actor_by_id[int(ref.split(":")[1])].name)
                    for ref in alert.refs
                    if ref.startswith("actor:") and int(ref.split(":")[1]) in self.actor_by_id
                ],
            }
            for alert in self.completion.warnings
        ]

    @cached_property
    def grid(self):
        """Quadrant code → actor rows, in the order the 2×2 grid is drawn."""  # noqa: RUF002
        cells = {code: [] for code in rules.QUADRANTS}
        for row in self.actor_rows:
            cells[row["quadrant"]].append(row)
        order = (rules.KEEP_SATISFIED, rules.MANAGE_CLOSELY, rules.MONITOR, rules.KEEP_INFORMED)
        return [
            {"code": code, "label": QUADRANT_LABELS[code], "actors": cells[code]} for code in order
        ]

    def map_positions(self):
        return layout.layout(
            [
                layout.Node(actor.pk, actor.map_x, actor.map_y, actor.map_pinned)
                for actor in self.actors
            ],
            [(flow.source_id, flow.target_id) for flow in self.flows],
            seed=self.team.pk,
        )

    @cached_property
    def map(self):
        """The SVG's nodes and edges, every attribute a finished string (DOMAIN.md 8.5 encoding)."""
        positions = self.map_positions()
        sectors = self.labels["sector"]
        pinned = str(_("pinned"))
        nodes = []
        for row in self.actor_rows:
            actor = row["actor"]
            x, y = positions[actor.pk]
            r = 8 + 3 * actor.influence
            tooltip = [
                actor.name,
                row["sector_label"],
                _("influence %(i)s, interest %(j)s") % {"i": actor.influence, "j": actor.interest},
            ]
            if actor.map_pinned:
                tooltip.append(pinned)
            nodes.append(
                {
                    "actor": actor,
                    "pk": actor.pk,
                    "x": f"{x:.1f}",
                    "y": f"{y:.1f}",
                    "r": r,
                    "label_y": r + 14,
                    # Labels near the sides grow inwards so they are not cut off at the edge.
                    "label_anchor": "start"
                    if x < LABEL_EDGE
                    else "end"
                    if x > layout.WIDTH - LABEL_EDGE
                    else "middle",
                    "label_x": -r if x < LABEL_EDGE else r if x > layout.WIDTH - LABEL_EDGE else 0,
                    "colour": SECTOR_COLOURS.get(actor.sector, SECTOR_COLOURS["other"]),
                    "ring": "#1d2733" if actor.is_convenor else "#ffffff",
                    "ring_width": "3" if actor.is_convenor else "1.5",
                    "voiceless": actor.voiceless,
                    "pinned": actor.map_pinned,
                    "label": Truncator(actor.name).chars(LABEL_CHARS),
                    "title": " · ".join(tooltip),
                    "anchor": row["anchor"],
                }
            )
        by_id = {node["pk"]: node for node in nodes}
        edges = []
        for row in self.flow_rows:
            flow = row["flow"]
            a, b = by_id[flow.source_id], by_id[flow.target_id]
            x1, y1, x2, y2 = _trim(positions[a["pk"]], positions[b["pk"]], a["r"], b["r"])
            edges.append(
                {
                    "flow": flow,
                    "x1": x1,
                    "y1": y1,
                    "x2": x2,
                    "y2": y2,
                    "colour": TANGIBILITY_COLOURS[row["tangibility"]],
                    "dash": STATUS_DASH.get(flow.status, ""),
                    "width": 1 + (flow.strength or 1),
                    "two_way": flow.direction == Flow.Direction.TWO_WAY,
                    "source": a["pk"],
                    "target": b["pk"],
                    "status": flow.status,
                    "title": f"{row['route']}: {flow.label}"
                    f" ({row['type_label']}, {row['status_label']})",
                }
            )
        return {
            "width": int(layout.WIDTH),
            "height": int(layout.HEIGHT),
            "nodes": nodes,
            "edges": edges,
            "sectors": [(code, sectors[code], SECTOR_COLOURS[code]) for code in SECTOR_COLOURS],
        }

    @property
    def counts_by_type(self):
        labels = dict(Actor.Type.choices)
        counts = rules.counts_by((a.actor_type for a in self.actors), rules.ACTOR_TYPES)
        return [(labels[code], count) for code, count in counts.items()]

    @property
    def flows_by_status(self):
        labels = dict(Flow.Status.choices)
        return [(labels[code], count) for code, count in self.metrics.by_status.items()]

    @property
    def quadrant_rows(self):
        return [(QUADRANT_LABELS[code], count) for code, count in self.quadrant_counts.items()]


QUADRANT_LABELS = {
    rules.MANAGE_CLOSELY: _("Manage closely"),
    rules.KEEP_SATISFIED: _("Keep satisfied"),
    rules.KEEP_INFORMED: _("Keep informed"),
    rules.MONITOR: _("Monitor"),
}
TANGIBILITY_LABELS = {"tangible": _("tangible"), "intangible": _("intangible")}
VERDICT_LABELS = {
    rules.PROCEED: _("Proceed"),
    rules.PROCEED_WITH_CAVEATS: _("Proceed with caveats"),
    rules.RECONSIDER: _("Reconsider"),
}


def load(team) -> Board:
    """The team's step-1 records: 8 queries whatever their number."""
    actors = list(Actor.objects.filter(team=team))
    flows = list(Flow.objects.filter(team=team))
    gaps = list(
        ValueGap.objects.filter(team=team).prefetch_related("affected_actors", "related_flows")
    )
    purpose = SharedPurpose.objects.filter(team=team).prefetch_related("addresses_gaps").first()
    fit_check = FitCheck.objects.filter(team=team).first()
    forces = list(ForceAssessment.objects.filter(team=team))
    workshop = team.workshop
    return Board(
        team=team,
        threshold=workshop.quadrant_threshold,
        fit_check=fit_check,
        forces=forces,
        actors=actors,
        flows=flows,
        gaps=gaps,
        purpose=purpose,
        actor_by_id={actor.pk: actor for actor in actors},
    )


def cached(team) -> Board:
    """The board loaded once per request for this team object (page render, not saves)."""
    board = getattr(team, "_mapping_board", None)
    if board is None:
        board = load(team)
        team._mapping_board = board
    return board
