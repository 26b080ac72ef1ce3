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

    @cached_property
    def actor_rows(self):
        degrees = self.metrics.degrees
        return [
            {
                "actor": actor,
                "quadrant": self.quadrants[actor.ref],
                "quadrant_label": QUADRANT_LABELS[self.quadrants[actor.ref]],
                "degree": degrees[actor.ref],
                "proxy": self.actor_by_id.get(actor.proxy_id),
                "anchor": ref_anchor(actor.ref),
            }
            for actor in self.actors
        ]

    @cached_property
    def flow_rows(self):
        return [
            {
                "flow": flow,
                "source": self.actor_by_id[flow.source_id],
                "target": self.actor_by_id[flow.target_id],
                "anchor": ref_anchor(flow.ref),
                "tangibility": flow.tangibility,
            }
            for flow in self.flows
        ]

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
        """Quadrant code → actor names, in the order the 2×2 grid is drawn."""  # noqa: RUF002
        cells = {code: [] for code in rules.QUADRANTS}
        for row in self.actor_rows:
            cells[row["quadrant"]].append(row["actor"])
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
        positions = self.map_positions()
        nodes = [
            {
                "actor": actor,
                "x": positions[actor.pk][0],
                "y": positions[actor.pk][1],
                "r": 8 + 3 * actor.influence,
                "colour": SECTOR_COLOURS.get(actor.sector, SECTOR_COLOURS["other"]),
                "label": Truncator(actor.name).chars(LABEL_CHARS),
                "anchor": ref_anchor(actor.ref),
            }
            for actor in self.actors
        ]
        by_id = {node["actor"].pk: node for node in nodes}
        edges = []
        for flow in self.flows:
            a, b = by_id[flow.source_id], by_id[flow.target_id]
            edges.append(
                {
                    "flow": flow,
                    "x1": a["x"],
                    "y1": a["y"],
                    "x2": b["x"],
                    "y2": b["y"],
                    "colour": TANGIBILITY_COLOURS[flow.tangibility],
                    "dash": STATUS_DASH.get(flow.status, ""),
                    "width": 1 + (flow.strength or 1),
                    "source": a["actor"],
                    "target": b["actor"],
                }
            )
        return {
            "width": int(layout.WIDTH),
            "height": int(layout.HEIGHT),
            "nodes": nodes,
            "edges": edges,
            "sectors": [
                (code, label, SECTOR_COLOURS[code]) for code, label in Actor.Sector.choices
            ],
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
