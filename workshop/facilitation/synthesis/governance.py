"""Step 3 across teams (DOMAIN.md 10): each team's charter side by side: completeness and the
section-state matrix, governance, parties, contributions and dependency, value streams, ladder and
exit, RACI and allocation errors, the latest version and who has still to sign it.

`load_snapshots` reads the charter tables of the whole workshop once (a fixed number of queries,
whatever the number of teams) and builds each team's snapshot with the code `snapshot.build_snapshot`
uses for one charter. Every derived value then comes from rules.py through `records_from_snapshot`,
exactly as on the team's own charter pages.
"""

from collections import Counter
from functools import cached_property

from workshop.steps.derived import pct_str
from workshop.steps.governance import checks, rules
from workshop.steps.governance.completion import party_pks
from workshop.steps.governance.models import (
    Charter,
    CharterParty,
    CharterVersion,
    DecisionRule,
    GovernanceModel,
    SignOff,
    ValueStream,
)
from workshop.steps.governance.presentation import money, section_title
from workshop.steps.governance.publishing import sign_off_data, version_data
from workshop.steps.governance.snapshot import load_rows, records_from_snapshot, snapshot_from_rows


def _by_team(rows, team_of=lambda row: row.team_id):
    grouped = {}
    for row in rows:
        grouped.setdefault(team_of(row), []).append(row)
    return grouped


def load_snapshots(workshop, with_party_pks=False) -> dict[int, tuple]:
    """Team id → (charter, snapshot) for every team of the workshop with a charter; with
    ``with_party_pks``, (charter, snapshot, party ref → pk)."""
    charters = Charter.objects.filter(team__workshop=workshop).select_related("team__workshop")
    return {
        rows.charter.team_id: (rows.charter, snapshot_from_rows(rows))
        + ((party_pks(rows.parties),) if with_party_pks else ())
        for rows in load_rows(charters).values()
    }


def _labelled_counts(codes, choices) -> list[tuple[str, int]]:
    """(label, count) in the order of the choices, only those present."""
    counts = Counter(codes)
    return [(str(label), counts[code]) for code, label in choices if counts[code]]


class TeamCharter:
    """One team's charter and its derived values; `charter` is None before the team starts it."""

    def __init__(
        self, team, charter=None, snapshot=None, versions=(), sign_offs=(), party_pks=None
    ):
        self.team = team
        self.party_pks = party_pks or {}
        self.charter = charter
        self.snapshot = snapshot
        self.versions = list(versions)
        self.sign_offs = list(sign_offs)
        if snapshot is None:
            self.records = rules.CharterRecords(charter=rules.CharterData(title=""))
        else:
            self.records = records_from_snapshot(
                snapshot, version_data(self.versions), sign_off_data(self.sign_offs)
            )

    @cached_property
    def completion(self):
        return checks.step_completion(self.records, self.party_pks)

    @cached_property
    def states(self) -> dict[str, str]:
        return rules.section_states(self.records)

    @property
    def completeness_pct(self) -> int:
        return rules.completeness_pct(self.states)

    @property
    def governance_model(self) -> str:
        code = self.records.charter.governance_model
        return str(dict(GovernanceModel.choices).get(code, code or ""))

    @property
    def decision_methods(self) -> list[tuple[str, int]]:
        return _labelled_counts(
            (r.method for r in self.records.decision_rules), DecisionRule.Method.choices
        )

    @property
    def party_counts(self) -> list[tuple[str, int]]:
        return _labelled_counts(
            (p.membership for p in self.records.parties), CharterParty.Membership.choices
        )

    @cached_property
    def contributions(self) -> rules.ContributionSummary:
        return rules.contribution_summary(self.records)

    @property
    def contribution_total(self) -> str:
        return money(self.contributions.total) if self.records.contributions else ""

    @property
    def cash_total(self) -> str:
        return money(self.contributions.cash_total) if self.records.contributions else ""

    @property
    def largest_share(self) -> str:
        return pct_str(self.contributions.largest_share)

    @property
    def largest_cash_share(self) -> str:
        return pct_str(self.contributions.largest_cash_share)

    @cached_property
    def dependency_alerts(self):
        return rules.dependency_alerts(self.contributions, self.records.dependency_threshold_pct)

    @property
    def share_alert(self) -> bool:
        return any(a.key == "dependency_share" for a in self.dependency_alerts)

    @property
    def cash_share_alert(self) -> bool:
        return any(a.key == "dependency_cash_share" for a in self.dependency_alerts)

    @property
    def streams_by_mechanism(self) -> list[tuple[str, int]]:
        return _labelled_counts(
            (s.mechanism for s in self.records.value_streams), ValueStream.Mechanism.choices
        )

    @property
    def ladder_length(self) -> int:
        return len(self.records.escalation_steps)

    @property
    def exit_notice_days(self):
        return self.records.charter.exit_notice_days

    @cached_property
    def raci_errors(self) -> list[tuple[str, list[str]]]:
        """(activity name, its errors) for every invalid RACI row."""
        errors = rules.raci_errors(self.records)
        return [(a.name, errors[a.ref]) for a in self.records.raci_activities if a.ref in errors]

    @cached_property
    def allocation_errors(self) -> list[tuple[str, str]]:
        errors = rules.allocation_errors(self.records)
        return [(s.name, errors[s.ref]) for s in self.records.value_streams if s.ref in errors]

    @cached_property
    def status(self) -> rules.CharterStatus:
        return rules.charter_status(self.records.versions, self.records.sign_offs)

    @property
    def latest(self):
        return self.versions[-1] if self.versions else None

    @cached_property
    def waiting_for(self) -> list[str]:
        """Names of the parties that can sign the latest version and have not agreed to it."""
        latest = self.latest
        if latest is None or self.status.status == rules.AGREED:
            return []
        agreed = {
            s.party_ref
            for s in self.sign_offs
            if s.version_id == latest.pk and s.decision in rules.AGREEING_DECISIONS
        }
        return [
            p["name"]
            for p in latest.snapshot.get("parties", [])
            if p["ref"] in latest.signing_parties and p["ref"] not in agreed
        ]

    @cached_property
    def objecting(self) -> list[str]:
        """Names of the parties that object to the latest version (one sign-off per party)."""
        latest = self.latest
        if latest is None:
            return []
        objected = {
            s.party_ref
            for s in self.sign_offs
            if s.version_id == latest.pk and s.decision == SignOff.Decision.OBJECT
        }
        return [p["name"] for p in latest.snapshot.get("parties", []) if p["ref"] in objected]


class Step3AcrossTeams:
    def __init__(self, workshop, teams):
        self.workshop = workshop
        self.teams = list(teams)
        snapshots = load_snapshots(workshop, with_party_pks=True)
        versions = _by_team(
            CharterVersion.objects.filter(charter__team__workshop=workshop).select_related(
                "charter"
            ),
            lambda v: v.charter.team_id,
        )
        sign_offs = _by_team(
            SignOff.objects.filter(version__charter__team__workshop=workshop).select_related(
                "version__charter"
            ),
            lambda s: s.version.charter.team_id,
        )
        self.columns = []
        for team in self.teams:
            charter, snapshot, pks = snapshots.get(team.pk, (None, None, None))
            self.columns.append(
                TeamCharter(
                    team,
                    charter,
                    snapshot,
                    versions.get(team.pk, []),
                    sign_offs.get(team.pk, []),
                    pks,
                )
            )

    @property
    def started(self):
        return [column for column in self.columns if column.charter is not None]

    @property
    def section_rows(self) -> list[tuple[str, str, list[str]]]:
        """(section key, title, each team's state or None without a charter) for sections 1-17."""
        return [
            (
                key,
                section_title(key),
                [column.states[key] if column.charter else None for column in self.columns],
            )
            for key in rules.SECTION_KEYS
        ]
