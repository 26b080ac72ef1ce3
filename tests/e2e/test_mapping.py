"""Step 1 in the browser: teammates map together live on phones, XSS stays text, drag pins a node,
the table/map/grid views, CSV export, character counters, and axe-core on every view."""

import re
import threading

from playwright.sync_api import expect

from tests.conftest import client_as_participant, make_participant
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_participant import join_as
from tests.steps import scenario_data as scenario
from tests.steps.mapping.millrace import load_step1
from workshop.steps.mapping.models import Actor, Flow, ValueGap

DESKTOP = {"width": 1280, "height": 900}


def step_url(server, workshop, team, query=""):
    return f"{server.url}/w/{workshop.pk}/team/{team.pk}/step/1/{query}"


def ready(page):
    page.wait_for_function("() => window.htmx !== undefined && document.readyState === 'complete'")


def add_actor(page, name, *, actor_type="Organisation", sector="Public", influence=3, interest=3):
    form = page.locator("#add-actor form")
    form.get_by_label("Name", exact=True).fill(name)
    form.get_by_label("Type", exact=True).select_option(label=actor_type)
    form.get_by_label("Sector", exact=True).select_option(label=sector)
    form.get_by_role("group", name="Influence").get_by_text(str(influence), exact=True).click()
    form.get_by_role("group", name="Interest").get_by_text(str(interest), exact=True).click()
    with page.expect_response(lambda response: "/actors/add/" in response.url) as info:
        form.get_by_role("button", name="Add actor").click()
    assert info.value.status == 200
    expect(page.locator("#add-actor")).to_contain_text("Added. Add another?")


def add_flow(page, source, target, label, *, flow_type="Money"):
    form = page.locator("#add-flow form")
    form.get_by_label("From", exact=True).select_option(label=source)
    form.get_by_label("To", exact=True).select_option(label=target)
    form.get_by_label("Type", exact=True).select_option(label=flow_type)
    form.get_by_label("What passes", exact=True).fill(label)
    with page.expect_response(lambda response: "/flows/add/" in response.url) as info:
        form.get_by_role("button", name="Add flow").click()
    assert info.value.status == 200


def load_millrace(workshop, team, data):
    """Millrace step-1 data through the forms (the Django test client), in a thread of its own:
    Playwright's event loop occupies this one."""
    client = client_as_participant(make_participant(workshop, team, "Loader"))
    failures = []
    worker = threading.Thread(
        target=lambda: failures.extend(_try(lambda: load_step1(client, team, data)))
    )
    worker.start()
    worker.join()
    assert failures == []


def _try(action):
    try:
        action()
    except Exception as error:  # reported in the test's thread
        return [error]
    return []


def actor_table(page):
    return page.locator("[data-panel=table] table")


def test_two_teammates_map_together_live_on_phones(browser, asgi_server, live_workshop, no_dialogs):
    marcus_context, marcus = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside")
    amara_context, amara = join_as(browser, asgi_server, live_workshop, "Amara", "Riverside")
    ready(marcus)
    ready(amara)
    expect(marcus.locator("#mapping-board")).to_contain_text("No actors yet.")

    add_actor(marcus, "Riverside Tenants Association", actor_type="Community", sector="Community")
    # Marcus's own board refreshes at once; Amara's through the live event, without a reload.
    expect(actor_table(marcus)).to_contain_text("Riverside Tenants Association")
    expect(actor_table(amara)).to_contain_text("Riverside Tenants Association")

    add_actor(amara, "Calder County", sector="Public", influence=5, interest=4)
    expect(actor_table(marcus)).to_contain_text("Calder County")
    expect(actor_table(amara).locator("tbody tr")).to_have_count(2)

    add_flow(marcus, "Calder County", "Riverside Tenants Association", "Community grant")
    flows_m = marcus.locator("[data-panel=flows] table")
    flows_a = amara.locator("[data-panel=flows] table")
    expect(flows_m).to_contain_text("Community grant")
    expect(flows_a).to_contain_text("Calder County → Riverside Tenants Association")
    expect(amara.locator("[data-board-counts]")).to_have_text("2 actors · 1 flow · 0 gaps")

    flow = Flow.objects.get()
    assert (flow.source.name, flow.target.name, flow.label, flow.flow_type, flow.status) == (
        "Calder County",
        "Riverside Tenants Association",
        "Community grant",
        "money",
        "existing",
    )
    assert sorted(Actor.objects.values_list("name", "created_by__display_name")) == [
        ("Calder County", "Amara"),
        ("Riverside Tenants Association", "Marcus"),
    ]
    # Nothing spills sideways on a 360 px phone.
    assert marcus.evaluate("document.documentElement.scrollWidth") <= 360
    marcus.screenshot(path="/tmp/shots/mapping-live-360.png", full_page=True)
    marcus_context.close()
    amara_context.close()


def test_markup_in_names_and_labels_stays_text_on_the_map(
    browser, asgi_server, live_workshop, no_dialogs
):
    context, page = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside")
    ready(page)
    page.set_viewport_size(DESKTOP)
    add_actor(page, "<script>alert('xss')</script>")  # C-G7
    add_actor(page, "Calder County")
    add_flow(page, "<script>alert('xss')</script>", "Calder County", "<img src=x onerror=alert(1)>")
    add_flow(page, "Calder County", "<script>alert('xss')</script>", '"><svg onload=alert(1)>')
    team = live_workshop.teams.get(name="Riverside")
    gap = ValueGap.objects.create(
        team=team,
        title="Unheard tenants",
        gap_type="unheard_stakeholder",
        severity=4,
        opportunity=4,
        description='"><svg onload=alert(1)> and <img src=x onerror=alert(1)>',  # C-G8
    )

    page.goto(step_url(asgi_server, live_workshop, team, "?view=map"))
    ready(page)
    actor = Actor.objects.get(name="<script>alert('xss')</script>")
    node = page.locator(f'svg[data-network-map] g.map-node[data-actor="{actor.pk}"]')
    expect(node.locator("text")).to_have_text("<script>alert('xs…")  # label, truncated
    expect(node.locator("title")).to_have_text(
        "<script>alert('xss')</script> · Public · influence 3, interest 3"
    )
    edges = page.locator("svg[data-network-map] line.map-edge title")
    expect(edges).to_have_text(
        [
            "<script>alert('xss')</script> → Calder County: <img src=x onerror=alert(1)>"
            " (Money, Existing)",
            "Calder County → <script>alert('xss')</script>: \"><svg onload=alert(1)>"
            " (Money, Existing)",
        ]
    )
    expect(page.locator("[data-panel=table] tbody th").first).to_have_text(
        re.compile(r"^\s*<script>alert\('xss'\)</script>")
    )
    # No element was injected anywhere on the page.
    assert page.locator("#mapping-board img, #mapping-board script, svg svg").count() == 0
    # The gap's description shows as text in its editor.
    page.locator(f"#gap-{gap.pk}").get_by_role("link", name="Edit").click()
    expect(page.locator("#mapping-editor textarea[name=description]")).to_have_value(
        '"><svg onload=alert(1)> and <img src=x onerror=alert(1)>'
    )
    # It is scrolled into view below the sticky bar, not under it.
    editor, bar = (
        page.locator("#mapping-editor").bounding_box(),
        page.locator(".live-root").bounding_box(),
    )
    assert bar["y"] + bar["height"] <= editor["y"] < DESKTOP["height"]
    assert_accessible(page)
    context.close()


def test_dragging_a_node_pins_it_where_it_was_dropped(browser, asgi_server, live_workshop):
    team = live_workshop.teams.get(name="Riverside")
    river, county = (
        Actor.objects.create(
            team=team,
            name=name,
            actor_type="organisation",
            sector="public",
            influence=3,
            interest=3,
        )
        for name in ("River Calder Trust", "Calder County")
    )
    Flow.objects.create(team=team, source=county, target=river, flow_type="money", label="Grant")
    context, page = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside")
    page.set_viewport_size(DESKTOP)
    page.goto(step_url(asgi_server, live_workshop, team, "?view=map"))
    ready(page)
    node = page.locator(f'g.map-node[data-actor="{river.pk}"]')
    before = node.get_attribute("transform")
    node.scroll_into_view_if_needed()
    box = node.locator("circle").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 60, y + 40, steps=8)
    # The edge follows the node while dragging (after the drop, the live refetch redraws the map from
    # the server, which ends edges at the node's rim, not its centre).
    line = page.locator(f'line.map-edge[data-target="{river.pk}"]')
    dragged = re.match(r"translate\(([\d.]+) ([\d.]+)\)", node.get_attribute("transform")).groups()
    assert (line.get_attribute("x2"), line.get_attribute("y2")) == dragged
    with page.expect_response(lambda response: "/position/" in response.url) as info:
        page.mouse.up()
    assert info.value.status == 200
    expect(node).to_have_class(re.compile(r"\bpinned\b"))

    river.refresh_from_db()
    assert river.map_pinned is True
    after = f"translate({river.map_x:.1f} {river.map_y:.1f})"
    assert after != before
    assert after == "translate({} {})".format(*dragged)  # stored where it was dropped
    page.reload()
    expect(node).to_have_attribute("transform", after)
    expect(node).to_have_class(re.compile(r"\bpinned\b"))
    expect(node.locator("title")).to_contain_text("pinned")
    context.close()


def test_views_toggle_on_a_phone_and_each_is_accessible(browser, asgi_server, live_workshop):
    team = live_workshop.teams.get(name="Riverside")
    load_millrace(live_workshop, team, scenario.B1)
    context, page = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside")
    ready(page)
    panels = {name: page.locator(f"[data-panel={name}]") for name in ("table", "map", "grid")}
    expect(panels["table"]).to_be_visible()
    expect(panels["map"]).to_be_hidden()
    expect(panels["grid"]).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    page.screenshot(path="/tmp/shots/mapping-table-360.png", full_page=True)

    tabs = page.get_by_role("navigation", name="Views of the map")
    tabs.get_by_role("link", name="Map").click()
    expect(tabs.get_by_role("link", name="Map")).to_have_attribute("aria-current", "page")
    expect(panels["map"]).to_be_visible()
    expect(panels["table"]).to_be_hidden()
    expect(page.locator("svg[data-network-map] g.map-node")).to_have_count(len(scenario.B1.actors))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    page.locator("#mapping-board").screenshot(path="/tmp/shots/mapping-map-360.png")

    tabs.get_by_role("link", name="Power/interest grid").click()
    expect(tabs.get_by_role("link", name="Power/interest grid")).to_have_attribute(
        "aria-current", "page"
    )
    expect(panels["grid"]).to_be_visible()
    expect(panels["map"]).to_be_hidden()
    expect(panels["grid"].get_by_role("region", name="Manage closely")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    page.locator("#mapping-board").screenshot(path="/tmp/shots/mapping-grid-360.png")

    tabs.get_by_role("link", name="Table").click()
    expect(panels["table"]).to_be_visible()
    expect(panels["grid"]).to_be_hidden()
    context.close()


def test_csv_export_downloads_the_team_actors(browser, asgi_server, live_workshop):
    team = live_workshop.teams.get(name="Riverside")
    Actor.objects.create(
        team=team,
        name="Calder County",
        actor_type="organisation",
        sector="public",
        influence=5,
        interest=4,
    )
    context, page = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside")
    with page.expect_download() as info:
        page.get_by_role("link", name="Actors (CSV)").click()
    download = info.value
    assert download.suggested_filename == "Riverside-actors.csv"
    with open(download.path(), "rb") as file:
        content = file.read()
    assert content.startswith(b"\xef\xbb\xbfLabel,Type,Description,")
    assert b"\r\nCalder County,organisation," in content
    context.close()


def test_text_fields_count_characters_and_mark_the_limit(browser, asgi_server, live_workshop):
    context, page = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside")
    ready(page)
    name = page.locator("#add-actor").get_by_label("Name", exact=True)
    counter = page.locator("#actor-new-name-count")
    name.fill("Calder County")
    expect(counter).to_have_text("13 / 120")
    expect(counter).not_to_have_class(re.compile(r"\bover\b"))
    expect(counter).not_to_have_attribute("aria-live", "polite")
    name.fill("x" * 125)
    expect(counter).to_have_text("125 / 120 · 5 over the limit")
    expect(counter).to_have_class(re.compile(r"\bover\b"))
    expect(counter).to_have_attribute("aria-live", "polite")
    # The server says the same and keeps the typed text.
    page.locator("#add-actor form").get_by_role("button", name="Add actor").click()
    expect(page.locator("#add-actor")).to_contain_text("at most 120 characters (it has 125)")
    expect(page.locator("#add-actor").get_by_label("Name", exact=True)).to_have_value("x" * 125)
    expect(page.locator("#actor-new-name-count")).to_have_text("125 / 120 · 5 over the limit")
    context.close()


def test_an_actor_added_offline_is_saved_when_the_network_returns(
    browser, asgi_server, live_workshop
):
    context, page = join_as(browser, asgi_server, live_workshop, "Marcus", "Riverside")
    ready(page)
    context.set_offline(True)
    form = page.locator("#add-actor form")
    form.get_by_label("Name", exact=True).fill("Aske Estate")
    form.get_by_label("Type", exact=True).select_option(label="Organisation")
    form.get_by_label("Sector", exact=True).select_option(label="Private")
    form.get_by_role("group", name="Influence").get_by_text("4", exact=True).click()
    form.get_by_role("group", name="Interest").get_by_text("2", exact=True).click()
    form.get_by_role("button", name="Add actor").click()
    expect(page.locator("[data-save-state]")).to_have_text(re.compile("Offline"))
    expect(form.get_by_label("Name", exact=True)).to_have_value("Aske Estate")
    assert not Actor.objects.exists()
    context.set_offline(False)
    expect(page.locator("[data-save-state]")).to_have_text("Saved", timeout=15000)
    assert Actor.objects.get().name == "Aske Estate"
    context.close()
