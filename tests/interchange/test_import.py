"""Import: the JSON Schema first, then the step forms' own rules, every error with its JSON path,
and nothing kept unless the whole document is valid."""

import pytest

from tests.interchange.documents import small
from workshop.facilitation.models import Workshop
from workshop.interchange.document import export_document
from workshop.interchange.importer import import_document
from workshop.steps.alignment.models import Score, ScoreVote
from workshop.steps.governance.models import Charter
from workshop.steps.mapping.models import Actor, Flow

pytestmark = pytest.mark.django_db


def test_small_document_imports_with_a_new_join_code(
    partnership_pattern, live_workshop, facilitator
):
    result = import_document(small(), facilitator)
    assert result.errors == []
    workshop = result.workshop
    assert (workshop.title, workshop.status, workshop.current_step.position) == (
        "Harbour Lane",
        "live",
        2,
    )
    assert workshop.join_code != live_workshop.join_code
    assert workshop.owner == facilitator
    team = workshop.teams.get()
    river = Actor.objects.get(team=team, name="River Lune")
    assert river.proxy.name == "Harbour Trust"
    assert Flow.objects.get(team=team).amount is not None
    assert list(
        Score.objects.filter(team=team).values_list("value", flat=True).order_by("value")
    ) == [3, 4]
    assert ScoreVote.objects.get(team=team).participant.display_name == "Marcus"
    assert Charter.objects.get(team=team).exit_obligations == "Return the boats."


def test_schema_errors_are_reported_with_their_paths(partnership_pattern, facilitator):
    document = small()
    document["workshop"]["status"] = "paused"
    document["teams"][0]["actors"][0]["actor_type"] = "alien"
    document["teams"][0]["actors"][1]["influence"] = "high"
    result = import_document(document, facilitator)
    assert result.workshop is None
    assert result.errors[0].startswith(
        "teams[0].actors[0].actor_type: 'alien' is not one of ['organisation'"
    )
    assert (
        result.errors[1] == "teams[0].actors[1].influence: 'high' is not of type 'integer', 'null'"
    )
    assert result.errors[2].startswith("workshop.status: 'paused' is not one of ['draft'")
    assert len(result.errors) == 3


def test_form_rule_errors_are_reported_with_paths_and_nothing_is_imported(
    partnership_pattern, facilitator
):
    document = small()
    team = document["teams"][0]
    team["charter"]["exit_obligations"] = "x" * 10000
    team["criteria"][2]["weight"] = "0"
    team["actors"][0]["influence"] = 9
    team["flows"][0]["source"] = "actor:city-council"
    team["flows"][0]["target"] = "actor:city-council"
    team["candidates"][0]["scores"]["criterion:reach"] = 6
    before = (Workshop.objects.count(), Actor.objects.count(), Charter.objects.count())
    result = import_document(document, facilitator)
    assert result.workshop is None
    # A record that fails is reported once; records naming it are not checked again (no noise).
    assert result.errors == [
        "teams[0].actors[0].influence: Select a valid choice. 9 is not one of the available choices.",
        "teams[0].flows[0].target: A flow must connect two different actors.",
        "teams[0].criteria[2].weight: Ensure this value is greater than or equal to 0.01.",
        "teams[0].candidates[0].scores.criterion:reach: Enter a whole number from 1 to 5.",
        "teams[0].charter.exit_obligations: Ensure this value has at most 5000 characters (it has 10000).",
    ]
    assert (Workshop.objects.count(), Actor.objects.count(), Charter.objects.count()) == before


def test_scores_outside_the_scale_give_the_scoring_message(partnership_pattern, facilitator):
    document = small()
    document["teams"][0]["candidates"][0]["scores"]["criterion:reach"] = 6
    result = import_document(document, facilitator)
    assert result.errors == [
        "teams[0].candidates[0].scores.criterion:reach: Enter a whole number from 1 to 5."
    ]


def test_missing_and_dangling_refs_are_errors_with_their_paths(partnership_pattern, facilitator):
    document = small()
    team = document["teams"][0]
    team["flows"][0]["source"] = "actor:nobody"
    team["candidates"][0]["scores"] = {"criterion:ghost": 3}
    team["candidates"][0]["votes"][0]["participant"] = "Zed"
    team["charter"]["parties"][0]["actor"] = None
    result = import_document(document, facilitator)
    assert result.errors == [
        "teams[0].flows[0].source: ‘actor:nobody’ does not match any actor ref in this team.",  # noqa: RUF001
        "teams[0].candidates[0].scores.criterion:ghost: ‘criterion:ghost’ does not match any criterion ref in this team.",  # noqa: RUF001
        "teams[0].candidates[0].votes[0].participant: Nobody called ‘Zed’ is a member of this team.",  # noqa: RUF001
        "teams[0].charter.parties[0].actor: This field is required.",
    ]
    assert Workshop.objects.filter(title="Harbour Lane").exists() is False


def test_duplicate_names_give_the_forms_duplicate_message(partnership_pattern, facilitator):
    document = small()
    document["teams"][0]["actors"][2]["name"] = "  harbour   TRUST "
    result = import_document(document, facilitator)
    assert result.errors[0] == (
        "teams[0].actors[2].name: An actor called ‘Harbour Trust’ already exists in this team."  # noqa: RUF001
    )


def test_derived_block_is_ignored_on_import(partnership_pattern, facilitator):
    document = small()
    document["teams"][0]["derived"] = {"fit_verdict": "nonsense", "ranking": "anything"}
    result = import_document(document, facilitator)
    assert result.errors == []
    exported = export_document(result.workshop)["teams"][0]["derived"]
    assert exported["quadrants"] == {
        "actor:city-council": "keep_satisfied",
        "actor:harbour-trust": "manage_closely",
        "actor:river-lune": "keep_informed",
    }
    assert exported["fit_verdict"] is None
    assert (exported["hypothesis_tally"], exported["indicator_rag"], exported["health"]) == (
        {},
        {},
        {},
    )
