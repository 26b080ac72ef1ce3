"""Bad inputs of scenario section C for step 1: message beside the field, typed text kept, nothing saved."""

import pytest
from django.urls import reverse

from tests.conftest import client_as_participant
from workshop.steps.mapping.models import Actor, Flow, SharedPurpose, ValueGap

pytestmark = pytest.mark.django_db


def url(name, workshop, team, *args):
    return reverse(f"steps:mapping:{name}", args=[workshop.pk, team.pk, 1, *args])


def actor(name="Aske Estate", **extra):
    data = {
        "name": name,
        "actor_type": "organisation",
        "sector": "private",
        "influence": 3,
        "interest": 3,
    }
    data.update(extra)
    return data


@pytest.fixture
def client(participant_a):
    return client_as_participant(participant_a)


def add_actor(client, workshop, team, **data):
    return client.post(url("actor_add", workshop, team), actor(**data), HTTP_HX_REQUEST="true")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("A" * 121, "Ensure this value has at most 120 characters (it has 121)."),
        ("Aske\x00Estate", "Null characters are not allowed."),
        ("Aske\x07Estate", "Remove control characters."),
    ],
)
def test_bad_actor_names_are_refused_beside_the_field(client, live_workshop, team_a, name, message):
    response = add_actor(client, live_workshop, team_a, name=name)
    content = response.content.decode()
    assert response.status_code == 400
    assert message in content
    assert 'aria-invalid="true"' in content
    assert 'id="actor-new-id_name-error"' in content or 'id="actor-new-name-error"' in content
    assert not Actor.objects.exists()
    if name.strip() and "\x00" not in name and "\x07" not in name:
        assert f'value="{name}"' in content  # all 121 characters kept, no maxlength attribute
    assert "maxlength" not in content


def test_a_120_character_name_is_accepted(client, live_workshop, team_a):
    assert add_actor(client, live_workshop, team_a, name="A" * 120).status_code == 200
    assert Actor.objects.get().name == "A" * 120


def test_a_10000_character_note_is_refused_and_kept(client, live_workshop, team_a):
    text = "0123456789" * 1000
    response = add_actor(client, live_workshop, team_a, notes=text)
    content = response.content.decode()
    assert response.status_code == 400
    assert "Ensure this value has at most 1000 characters (it has 10000)." in content
    assert f"{text}</textarea>" in content
    assert not Actor.objects.exists()


def test_a_tab_inside_notes_is_accepted(client, live_workshop, team_a):
    assert add_actor(client, live_workshop, team_a, notes="a\tb").status_code == 200
    assert Actor.objects.get().notes == "a\tb"


@pytest.mark.parametrize(
    "duplicate",
    ["aske estate ", "ASKE ESTATE", "Aske  Estate", "Ａｓｋｅ Estate"],  # noqa: RUF001
)
def test_duplicate_actor_names_name_the_existing_actor(client, live_workshop, team_a, duplicate):
    add_actor(client, live_workshop, team_a)
    response = add_actor(client, live_workshop, team_a, name=duplicate)
    assert response.status_code == 400
    assert "An actor called ‘Aske Estate’ already exists in this team." in response.content.decode()  # noqa: RUF001
    assert Actor.objects.count() == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [("Straße Farm", "STRASSE FARM"), ("Café Brookford", "Cafe\u0301 Brookford")],
)
def test_unicode_duplicates_are_refused_and_the_first_spelling_kept(
    client, live_workshop, team_a, first, second
):
    add_actor(client, live_workshop, team_a, name=first)
    assert add_actor(client, live_workshop, team_a, name=second).status_code == 400
    assert list(Actor.objects.values_list("name", flat=True)) == [first]


def test_unicode_and_markup_names_are_saved_as_typed_and_shown_escaped(
    client, live_workshop, team_a
):
    names = [
        "Ngāti Whātua liaison",
        "جمعية سكان الضفة الشرقية",
        "东岸华人社区协会",
        "Beaver Watch 🦫",
        "<script>alert('xss')</script>",
        '=HYPERLINK("http://example.com","x")',
    ]
    for name in names:
        assert add_actor(client, live_workshop, team_a, name=name).status_code == 200
    page = client.get(reverse("steps:page", args=[live_workshop.pk, team_a.pk, 1])).content.decode()
    assert "<script>alert('xss')</script>" not in page
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in page
    assert "<title>&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt; ·" in page  # map tooltip
    assert "&lt;script&gt;alert(&#x27;xs…</text>" in page  # map label, truncated
    assert 'dir="auto">جمعية سكان الضفة الشرقية' in page


def test_voiceless_actor_needs_a_proxy(client, live_workshop, team_a):
    response = add_actor(client, live_workshop, team_a, name="River Calder", actor_type="ecosystem")
    assert response.status_code == 400
    assert "An actor without agency needs a proxy who speaks for it." in response.content.decode()


def make_actors(team, *names):
    return [
        Actor.objects.create(
            team=team, name=n, actor_type="organisation", sector="public", influence=3, interest=3
        )
        for n in names
    ]


def flow(source, target, **extra):
    data = {
        "source": source.pk,
        "target": target.pk,
        "flow_type": "money",
        "label": "Grant",
        "status": "existing",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("45,000", "Enter a number."),
        ("NaN", "Enter a number."),
        ("Infinity", "Enter a number."),
        ("-1", "Enter an amount of 0 or more."),
        ("1000000000000", "Ensure that there are no more than 12 digits before the decimal point."),
    ],
)
def test_bad_amounts_are_refused(client, live_workshop, team_a, amount, message):
    a, b = make_actors(team_a, "A", "B")
    response = client.post(
        url("flow_add", live_workshop, team_a),
        flow(a, b, amount=amount, amount_unit="per_year"),
        HTTP_HX_REQUEST="true",
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert message in content
    assert f'value="{amount}"' in content
    assert not Flow.objects.exists()


def test_flow_rules_self_quality_and_tampered_target(client, live_workshop, team_a, team_b):
    a, b = make_actors(team_a, "A", "B")
    (other,) = make_actors(team_b, "Elsewhere")

    def post(data):
        return client.post(
            url("flow_add", live_workshop, team_a),
            data,
            HTTP_HX_REQUEST="true",
        ).content.decode()

    assert "A flow must connect two different actors." in post(flow(a, a))
    assert "Quality applies only to existing flows." in post(
        flow(a, b, status="proposed", quality="strong")
    )
    assert "Select a valid choice." in post(flow(a, other))
    assert not Flow.objects.exists()
    client.post(url("flow_add", live_workshop, team_a), flow(a, b, direction="two_way"))
    assert "This flow already exists" in post(flow(b, a, label=" grant "))
    assert Flow.objects.count() == 1


def test_purpose_under_20_characters_is_refused(client, live_workshop, team_a):
    response = client.post(
        url("purpose", live_workshop, team_a),
        {"statement": "Beavers are good."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "Ensure this value has at least 20 characters (it has 17)." in response.content.decode()
    assert not SharedPurpose.objects.exists()


def test_locked_step_refuses_and_keeps_the_typed_values(client, live_workshop, team_a):
    step = live_workshop.steps.get(position=1)
    step.state = "locked"
    step.save()
    response = add_actor(client, live_workshop, team_a, name="Kept name")
    assert response.status_code == 403
    assert "The facilitator has locked this step." in response.content.decode()
    assert 'value="Kept name"' in response.content.decode()
    assert not Actor.objects.exists()


def test_stale_edit_shows_both_values(client, live_workshop, team_a, teammate_a):
    (a,) = make_actors(team_a, "Old name")
    edit = url("actor_edit", live_workshop, team_a, a.pk)
    assert client.post(edit, actor("Marcus name", version=1)).status_code == 302
    response = client_as_participant(teammate_a).post(
        edit, actor("Amara name", version=1), HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this since you opened it." in content
    assert "Marcus name" in content and 'value="Amara name"' in content
    assert Actor.objects.get().name == "Marcus name"


def test_deleting_a_proxy_is_blocked_and_lists_who_depends_on_it(client, live_workshop, team_a):
    (city,) = make_actors(team_a, "City")
    Actor.objects.create(
        team=team_a,
        name="River",
        actor_type="ecosystem",
        sector="other",
        agency="none",
        proxy=city,
        influence=1,
        interest=4,
    )
    response = client.post(url("actor_delete", live_workshop, team_a, city.pk))
    assert response.status_code == 409
    assert "River (it is their proxy)" in response.content.decode()
    assert Actor.objects.count() == 2


def test_deleting_an_actor_lists_and_cascades_its_flows_and_unlinks_gaps(
    client, live_workshop, team_a
):
    a, b, c = make_actors(team_a, "A", "B", "C")
    Flow.objects.create(team=team_a, source=a, target=b, flow_type="money", label="One")
    Flow.objects.create(team=team_a, source=c, target=a, flow_type="services", label="Two")
    gap = ValueGap.objects.create(
        team=team_a, title="Gap", gap_type="unmet_need", severity=3, opportunity=3
    )
    gap.affected_actors.set([a, b])
    delete = url("actor_delete", live_workshop, team_a, a.pk)
    confirm = client.get(delete).content.decode()
    assert "2 flows will be deleted with it:" in confirm
    assert "A → B: One" in confirm and "C → A: Two" in confirm
    assert "1 gap will lose its link to this actor:" in confirm
    assert Actor.objects.count() == 3  # a GET deletes nothing
    assert client.post(delete).status_code == 302
    assert (Actor.objects.count(), Flow.objects.count()) == (2, 0)
    assert list(gap.affected_actors.all()) == [b]


def test_outsider_team_records_are_not_found(client, live_workshop, team_a, team_b):
    (other,) = make_actors(team_b, "Elsewhere")
    assert client.get(url("actor_edit", live_workshop, team_a, other.pk)).status_code == 404
    assert client.post(url("actor_delete", live_workshop, team_a, other.pk)).status_code == 404


def test_a_renamed_actor_frees_its_old_name_and_takes_the_new_one(client, live_workshop, team_a):
    (a,) = make_actors(team_a, "Old name")
    edit = url("actor_edit", live_workshop, team_a, a.pk)
    assert client.post(edit, actor("  New   NAME ", version=1)).status_code == 302
    assert Actor.objects.get(pk=a.pk).name_key == "new name"

    assert add_actor(client, live_workshop, team_a, name="Old name").status_code in (200, 302)
    response = add_actor(client, live_workshop, team_a, name="new name")
    assert "already exists in this team" in response.content.decode()
    assert Actor.objects.count() == 2


def test_a_stale_save_that_changes_nothing_stored_is_not_a_conflict(
    client, live_workshop, team_a, teammate_a
):
    (a,) = make_actors(team_a, "Old name")
    edit = url("actor_edit", live_workshop, team_a, a.pk)
    assert client.post(edit, actor("Same name", version=1)).status_code == 302
    # A teammate who typed exactly what is now stored, from the older version: nothing to show.
    response = client_as_participant(teammate_a).post(edit, actor("Same name", version=1))
    assert response.status_code == 302
    assert Actor.objects.get().version == 2
