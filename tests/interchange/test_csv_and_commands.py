"""CSV across teams (formula-safe, numbers plain, BOM) and the two management commands."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tests.conftest import client_as_user
from tests.interchange.documents import small
from tests.steps.pilot.documents import pilot_document
from workshop.facilitation.models import Workshop
from workshop.interchange.csvexport import kind_csv
from workshop.interchange.document import export_document
from workshop.interchange.importer import import_document
from workshop.steps.governance.publishing import charter_for, publish
from workshop.steps.pilot.charter import apply_change
from workshop.steps.pilot.models import CharterChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(partnership_pattern, facilitator):
    document = small()
    actors = document["teams"][0]["actors"]
    actors[2]["name"] = '=HYPERLINK("http://evil")'
    actors[2]["goals"] = "-1 more"
    document["teams"][0]["candidates"][0]["actor"] = "actor:hyperlink-httpevil"
    actors[2]["ref"] = "actor:hyperlink-httpevil"
    document["teams"][0]["flows"][0]["source"] = "actor:hyperlink-httpevil"
    result = import_document(document, facilitator)
    assert result.errors == []
    return result.workshop


def test_actor_csv_escapes_formulas_and_starts_with_the_team(imported):
    body = kind_csv(export_document(imported), "actors").decode("utf-8")
    assert body.startswith("\ufeffteam,ref,name,")
    evil, trust = body.splitlines()[1:3]
    assert evil.startswith('Riverside,actor:hyperlinkhttpevil,"\'=HYPERLINK(""http://evil"")",')
    assert ",'-1 more," in evil
    assert trust.startswith("Riverside,actor:harbour-trust,Harbour Trust,organisation,")


def test_flow_csv_writes_amounts_as_plain_numbers_and_refs_as_names(imported):
    body = kind_csv(export_document(imported), "flows").decode("utf-8-sig")
    header, row = body.splitlines()
    assert header == (
        "team,ref,source,target,direction,flow_type,label,status,quality,amount,amount_unit,"
        "strength,notes"
    )
    assert row == (
        'Riverside,flow:1,\'=HYPERLINK("http://evil"),Harbour Trust,one_way,money,Grant,existing,,'
        "12.50,per_year,,"
    ).replace('\'=HYPERLINK("http://evil")', '"\'=HYPERLINK(""http://evil"")"')


def test_candidate_csv_carries_the_ranking(imported):
    body = kind_csv(export_document(imported), "candidates").decode("utf-8-sig")
    header, row = body.splitlines()
    assert header.split(",")[-3:] == ["weighted_score", "rank", "ranking_status"]
    assert row.endswith(",,,incomplete")


def test_export_command_writes_the_document_to_stdout(imported):
    out = io.StringIO()
    call_command("export_workshop", imported.join_code.lower(), stdout=out)
    document = json.loads(out.getvalue())
    assert (document["format"], document["workshop"]["title"]) == ("epd-workshop/1", "Harbour Lane")
    assert "join_code" not in json.dumps(document)


def test_export_command_prefers_the_open_workshop_sharing_a_code(
    imported, facilitator, partnership_pattern, tmp_path
):
    closed = Workshop.create_from_pattern(partnership_pattern, facilitator, "Old session")
    closed.join_code = imported.join_code
    closed.status = Workshop.Status.CLOSED
    closed.save()
    target = tmp_path / "out.json"
    call_command("export_workshop", imported.join_code, "-o", str(target), stderr=io.StringIO())
    assert json.loads(target.read_text("utf-8"))["workshop"]["title"] == "Harbour Lane"
    out = io.StringIO()
    call_command("export_workshop", "--id", str(closed.pk), stdout=out)
    assert json.loads(out.getvalue())["workshop"]["title"] == "Old session"


def test_export_command_fails_on_an_unknown_code(db):
    with pytest.raises(CommandError, match="No workshop with code 'NOPE2345'"):
        call_command("export_workshop", "NOPE2345")


def test_import_command_prints_the_join_code_last(partnership_pattern, facilitator, tmp_path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps(small()), "utf-8")
    out = io.StringIO()
    call_command("import_workshop", str(source), "--owner", "Jordan@Example.org", stdout=out)
    workshop = Workshop.objects.get(title="Harbour Lane")
    assert out.getvalue().splitlines()[-1] == workshop.join_code
    assert workshop.owner == facilitator


def test_import_command_creates_an_owner_without_a_password(partnership_pattern, tmp_path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps(small()), "utf-8")
    out = io.StringIO()
    call_command("import_workshop", str(source), "--owner", "new@example.org", stdout=out)
    user = get_user_model().objects.get(username="new@example.org")
    assert user.has_usable_password() is False
    lines = out.getvalue().splitlines()
    assert lines[-2].startswith("/accounts/password/reset/")
    assert lines[-1] == Workshop.objects.get(title="Harbour Lane").join_code


def test_import_command_reports_every_error_and_imports_nothing(partnership_pattern, tmp_path):
    document = small()
    document["teams"][0]["criteria"][0]["weight"] = "1001"
    document["teams"][0]["charter"]["exit_obligations"] = "x" * 10000
    source = tmp_path / "in.json"
    source.write_text(json.dumps(document), "utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"Nothing imported: 2 error\(s\)\."):
        call_command("import_workshop", str(source), "--owner", "new@example.org", stderr=err)
    assert err.getvalue().splitlines() == [
        "teams[0].criteria[0].weight: Ensure this value is less than or equal to 1000.00.",
        "teams[0].charter.exit_obligations: Ensure this value has at most 5000 characters (it has 10000).",
    ]
    assert Workshop.objects.filter(title="Harbour Lane").exists() is False
    assert get_user_model().objects.filter(username="new@example.org").exists() is False


def test_import_command_exits_with_status_1_on_bad_json(db, tmp_path):
    source = tmp_path / "in.json"
    source.write_text("{not json", "utf-8")
    with pytest.raises(CommandError) as failure:
        call_command(
            "import_workshop", str(source), "--owner", "a@example.org", stderr=io.StringIO()
        )
    assert failure.value.returncode == 1  # manage.py exits with this status


def test_step4_csv_kinds_are_formula_safe_with_names_for_refs(partnership_pattern, facilitator):
    result = import_document(pilot_document(), facilitator)
    assert result.errors == []
    workshop = result.workshop
    change = CharterChange.objects.get(team__workshop=workshop)
    apply_change(change, None)
    publish(charter_for(change.team), None, "Crew leads")  # stamps the applied change with v1
    step4 = ["pilots", "hypotheses", "pilot_risks", "lessons", "charter_changes"]
    client = client_as_user(facilitator)
    menu = client.get(workshop.get_absolute_url()).content.decode()
    for kind in step4:
        assert reverse("facilitation:export_csv", args=[workshop.pk, kind]) in menu
    response = client.get(reverse("facilitation:export_csv", args=[workshop.pk, "pilots"]))
    assert response.status_code == 200
    document = export_document(workshop)
    assert response.content == kind_csv(document, "pilots")

    pilots = response.content.decode("utf-8-sig").splitlines()
    assert pilots == [
        "team,ref,iteration,title,objective,scope,start_date,end_date,budget_cash,status,parties,"
        "charter_version,timebox_days,validated,invalidated,inconclusive,not_tested,decision,"
        "rationale,decided_on,decision_rule",
        "Riverside,pilot:1,1,Boat club trial,Weekend sailing for members,"
        '"One harbour, members only",2026-05-01,2026-08-29,1500.50,completed,'
        "Harbour Trust; City Council,,120,1,1,1,1,iterate,Costs first,2026-09-05,",
    ]
    cards = kind_csv(document, "hypotheses").decode("utf-8-sig").splitlines()
    assert cards[0] == (
        "team,pilot,ref,title,belief,category,criticality,test_method,metric,unit,comparator,"
        "target_value,target_value_max,result_value,result_override,result_note,result"
    )
    assert [row.rsplit(",", 1)[1] for row in cards[1:]] == [
        "validated",
        "invalidated",
        "inconclusive",
        "not_tested",
    ]
    assert cards[2] == (
        "Riverside,Boat club trial,hypothesis:cost-per-sail,Cost per sail,A sail costs little,"
        "financial,2,,Cost,GBP,between,10.00,20.00,25.00,,'+5 over the limit,invalidated"
    )
    risks = kind_csv(document, "pilot_risks").decode("utf-8-sig").splitlines()
    assert risks == [
        "team,pilot,title,category,likelihood,impact,mitigation,owner",
        "Riverside,Boat club trial,Storms,delivery,3,4,'@weather watch,City Council",
    ]
    lessons = kind_csv(document, "lessons").decode("utf-8-sig").splitlines()
    assert lessons == [
        "team,pilot,ref,text,kind,action,hypotheses,charter_changes,charter_change_applied",
        "Riverside,Boat club trial,lesson:1,'=Members return when crews are fixed,worked,"
        "Fix the crews,Members come back; Crews mix,1,yes",
        "Riverside,Boat club trial,lesson:2,Costs run over,did_not_work,,Cost per sail,0,",
    ]
    changes = kind_csv(document, "charter_changes").decode("utf-8-sig").splitlines()
    assert changes == [
        "team,pilot,lesson,section,description,applied_in_version",
        "Riverside,Boat club trial,'=Members return when crews are fixed,roles,Name a crew lead,1",
    ]
