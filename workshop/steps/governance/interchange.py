"""Step 3's part of the epd-workshop/1 document (DOMAIN.md 12.1 "charter"), both directions.

The charter block is `snapshot.build_snapshot` (the same tree a published version freezes) with the
team's actor refs, the derived status and the versions; a version's snapshot is exported as frozen.
Import builds every record through the charter's own forms and formsets, section by section.
"""

import copy
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from workshop.interchange.context import FAILED, form_data, form_value
from workshop.steps.derived import pct_str
from workshop.steps.governance import forms as f
from workshop.steps.governance import rules
from workshop.steps.governance.models import (
    Charter,
    CharterParty,
    CharterSectionStatus,
    CharterVersion,
    Contribution,
    DecisionRule,
    EscalationStep,
    GoverningBody,
    Principle,
    RaciActivity,
    RiskItem,
    Seat,
    SignOff,
    ValueStream,
)
from workshop.steps.governance.publishing import Lifecycle, sign_off_data, version_data
from workshop.steps.governance.snapshot import (
    BODY_FIELDS,
    CONTRIBUTION_FIELDS,
    ESCALATION_FIELDS,
    PARTY_FIELDS,
    RACI_FIELDS,
    RISK_FIELDS,
    RULE_FIELDS,
    STREAM_FIELDS,
    build_snapshot,
    content_sha256,
    records_from_snapshot,
)
from workshop.text import LABEL_MAX, NAME_MAX, SHORT_MAX, clean_long, clean_name

KEYS = ("charter",)
DERIVED = {
    "contribution_shares": {},
    "largest_share_pct": None,
    "largest_cash_share_pct": None,
    "allocations": {},
    "votes_needed": {},
    "charter_completeness_pct": 0,
}


def datetime_str(value) -> str | None:
    """ISO 8601 in UTC with a `Z` (DOMAIN.md 12.1)."""
    if value is None:
        return None
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


# --- Export ------------------------------------------------------------------------------------


def export_team(team, ctx) -> dict:
    charter = Charter.objects.filter(team=team).first()
    if charter is None:
        ctx.extra["governance"] = None
        return {"charter": None}
    snapshot = build_snapshot(charter)
    life = Lifecycle(charter)
    ctx.extra["governance"] = records_from_snapshot(
        snapshot, version_data(life.versions), sign_off_data(life.sign_offs)
    )
    snapshot.pop("context", None)
    # The team's own actor refs (build_snapshot numbers actors among the parties only).
    parties = list(CharterParty.objects.filter(charter=charter).select_related("actor"))
    actor_by_name = {p.actor.name: ctx.ref("actor", p.actor_id) for p in parties}
    for party, row in zip(parties, snapshot["parties"], strict=True):
        row["actor"] = ctx.ref("actor", party.actor_id)
    seats_proxy = {a.name: ctx.ref("actor", a.pk) for a in _actors(team)}
    for body in snapshot["bodies"]:
        for seat in body["seats"]:
            name = seat["represents_proxy_for"]
            seat["represents_proxy_for"] = (
                seats_proxy.get(name, actor_by_name.get(name)) if name else None
            )
    status = rules.charter_status(version_data(life.versions), sign_off_data(life.sign_offs))
    return {
        "charter": {
            **{key: snapshot[key] for key in list(snapshot)[:1]},
            "status": status.status,
            **dict(list(snapshot.items())[1:]),
            "versions": [
                {
                    "number": version.number,
                    "note": version.change_summary,
                    "published_by": version.published_by.display_name
                    if version.published_by
                    else None,
                    "published_at": datetime_str(version.published_at),
                    "sign_offs": [
                        {
                            "party": s.party_ref,
                            "signer_name": s.signer_name,
                            "signer_role": s.signer_role,
                            "signed_at": datetime_str(s.signed_at),
                            "decision": s.decision,
                            "note": s.note,
                        }
                        for s in life.sign_offs_for(version.number)
                    ],
                    "snapshot": version.snapshot,
                }
                for version in life.versions
            ],
        }
    }


def _actors(team):
    from workshop.steps.mapping.models import Actor

    return Actor.objects.filter(team=team)


def derive(team, ctx) -> dict:
    """Contribution shares, allocations, votes needed and completeness (DOMAIN.md 8.5-8.12)."""
    records = ctx.extra.get("governance")
    if records is None:
        return dict(DERIVED)
    summary = rules.contribution_summary(records)
    allocations = {}
    for stream in records.value_streams:
        split = rules.stream_allocations(stream, records.parties, summary)
        if split is not None:
            allocations[stream.ref] = {party: str(amount) for party, amount in split.items()}
    return {
        "contribution_shares": {ref: pct_str(row.share) for ref, row in summary.parties.items()},
        "largest_share_pct": pct_str(summary.largest_share) or None,
        "largest_cash_share_pct": pct_str(summary.largest_cash_share) or None,
        "allocations": allocations,
        "votes_needed": {
            ref: needed for ref, (needed, _v) in rules.rule_votes_needed(records).items()
        },
        "charter_completeness_pct": rules.charter_completeness_pct(records),
    }


# --- Import ------------------------------------------------------------------------------------


def import_team(item: dict, team, ctx) -> None:
    data = item.get("charter")
    if not data:
        return
    base = f"{ctx.path}.charter"
    versions = data.get("versions") or []
    # Before the live charter exists (one per team, names unique per team): each frozen version
    # is built in a scratch charter that is rolled back.
    frozen = [
        _frozen(version, team, ctx, f"{base}.versions[{index}].snapshot")
        for index, version in enumerate(versions)
    ]
    _import_charter(data, team, ctx, base)
    charter = Charter.objects.get(team=team)
    for index, (version, completed) in enumerate(zip(versions, frozen, strict=True)):
        if completed is not None:
            _version(version, completed, charter, ctx, f"{base}.versions[{index}]")


def _import_charter(data: dict, team, ctx, base: str) -> None:
    """The live charter and every child record, each through the form a person uses."""
    charter = Charter.objects.create(team=team, title=data.get("title") or "-")
    _charter_fields(data, charter, ctx, base)
    for index, party in enumerate(data.get("parties") or []):
        path = f"{base}.parties[{index}]"
        actor = ctx.resolve(party.get("actor"), "actor", f"{path}.actor")
        record = FAILED
        if actor is not FAILED:
            values = form_data(party, PARTY_FIELDS, CharterParty)
            values["actor"] = actor.pk if actor else ""
            authority = party.get("has_authority_to_sign")
            values["has_authority_to_sign"] = {True: "true", False: "false"}.get(authority, "")
            record = _save(f.PartyForm(values, charter=charter), ctx, path)
        ctx.declare(party.get("ref"), record)
    for index, body in enumerate(data.get("bodies") or []):
        _body(body, charter, ctx, f"{base}.bodies[{index}]")
    for index, rule in enumerate(data.get("decision_rules") or []):
        path = f"{base}.decision_rules[{index}]"
        body = ctx.resolve(rule.get("body"), "body", f"{path}.body")
        decider = ctx.resolve(rule.get("decider"), "party", f"{path}.decider")
        vetoes = ctx.resolve_many(rule.get("veto_parties"), "party", f"{path}.veto_parties")
        record = FAILED
        if FAILED not in (body, decider, vetoes):
            values = form_data(rule, RULE_FIELDS, DecisionRule)
            values.update(
                body=body.pk if body else "",
                decider=decider.pk if decider else "",
                veto_parties=[p.pk for p in vetoes],
            )
            record = _save(f.DecisionRuleForm(values, charter=charter), ctx, path)
        ctx.declare(rule.get("ref"), record)
    for index, activity in enumerate(data.get("raci") or []):
        path = f"{base}.raci[{index}]"
        values = form_data(activity, RACI_FIELDS, RaciActivity)
        failed = False
        for number, assignment in enumerate(activity.get("assignments") or []):
            party = ctx.resolve(
                assignment.get("party"), "party", f"{path}.assignments[{number}].party"
            )
            if party in (FAILED, None):
                failed = True
                continue
            values[f"party_{party.pk}"] = form_value(assignment.get("code"))
        if not failed:
            _save(f.RaciRowForm(values, charter=charter), ctx, path)
    for index, item_ in enumerate(data.get("contributions") or []):
        path = f"{base}.contributions[{index}]"
        party = ctx.resolve(item_.get("party"), "party", f"{path}.party")
        via = ctx.resolve(item_.get("channelled_via"), "party", f"{path}.channelled_via")
        if FAILED in (party, via):
            continue
        values = form_data(item_, CONTRIBUTION_FIELDS, Contribution)
        values.update(party=party.pk if party else "", channelled_via=via.pk if via else "")
        _save(f.ContributionForm(values, charter=charter), ctx, path)
    for index, stream in enumerate(data.get("value_streams") or []):
        _stream(stream, charter, ctx, f"{base}.value_streams[{index}]")
    for index, step in enumerate(data.get("escalation") or []):
        values = form_data(step, ESCALATION_FIELDS, EscalationStep)
        _save(f.EscalationStepForm(values, charter=charter), ctx, f"{base}.escalation[{index}]")
    for index, risk in enumerate(data.get("risks") or []):
        path = f"{base}.risks[{index}]"
        owner = ctx.resolve(risk.get("owner"), "party", f"{path}.owner")
        if owner is FAILED:
            continue
        values = form_data(risk, RISK_FIELDS, RiskItem)
        values["owner"] = owner.pk if owner else ""
        _save(f.RiskForm(values, charter=charter), ctx, path)
    for index, status in enumerate(data.get("section_statuses") or []):
        path = f"{base}.section_statuses[{index}]"
        section = status.get("section")
        if section not in rules.SECTION_KEYS:
            ctx.error(f"{path}.section", _("Select a valid choice."))
            continue
        not_relevant = status.get("state") == CharterSectionStatus.State.NOT_RELEVANT
        values = {"justification": form_value(status.get("justification"))}
        if not_relevant:
            values["not_relevant"] = "on"
        form = f.SectionStatusForm(
            values,
            instance=CharterSectionStatus(charter=charter, section=section),
            charter=charter,
            section=section,
        )
        _save(form, ctx, path)


def _charter_fields(data, charter, ctx, base) -> None:
    """The charter's own fields through the section forms, one section at a time."""
    for section, names in f.SECTION_FIELDS.items():
        values = form_data(data, names, Charter)
        rename = {}
        if section == "principles":
            given = [p for p in data.get("principles") or [] if isinstance(p, str)]
            values["principles"] = [p for p in given if p in Principle.values]
            values["custom_principles"] = "\n".join(p for p in given if p not in Principle.values)
            rename = {"custom_principles": "principles"}
        charter.refresh_from_db()
        values["version"] = str(charter.version)
        form = f.CharterFieldsForm(values, instance=charter, charter=charter, section=section)
        _save(form, ctx, base, rename)


def _body(body, charter, ctx, path) -> None:
    """The body as a browser first saves it, its seats next, then the whole body again.

    The first save is what the body form takes before any seat exists: the chair and its rotation
    order, without the quorum (the form checks it against the voting seats; without seats it
    skips "only parties holding a voting seat" too). The last save checks every rule of 4.3 with
    the seats in place, so an order naming a party without a voting seat is still refused.
    """
    chair = ctx.resolve(body.get("chair_party"), "party", f"{path}.chair_party")
    rotation = ctx.resolve_many(body.get("rotation_order"), "party", f"{path}.rotation_order")
    record = FAILED
    values = form_data(body, BODY_FIELDS, GoverningBody)
    if FAILED not in (chair, rotation):
        values["chair_party"] = chair.pk if chair else ""
        values["rotation_order"] = [p.pk for p in rotation]
        first = {**values, "quorum_count": ""}
        record = _save(f.BodyForm(first, charter=charter), ctx, path)
    ctx.declare(body.get("ref"), record)
    if record is FAILED:
        return
    for index, seat in enumerate(body.get("seats") or []):
        where = f"{path}.seats[{index}]"
        party = ctx.resolve(seat.get("party"), "party", f"{where}.party")
        proxy = ctx.resolve(
            seat.get("represents_proxy_for"), "actor", f"{where}.represents_proxy_for"
        )
        if FAILED in (party, proxy):
            continue
        seat_values = form_data(seat, ("seat_label", "votes"), Seat)
        seat_values.update(
            party=party.pk if party else "", represents_proxy_for=proxy.pk if proxy else ""
        )
        _save(f.SeatForm(seat_values, charter=charter, body=record), ctx, where)
    record = GoverningBody.objects.get(pk=record.pk)
    values["version"] = str(record.version)
    _save(f.BodyForm(values, instance=record, charter=charter), ctx, path)


def _stream(stream, charter, ctx, path) -> None:
    eligible = ctx.resolve_many(stream.get("eligible_parties"), "party", f"{path}.eligible_parties")
    if eligible is FAILED:
        return
    values = form_data(stream, STREAM_FIELDS, ValueStream)
    values["eligible_parties"] = [p.pk for p in eligible]
    record = _save(f.ValueStreamForm(values, charter=charter), ctx, path)
    ctx.declare(stream.get("ref"), record)
    rows = stream.get("allocations") or []
    if record is FAILED or not rows:
        return
    formset_data = {
        "allocations-TOTAL_FORMS": str(len(rows)),
        "allocations-INITIAL_FORMS": "0",
        "allocations-MIN_NUM_FORMS": "0",
        "allocations-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        party = ctx.resolve(row.get("party"), "party", f"{path}.allocations[{index}].party")
        if party is FAILED:
            return
        formset_data[f"allocations-{index}-party"] = party.pk if party else ""
        formset_data[f"allocations-{index}-recipient_label"] = form_value(
            row.get("recipient_label")
        )
        formset_data[f"allocations-{index}-percentage"] = form_value(row.get("percentage"))
    formset = f.AllocationFormSet(formset_data, instance=record, charter=charter)
    if formset.is_valid():
        formset.save()
        return
    for index, form in enumerate(formset.forms):
        ctx.form_errors(f"{path}.allocations[{index}]", form)
    for message in formset.non_form_errors():
        ctx.error(f"{path}.allocations", message)


class _Scratch(Exception):
    """Rolls back the scratch charter a version's snapshot was checked in."""


@dataclass
class Frozen:
    """A version's snapshot as the app freezes it, and its parties' refs as the file named them."""

    snapshot: dict
    party_refs: dict  # ref in the file → ref in `snapshot`


def _frozen(item, team, ctx, path) -> Frozen | None:
    """The version's snapshot, checked by the same schema and forms as the live charter and rebuilt
    by `build_snapshot`, so it has everything the preview, the PDF and the status rules read.

    A snapshot this app exported comes out exactly as it went in (same content hash); one written
    to DOMAIN.md 12.1 alone (no party names, no context) is completed. Its `context` (what steps
    1-2 held at publication) is kept when well formed, else taken from the imported steps 1-2.
    Returns None when the snapshot has errors (reported under `path`).
    """
    from workshop.interchange.context import ImportContext
    from workshop.interchange.schema import charter_errors

    given = _by_team_refs(item.get("snapshot"), ctx)
    errors = charter_errors(given, path)
    if errors:
        ctx.errors.extend(errors)
        return None
    scratch = ImportContext(
        team=team,
        workshop=ctx.workshop,
        path=ctx.path,
        records=dict(ctx.records),
        members=ctx.members,
    )
    try:
        with transaction.atomic():
            _import_charter({**given, "versions": []}, team, scratch, path)
            if scratch.errors:
                raise _Scratch
            snapshot = build_snapshot(Charter.objects.get(team=team))
            by_name = {p["name"]: p["ref"] for p in snapshot["parties"]}
            party_refs = {
                ref: by_name[record.actor.name]
                for ref, record in scratch.records.items()
                if ref.startswith("party:") and isinstance(record, CharterParty)
            }
            raise _Scratch
    except _Scratch:
        pass
    if scratch.errors:
        ctx.errors.extend(scratch.errors)
        return None
    context = given.get("context")
    if _context_ok(context):
        snapshot["context"] = context
    return Frozen(snapshot, party_refs)


def _by_team_refs(snapshot, ctx):
    """A snapshot as this app freezes it names actors among its parties only and a proxy seat by
    the actor's name; as the team's actor refs, so the snapshot imports like the live charter."""
    if not isinstance(snapshot, dict):
        return snapshot
    actors = {
        record.name: ref
        for ref, record in ctx.records.items()
        if ref.startswith("actor:") and record not in (None, FAILED)
    }
    snapshot = copy.deepcopy(snapshot)  # not yet checked by the schema: any shape at all
    for party in _dicts(snapshot.get("parties")):
        if isinstance(party.get("name"), str):
            party["actor"] = actors.get(party["name"], party.get("actor"))
    for body in _dicts(snapshot.get("bodies")):
        for seat in _dicts(body.get("seats")):
            proxy = seat.get("represents_proxy_for")
            if isinstance(proxy, str) and proxy not in ctx.records and proxy in actors:
                seat["represents_proxy_for"] = actors[proxy]
    return snapshot


def _dicts(value) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


CONTEXT_TYPES = {
    "purpose_statement": str,
    "long_term_vision": str,
    "gaps": list,
    "convenor_actor": (str, type(None)),
    "selected_candidate_actors": list,
    "step1_submitted": bool,
    "dependency_threshold_pct": str,
    "currency": str,
}


def _context_ok(context) -> bool:
    """A `context` block with every key the preview and the PDF read, each of its type."""
    if not isinstance(context, dict) or set(context) != set(CONTEXT_TYPES):
        return False
    if not all(isinstance(context[key], kind) for key, kind in CONTEXT_TYPES.items()):
        return False
    gaps_ok = all(
        isinstance(g, dict)
        and set(g) == {"title", "priority"}
        and isinstance(g["title"], str)
        and isinstance(g["priority"], int)
        for g in context["gaps"]
    )
    names_ok = all(isinstance(name, str) for name in context["selected_candidate_actors"])
    try:
        Decimal(context["dependency_threshold_pct"])
    except ArithmeticError:
        return False
    return gaps_ok and names_ok


def _version(item, frozen: Frozen, charter, ctx, path) -> None:
    """A frozen version as published: its snapshot, hash, author, time and sign-offs."""
    from workshop.facilitation.models import Participant

    number = item.get("number")
    snapshot = frozen.snapshot
    summary = _text(item.get("note"), SHORT_MAX, ctx, f"{path}.note", long=True)
    author = None
    if item.get("published_by"):
        author = (
            ctx.members.get(item["published_by"])
            or Participant.objects.filter(
                workshop=ctx.workshop, display_name=item["published_by"]
            ).first()
        )
        if author is None:
            ctx.error(
                f"{path}.published_by",
                _("Nobody called ‘%(name)s’ is in this workshop.")  # noqa: RUF001
                % {"name": item["published_by"]},
            )
    published_at = _when(item.get("published_at"), ctx, f"{path}.published_at")
    if CharterVersion.objects.filter(charter=charter, number=number).exists():
        ctx.error(f"{path}.number", _("Version %(n)s appears twice.") % {"n": number})
        return
    version = CharterVersion.objects.create(
        charter=charter,
        number=number,
        published_by=author,
        snapshot=snapshot,
        content_sha256=content_sha256(snapshot),
        change_summary=summary or "",
    )
    if published_at:
        CharterVersion.objects.filter(pk=version.pk).update(published_at=published_at)
    parties = {
        p.actor.name: p
        for p in CharterParty.objects.filter(charter=charter).select_related("actor")
    }
    names = {
        p.get("ref"): p.get("name") for p in snapshot.get("parties", []) if isinstance(p, dict)
    }
    for index, row in enumerate(item.get("sign_offs") or []):
        where = f"{path}.sign_offs[{index}]"
        ref = frozen.party_refs.get(row.get("party"), row.get("party"))
        if ref not in names:
            ctx.error(
                f"{where}.party",
                _("‘%(ref)s’ is not a party of version %(n)s.")  # noqa: RUF001
                % {"ref": row.get("party"), "n": number},
            )
            continue
        form = f.SignOffForm(
            {"decision": form_value(row.get("decision")), "note": form_value(row.get("note"))}
        )
        if not form.is_valid():
            ctx.form_errors(where, form)
            continue
        signer_name = _text(row.get("signer_name"), NAME_MAX, ctx, f"{where}.signer_name")
        signer_role = _text(
            row.get("signer_role"), LABEL_MAX, ctx, f"{where}.signer_role", long=True
        )
        signed_at = _when(row.get("signed_at"), ctx, f"{where}.signed_at")
        if signer_name is None or signer_role is None:
            continue
        party = parties.get(names[ref])
        sign_off = SignOff.objects.create(
            version=version,
            party=party,
            party_ref=ref,
            signer=party.signer if party else None,
            signer_name=signer_name,
            signer_role=signer_role,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
        )
        if signed_at:
            SignOff.objects.filter(pk=sign_off.pk).update(signed_at=signed_at)


def _text(value, limit, ctx, path, long=False):
    from django import forms

    try:
        return (clean_long if long else clean_name)(value or "", limit)
    except forms.ValidationError as error:
        for message in error.messages:
            ctx.error(path, message)
        return None


def _when(value, ctx, path):
    if not value:
        return None
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        ctx.error(path, _("Enter a valid date/time."))
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, datetime.UTC)
    return parsed


def _save(form, ctx, path, rename=None):
    if not form.is_valid():
        ctx.form_errors(path, form, rename)
        return FAILED
    return form.save_versioned(by=None)
