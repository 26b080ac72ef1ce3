"""The Import workshop page and the console's Export menu in a browser (360 px and 1280 px)."""

import io
import json
import re
from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import expect

from tests.conftest import make_facilitator
from tests.e2e.conftest import assert_accessible
from tests.interchange.documents import small

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"
SHOTS = Path("/tmp/shots")


def shot(page, name, width):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def test_import_with_errors_then_export_menu(page, asgi_server, no_dialogs, tmp_path):
    call_command("load_patterns", str(REPO / "patterns" / "library"), stdout=io.StringIO())
    make_facilitator("jordan@example.org", password=PASSWORD)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(asgi_server.url + "/accounts/login/?next=/facilitate/")
    page.get_by_label("E-mail address").fill("jordan@example.org")
    page.get_by_label(re.compile(r"^\s*Password\*?\s*$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Import workshop").click()

    bad = small()
    bad["teams"][0]["charter"]["exit_obligations"] = "x" * 10000
    bad_file = tmp_path / "bad.json"
    bad_file.write_text(json.dumps(bad), "utf-8")
    page.get_by_label("Workshop file (JSON)").set_input_files(str(bad_file))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-errors")).to_contain_text(
        "teams[0].charter.exit_obligations: Ensure this value has at most 5000 characters"
    )
    assert_accessible(page)
    shot(page, "import-errors", 360)
    shot(page, "import-errors", 1280)

    good_file = tmp_path / "good.json"
    good_file.write_text(json.dumps(small()), "utf-8")
    page.get_by_label("Workshop file (JSON)").set_input_files(str(good_file))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("button", name="Export")).to_be_visible()
    page.get_by_role("button", name="Export").click()
    expect(page.get_by_role("link", name="Whole workshop (JSON)")).to_be_visible()
    assert_accessible(page)
    shot(page, "console-export-menu", 1280)


def test_hostile_files_get_a_message_beside_the_field_and_import_nothing(
    page, asgi_server, no_dialogs, tmp_path
):
    from workshop.facilitation.models import Workshop

    call_command("load_patterns", str(REPO / "patterns" / "library"), stdout=io.StringIO())
    make_facilitator("jordan@example.org", password=PASSWORD)
    page.goto(asgi_server.url + "/accounts/login/?next=/facilitate/import/")
    page.get_by_label("E-mail address").fill("jordan@example.org")
    page.get_by_label(re.compile(r"^\s*Password\*?\s*$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    field = page.get_by_label("Workshop file (JSON)")

    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.write(b"[" + b" " * (50 * 1024 * 1024 - 2) + b"]")
    field.set_input_files(str(big))
    page.get_by_role("button", name="Import").click()
    feedback = page.locator("#import-file-error")
    expect(feedback).to_have_text("The file is 50.0 MB; a workshop file can be at most 10 MB.")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", "import-file-help import-file-error")

    newer = small()
    newer["format"] = "epd-workshop/2"
    other = tmp_path / "other.json"
    other.write_text(json.dumps(newer), "utf-8")
    field.set_input_files(str(other))
    page.get_by_role("button", name="Import").click()
    # The problems sit right under the field they are about, and the field points at them.
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("Nothing was imported: 1 problem.")
    expect(errors).to_contain_text(
        "format: This file is in format ‘epd-workshop/2’; this app imports epd-workshop/1 only."  # noqa: RUF001
    )
    expect(field).to_have_attribute("aria-describedby", "import-file-help import-errors")
    field_box, errors_box = field.bounding_box(), errors.bounding_box()
    assert 0 <= errors_box["y"] - (field_box["y"] + field_box["height"]) < 80
    assert_accessible(page)
    shot(page, "import-hostile", 360)
    shot(page, "import-hostile", 1280)
    assert Workshop.objects.count() == 0
