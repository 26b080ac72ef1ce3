"""What the charter preview and the PDF show: one plain context built from a charter snapshot.

A published version renders from its frozen snapshot; the live draft from `build_snapshot(charter)`.
Every derived number (shares, allocations, votes needed, status) comes from governance.rules, on
render. The annexes show the other steps as they are now (the map, the grid, the ranking, the
pilots, the scaling and monitoring plans, the latest health check); an annex without data is left
out, and the later annexes are numbered on. A team may also leave out the context section and any
annex (`Charter.pdf_omit`, DOMAIN.md 4.11): the sections and annexes after it number on too.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workshop.steps.derived import pct_str
from workshop.steps.governance import rules
from workshop.steps.governance import snapshot as snapshots
from workshop.steps.governance.models import (
    AgreementType,
    Charter,
    CharterParty,
    CharterVersion,
    Contribution,
    DecisionRule,
    EscalationStep,
    ExitTrigger,
    GovernanceModel,
    GoverningBody,
    IpBackground,
    IpResults,
    PdfPart,
    Principle,
    ProRataBasis,
    RiskItem,
    SignOff,
    ValueStream,
)

PDF_FONTS = "Charter Sans, Charter Arabic, Charter CJK, sans-serif"  # charter-pdf.css @font-face
LIVE = "live"  # the `version` value that asks for the live draft
LATEST_PUBLISHED = "latest"  # the latest published version, never the draft

# DOMAIN.md 4.11: the numbered sections, in charter order.
SECTIONS = (
    ("parties", gettext_lazy("Parties and representatives")),
    ("context", gettext_lazy("Context and ecosystem")),
    ("purpose", gettext_lazy("Shared purpose, vision and objectives")),
    ("principles", gettext_lazy("Partnering principles")),
    ("scope", gettext_lazy("Scope and boundaries")),
    ("roles", gettext_lazy("Roles and responsibilities")),
    ("governance", gettext_lazy("Governance structure")),
    ("decisions", gettext_lazy("Decision-making")),
    ("contributions", gettext_lazy("Contributions and resource commitments")),
    ("value", gettext_lazy("Value logic and distribution")),
    ("ip_data", gettext_lazy("IP, data, confidentiality and branding")),
    ("risks", gettext_lazy("Risks and safeguards")),
    ("conflict", gettext_lazy("Conflict resolution")),
    ("monitoring", gettext_lazy("Monitoring, review and learning")),
    ("admission", gettext_lazy("New partners and evolution")),
    ("exit", gettext_lazy("Withdrawal, exit and dissolution")),
    ("amendment", gettext_lazy("Amendment and version history")),
    ("signatures", gettext_lazy("Sign-off")),
)
ANNEXES = (
    ("annex_map", gettext_lazy("Ecosystem map")),
    ("annex_grid", gettext_lazy("Power and interest grid")),
    ("annex_selection", gettext_lazy("Partner selection: criteria and ranking")),
    ("annex_pilot", gettext_lazy("Pilot plan and learning")),
    ("annex_scaling", gettext_lazy("Scaling plan")),
    ("annex_indicators", gettext_lazy("Monitoring plan")),
    ("annex_health", gettext_lazy("Latest health check")),
)
# Annexes that appear only when their step has data: the Document attribute that holds it.
OPTIONAL_ANNEXES = {
    "annex_pilot": "pilot",
    "annex_scaling": "scaling",
    "annex_indicators": "indicators",
    "annex_health": "health",
}

# What a team may leave out of the PDF (Charter.pdf_omit): the context section and every annex.
OMITTABLE = frozenset(PdfPart.values)

NON_BINDING = gettext_lazy(
    "This partnering agreement is not a legally binding contract. It records the commitments the "
    "partners intend to honour in good faith."
)


class NoCharter(LookupError):
    """The team has no charter, or not the version asked for."""


def _labels(model, name) -> dict[str, str]:
    return {code: str(label) for code, label in model._meta.get_field(name).choices}


def _choices(choices) -> dict[str, str]:
    return {code: str(label) for code, label in choices.choices}


def _money(value) -> str:
    """12345.5 → "12,345.50" in English, "12.345,50" in German; empty for no value."""
    if value in (None, ""):
        return ""
    return formats.number_format(Decimal(value), 2, force_grouping=True)


@dataclass
class Document:
    """The template context of templates/charter/_document.html."""

    team: object
    workshop: object
    snapshot: dict
    version: CharterVersion | None  # None = the live draft
    status: str
    status_label: str
    content_sha256: str
    date: datetime.date
    versions: list = field(default_factory=list)  # up to this one: the version history
    sign_offs: list = field(default_factory=list)
    all_versions: list = field(default_factory=list)  # every published version (the preview's menu)
    agreed: bool = False  # every signing party agreed to this version (it may be superseded since)
    omit: frozenset = frozenset()  # the parts the team leaves out (Charter.pdf_omit), any version
    charter: Charter | None = None  # the live record (its pdf_omit and version for the form)
    language: str = ""  # what the PDF prints titles, labels and dates in (print_language)

    # --- identity ------------------------------------------------------------------------------

    @property
    def title(self) -> str:
        return self.snapshot.get("title", "")

    @property
    def version_label(self) -> str:
        if self.version is None:
            return _("Live draft")
        return _("Version %(number)s") % {"number": self.version.number}

    @property
    def is_agreed(self) -> bool:
        """No DRAFT watermark: the version was agreed, even if a later one superseded it."""
        return self.agreed

    @property
    def hash12(self) -> str:
        return self.content_sha256[:12]

    @property
    def agreement_type_label(self) -> str:
        return _choices(AgreementType).get(self.snapshot.get("agreement_type"), "")

    @property
    def non_binding(self) -> str:
        if self.snapshot.get("agreement_type") == AgreementType.PARTNERING_AGREEMENT:
            return str(NON_BINDING)
        return ""

    @property
    def currency(self) -> str:
        return self.snapshot.get("context", {}).get("currency") or self.workshop.currency

    @property
    def filename(self) -> str:
        from django.utils.text import slugify

        which = f"v{self.version.number}" if self.version else "draft"
        return f"charter-{slugify(self.team.name) or self.team.pk}-{which}.pdf"

    @property
    def sections(self):
        return [(key, title) for key, title in SECTIONS if key not in self.omit]

    @property
    def section_numbers(self) -> dict[str, int]:
        """Section key → its number; the sections after a left-out one number on."""
        return {key: number for number, (key, _title) in enumerate(self.sections, start=1)}

    @property
    def annexes(self):
        # The team's choice first: an annex it leaves out loads nothing.
        return [
            (key, title)
            for key, title in ANNEXES
            if key not in self.omit
            and (key not in OPTIONAL_ANNEXES or getattr(self, OPTIONAL_ANNEXES[key]))
        ]

    @property
    def annex_numbers(self) -> dict[str, int]:
        """Annex key → its number; the optional annexes number on after the ones present."""
        return {key: number for number, (key, _title) in enumerate(self.annexes, start=1)}

    # --- derived -------------------------------------------------------------------------------

    @property
    def records(self) -> rules.CharterRecords:
        if not hasattr(self, "_records"):
            self._records = snapshots.records_from_snapshot(self.snapshot)
        return self._records

    @property
    def party_names(self) -> dict[str, str]:
        return {p["ref"]: p["name"] for p in self.snapshot.get("parties", [])}

    def _names(self, refs) -> list[str]:
        names = self.party_names
        return [names.get(ref, ref) for ref in refs if ref]

    @property
    def parties(self):
        membership = _choices(CharterParty.Membership)
        return [
            {**p, "membership_label": membership.get(p["membership"], p["membership"])}
            for p in self.snapshot.get("parties", [])
        ]

    @property
    def objectives(self) -> list[str]:
        return [
            line.strip()
            for line in self.snapshot.get("objectives", "").splitlines()
            if line.strip()
        ]

    @property
    def principles(self) -> list[str]:
        labels = _choices(Principle)
        return [labels.get(code, code) for code in self.snapshot.get("principles", [])]

    @property
    def governance_model_label(self) -> str:
        return _choices(GovernanceModel).get(self.snapshot.get("governance_model"), "")

    @property
    def raci(self):
        parties = self.snapshot.get("parties", [])
        rows = []
        for activity in self.snapshot.get("raci", []):
            codes = {a["party"]: a["code"] for a in activity["assignments"]}
            rows.append(
                {
                    "name": activity["name"],
                    "description": activity.get("description", ""),
                    "codes": [codes.get(p["ref"], "") for p in parties],
                }
            )
        return rows

    @property
    def bodies(self):
        body_types = _labels(GoverningBody, "body_type")
        chairs = _labels(GoverningBody, "chair_arrangement")
        frequencies = _labels(GoverningBody, "meeting_frequency")
        names = self.party_names
        return [
            {
                **body,
                "body_type_label": body_types.get(body["body_type"], ""),
                "chair_label": chairs.get(body["chair_arrangement"], ""),
                "chair_party_name": names.get(body.get("chair_party"), ""),
                "rotation_names": self._names(body.get("rotation_order", [])),
                "frequency_label": frequencies.get(body["meeting_frequency"], ""),
                "seat_rows": [
                    {**seat, "party_name": names.get(seat["party"], "")} for seat in body["seats"]
                ],
                "total_votes": sum(seat["votes"] for seat in body["seats"]),
            }
            for body in self.snapshot.get("bodies", [])
        ]

    @property
    def decision_rules(self):
        scopes = _labels(DecisionRule, "scope")
        methods = _labels(DecisionRule, "method")
        fallbacks = _labels(DecisionRule, "deadlock_fallback")
        body_names = {b["ref"]: b["name"] for b in self.snapshot.get("bodies", [])}
        needed = rules.rule_votes_needed(self.records)
        return [
            {
                **rule,
                "scope_label": scopes.get(rule["scope"], rule["scope"]),
                "who": body_names.get(rule["body"]) or self.party_names.get(rule["decider"], ""),
                "method_label": methods.get(rule["method"], rule["method"]),
                "votes_needed": needed.get(rule["ref"]),
                "veto_names": self._names(rule.get("veto_parties", [])),
                "fallback_label": fallbacks.get(rule.get("deadlock_fallback") or "", ""),
            }
            for rule in self.snapshot.get("decision_rules", [])
        ]

    @property
    def contribution_summary(self) -> rules.ContributionSummary:
        if not hasattr(self, "_summary"):
            self._summary = rules.contribution_summary(self.records)
        return self._summary

    @property
    def contributions(self):
        types = _labels(Contribution, "contribution_type")
        methods = _labels(Contribution, "valuation_method")
        statuses = _labels(Contribution, "status")
        names = self.party_names
        return [
            {
                **c,
                "party_name": names.get(c["party"], ""),
                "via_name": names.get(c.get("channelled_via"), ""),
                "type_label": types.get(c["contribution_type"], ""),
                "method_label": methods.get(c["valuation_method"], ""),
                "status_label": statuses.get(c["status"], ""),
                "value_display": _money(c.get("value")),
                "delivered_display": _money(c.get("delivered_value")),
            }
            for c in self.snapshot.get("contributions", [])
        ]

    @property
    def contribution_totals(self):
        summary = self.contribution_summary
        names = self.party_names
        return {
            "rows": [
                {
                    "name": names.get(ref, ref),
                    "total": _money(row.monetised_total),
                    "share": pct_str(row.share),
                    "cash": _money(row.cash_total),
                    "cash_share": pct_str(row.cash_share),
                }
                for ref, row in summary.parties.items()
            ],
            "total": _money(summary.total),
            "cash_total": _money(summary.cash_total),
            "basis": _choices(ProRataBasis).get(self.snapshot.get("pro_rata_basis"), ""),
            "alerts": rules.dependency_alerts(summary, self.records.dependency_threshold_pct),
        }

    @property
    def value_streams(self):
        kinds = _labels(ValueStream, "kind")
        periods = _labels(ValueStream, "amount_period")
        mechanisms = _labels(ValueStream, "mechanism")
        names = self.party_names
        records = {stream.ref: stream for stream in self.records.value_streams}
        rows = []
        for stream in self.snapshot.get("value_streams", []):
            data = records.get(stream["ref"])
            allocations = []
            if stream["mechanism"] == rules.FIXED_PERCENTAGE:
                fixed = [a for a in self.records.allocations if a.stream == stream["ref"]]
                amounts = rules.fixed_allocation_amounts(data, fixed) if data else []
                for allocation, amount in amounts or [(a, None) for a in fixed]:
                    allocations.append(
                        {
                            "name": names.get(allocation.party) or allocation.recipient_label,
                            "percentage": pct_str(allocation.percentage),
                            "amount": _money(amount),
                        }
                    )
            elif data is not None:
                split = rules.stream_allocations(
                    data, self.records.parties, self.contribution_summary
                )
                total = sum(split.values(), Decimal(0)) if split else Decimal(0)
                for ref, amount in (split or {}).items():
                    allocations.append(
                        {
                            "name": names.get(ref, ref),
                            "percentage": pct_str(amount * 100 / total) if total else "",
                            "amount": _money(amount),
                        }
                    )
            rows.append(
                {
                    **stream,
                    "kind_label": kinds.get(stream["kind"], ""),
                    "period_label": periods.get(stream.get("amount_period") or "", ""),
                    "mechanism_label": mechanisms.get(stream["mechanism"], ""),
                    "amount_display": _money(stream.get("expected_amount")),
                    "eligible_names": self._names(stream.get("eligible_parties", [])),
                    "allocation_rows": allocations,
                }
            )
        return rows

    @property
    def ip(self):
        return {
            "background": _choices(IpBackground).get(self.snapshot.get("ip_background"), ""),
            "results": _choices(IpResults).get(self.snapshot.get("ip_results"), ""),
        }

    @property
    def risks(self):
        categories = _labels(RiskItem, "category")
        return [
            {
                **risk,
                "category_label": categories.get(risk["category"], ""),
                "rating": risk["likelihood"] * risk["impact"],
                "owner_name": self.party_names.get(risk.get("owner"), ""),
            }
            for risk in self.snapshot.get("risks", [])
        ]

    @property
    def escalation(self):
        methods = _labels(EscalationStep, "method")
        return [
            {**step, "method_label": methods.get(step["method"], "")}
            for step in sorted(self.snapshot.get("escalation", []), key=lambda s: s["order"])
        ]

    @property
    def exit_triggers(self) -> list[str]:
        labels = _choices(ExitTrigger)
        return [labels.get(code, code) for code in self.snapshot.get("exit_triggers", [])]

    @property
    def not_relevant(self) -> dict[str, str]:
        return {
            s["section"]: s["justification"]
            for s in self.snapshot.get("section_statuses", [])
            if s["state"] == rules.NOT_RELEVANT
        }

    @property
    def context(self) -> dict:
        return self.snapshot.get("context", {})

    @property
    def context_annexes_note(self) -> str:
        """Section 2's pointer to the map and grid annexes, naming only the ones printed."""
        numbers = self.annex_numbers
        map_n, grid_n = numbers.get("annex_map"), numbers.get("annex_grid")
        if map_n and grid_n:
            return _(
                "The ecosystem map is in Annex %(map)s and the power and interest grid in Annex "
                "%(grid)s."
            ) % {"map": map_n, "grid": grid_n}
        if map_n:
            return _("The ecosystem map is in Annex %(n)s.") % {"n": map_n}
        if grid_n:
            return _("The power and interest grid is in Annex %(n)s.") % {"n": grid_n}
        return ""

    # --- sign-off ------------------------------------------------------------------------------

    @property
    def signature_rows(self):
        """One row per party able to sign; on a draft or unsigned version, blank lines."""
        decisions = _labels(SignOff, "decision")
        by_party = {s.party_ref: s for s in self.sign_offs}
        rows = []
        for party in self.snapshot.get("parties", []):
            if party["membership"] not in (rules.CORE, rules.ASSOCIATE):
                continue
            sign_off = by_party.get(party["ref"])
            rows.append(
                {
                    "party": party["name"],
                    "representative": party.get("representative_name", ""),
                    "role": party.get("representative_role", ""),
                    "sign_off": sign_off,
                    "decision_label": decisions.get(sign_off.decision, "") if sign_off else "",
                }
            )
        return rows

    @property
    def objections(self):
        if self.is_agreed:
            return []
        names = self.party_names
        return [
            {"party": names.get(s.party_ref, s.party_ref), "signer": s.signer_name, "note": s.note}
            for s in self.sign_offs
            if s.decision == SignOff.Decision.OBJECT
        ]

    # --- annexes (steps 1, 2, 4 and 5) -----------------------------------------------------------

    @property
    def mapping(self):
        if not hasattr(self, "_mapping"):
            from workshop.steps.mapping import board

            self._mapping = board.load(self.team)
        return self._mapping

    @property
    def print_map_svg(self):
        """The step-1 map SVG, adjusted for WeasyPrint.

        WeasyPrint ignores `paint-order`, so the labels' white halo would be painted over them, and
        it knows only the bundled fonts. The markup is our template's output, already escaped; only
        attributes we wrote are changed.
        """
        from django.template.loader import render_to_string
        from django.utils.safestring import mark_safe

        svg = render_to_string(
            "steps/mapping/_map_svg.html",
            {"board": self.mapping, "team": self.team, "standalone": True},
        )
        svg = svg.replace(' paint-order="stroke" stroke="#ffffff" stroke-width="3"', "")
        svg = re.sub(r'font-family="[^"]*"', f'font-family="{PDF_FONTS}"', svg, count=1)
        return mark_safe(svg)  # rendered by a template with autoescape on: user text is escaped

    @property
    def alignment(self):
        if not hasattr(self, "_alignment"):
            from workshop.steps.alignment.board import Board

            self._alignment = Board(self.team)
        return self._alignment

    @property
    def pilot(self):
        """Step 4: every pilot as rows for templates/charter/_annex_pilot.html, or None."""
        if not hasattr(self, "_pilot"):
            from workshop.steps.pilot.charter import charter_annex

            self._pilot = charter_annex(self.team)
        return self._pilot

    @property
    def scale(self):
        if not hasattr(self, "_scale"):
            from workshop.charter.annexes import scale_annexes

            self._scale = scale_annexes(self.team)
        return self._scale

    @property
    def scaling(self):
        """Step 5's scaling plan and actions, or None."""
        return self.scale.scaling

    @property
    def indicators(self):
        """Step 5's monitoring plan: indicators with their latest reading and RAG, or None."""
        return self.scale.indicators

    @property
    def health(self):
        """The latest answered health check: scores by dimension and overall, or None."""
        return self.scale.health

    @property
    def monitoring_summary(self):
        """Section 14's lines on step 5's indicators, or None when the team has none yet."""
        indicators = self.indicators
        if not indicators:
            return None
        return {
            "count": len(indicators["rows"]),
            "rag": indicators["summary"],
            "annex": self.annex_numbers.get("annex_indicators"),
        }

    @property
    def scaling_summary(self):
        """Section 15's line on step 5's scaling plan, or None when there is no plan yet."""
        scaling = self.scaling
        if not scaling:
            return None
        return {
            "pathways": scaling["pathways"],
            "actions": len(scaling["actions"]),
            "annex": self.annex_numbers.get("annex_scaling"),
        }

    # --- pattern -------------------------------------------------------------------------------

    @property
    def pattern(self):
        return self.workshop.pattern


def _version_data(version: CharterVersion) -> rules.CharterVersionData:
    return rules.CharterVersionData(
        number=version.number,
        published_at=version.published_at,
        signing_parties=version.signing_parties,
        change_summary=version.change_summary,
    )


def charter_of(team) -> Charter:
    charter = Charter.objects.filter(team=team).first()
    if charter is None:
        raise NoCharter(_("This team has no charter yet."))
    return charter


def print_language(charter, workshop) -> str:
    """The team's choice for its PDF, else the workshop's language; the text prints as typed."""
    return charter.pdf_language or workshop.language


def build(team, version=None) -> Document:
    """The document for `version`: a number, LIVE, LATEST_PUBLISHED, or None.

    None is the latest published version, or the live draft while nothing is published.
    """
    charter = charter_of(team)
    omit = frozenset(charter.pdf_omit or ()) & OMITTABLE
    versions = list(
        CharterVersion.objects.filter(charter=charter).prefetch_related(
            Prefetch("sign_offs", queryset=SignOff.objects.order_by("signed_at", "pk"))
        )
    )
    sign_offs = [
        rules.SignOffData(v.number, s.party_ref, s.decision, s.signer_name, s.note)
        for v in versions
        for s in v.sign_offs.all()
    ]
    status = rules.charter_status([_version_data(v) for v in versions], sign_offs)
    if version == LATEST_PUBLISHED and not versions:
        raise NoCharter(_("This team has not published a charter version yet."))
    if version == LIVE or (version is None and not versions):
        snapshot = snapshots.build_snapshot(charter)
        return Document(
            team=team,
            workshop=team.workshop,
            snapshot=snapshot,
            version=None,
            status=rules.DRAFT,
            status_label=STATUS_LABELS[rules.DRAFT],  # lazy: read in the print language
            content_sha256=snapshots.content_sha256(snapshot),
            date=timezone.localdate(),
            versions=versions,
            all_versions=versions,
            omit=omit,
            charter=charter,
            language=print_language(charter, team.workshop),
        )
    if version in (None, LATEST_PUBLISHED):
        chosen = versions[-1]
    else:
        chosen = next((v for v in versions if v.number == version), None)
        if chosen is None:
            raise NoCharter(_("This charter has no version %(number)s.") % {"number": version})
    state = status.version_states.get(chosen.number, rules.IN_REVIEW)
    agreed = rules.version_agreed(_version_data(chosen), sign_offs)
    return Document(
        team=team,
        workshop=team.workshop,
        snapshot=chosen.snapshot,
        version=chosen,
        status=state,
        status_label=STATUS_LABELS.get(state, state),
        content_sha256=chosen.content_sha256,
        date=timezone.localdate(chosen.published_at),
        versions=[v for v in versions if v.number <= chosen.number],
        sign_offs=list(chosen.sign_offs.all()),
        all_versions=versions,
        agreed=agreed,
        omit=omit,
        charter=charter,
        language=print_language(charter, team.workshop),
    )


STATUS_LABELS = {
    rules.DRAFT: gettext_lazy("Draft"),
    rules.IN_REVIEW: gettext_lazy("In review"),
    rules.AGREED: gettext_lazy("Agreed"),
    rules.SUPERSEDED: gettext_lazy("Superseded"),
}
