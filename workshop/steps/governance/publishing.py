"""The charter's life cycle: the live draft, publishing versions, sign-off and the derived status."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from workshop.steps.governance import rules
from workshop.steps.governance.models import Charter, CharterParty, CharterVersion, SignOff
from workshop.steps.governance.snapshot import build_snapshot, content_sha256


def charter_for(team) -> Charter:
    """The team's charter, started with what step 1 already knows (title and vision)."""
    charter = Charter.objects.filter(team=team).first()
    if charter is not None:
        return charter
    from workshop.steps.mapping.models import SharedPurpose

    purpose = SharedPurpose.objects.filter(team=team).first()
    vision = ""
    if purpose is not None:
        vision = purpose.long_term_vision or purpose.statement
    charter, _created = Charter.objects.get_or_create(
        team=team,
        defaults={
            "title": _("%(team)s partnership charter") % {"team": team.name},
            "vision": vision,
        },
    )
    return charter


def offered_actors(team):
    """The convenor and step 2's selected partners that are not parties yet (4.2)."""
    from workshop.steps.mapping.models import Actor

    actors = Actor.objects.filter(team=team, is_convenor=True)
    try:
        from workshop.steps.alignment.models import Candidate

        selected = Candidate.objects.filter(team=team, status=Candidate.Status.SELECTED)
        actors = actors | Actor.objects.filter(pk__in=selected.values("actor"))
    except ImportError:  # pragma: no cover - step 2 not installed
        pass
    taken = CharterParty.objects.filter(team=team).values("actor")
    return actors.exclude(pk__in=taken).exclude(agency="none").order_by("name_key").distinct()


def version_data(versions) -> list[rules.CharterVersionData]:
    return [
        rules.CharterVersionData(v.number, v.published_at, v.signing_parties, v.change_summary)
        for v in versions
    ]


def sign_off_data(sign_offs) -> list[rules.SignOffData]:
    return [
        rules.SignOffData(s.version.number, s.party_ref, s.decision, s.signer_name, s.note)
        for s in sign_offs
    ]


class Lifecycle:
    """Versions, sign-offs and the status rules of 4.1 for one charter (three queries)."""

    def __init__(self, charter):
        self.charter = charter
        self.versions = list(
            CharterVersion.objects.filter(charter=charter).select_related("published_by")
        )
        self.sign_offs = list(
            SignOff.objects.filter(version__charter=charter).select_related("version")
        )
        self.status = rules.charter_status(
            version_data(self.versions), sign_off_data(self.sign_offs)
        )

    @property
    def latest(self):
        return self.versions[-1] if self.versions else None

    def version(self, number):
        return next((v for v in self.versions if v.number == number), None)

    def sign_offs_for(self, number):
        return [s for s in self.sign_offs if s.version.number == number]

    def party_states(self, parties):
        """Per signing party: its latest decision and the version that decision covers."""
        rows = []
        latest = self.latest
        for party in parties:
            ref = party["ref"]
            mine = [s for s in self.sign_offs if s.party_ref == ref]
            last = max(mine, key=lambda s: (s.version.number, s.signed_at), default=None)
            rows.append(
                {
                    "party": party,
                    "sign_off": last,
                    "current": bool(last and latest and last.version.number == latest.number),
                }
            )
        return rows


def publish(charter, by, change_summary="") -> CharterVersion:
    """Freezes the draft as the next version; numbers stay unique under concurrent publishes."""
    with transaction.atomic():
        Charter.objects.select_for_update().filter(pk=charter.pk).first()
        snapshot = build_snapshot(charter)
        number = (charter.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        return CharterVersion.objects.create(
            charter=charter,
            number=number,
            published_by=by,
            snapshot=snapshot,
            content_sha256=content_sha256(snapshot),
            change_summary=change_summary,
        )


def sign(version, party, participant, decision, note, signer_name="") -> SignOff:
    """The one way a decision is recorded, in the room (a participant) or remotely (a name)."""
    ref = next(
        (p["ref"] for p in version.snapshot["parties"] if p["name"] == party.actor.name), None
    )
    sign_off, _created = SignOff.objects.update_or_create(
        version=version,
        party_ref=ref,
        defaults={
            "party": party,
            "signer": participant,
            "signer_name": signer_name
            or party.representative_name
            or (participant.display_name if participant else ""),
            "signer_role": party.representative_role,
            "decision": decision,
            "note": note,
        },
    )
    return sign_off
