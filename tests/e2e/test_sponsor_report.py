"""A facilitator downloads the sponsors' report of the Millrace demo from the console's Export menu."""

import io
import re
import threading

from django.core.management import call_command
from playwright.sync_api import expect

from tests.charter.conftest import flat, pdf_text
from tests.e2e.conftest import assert_accessible
from workshop.facilitation.models import Workshop


def seed_in_a_thread():
    def seed():
        from django.db import connection

        call_command("seed_demo", stdout=io.StringIO())
        connection.close()

    worker = threading.Thread(target=seed)
    worker.start()
    worker.join()


def test_facilitator_downloads_the_sponsor_report(
    browser, asgi_server, partnership_pattern, no_dialogs
):
    seed_in_a_thread()
    workshop = Workshop.objects.get()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(asgi_server.url + "/accounts/login/")
    page.get_by_label("E-mail address").fill("demo@example.org")
    page.get_by_label(re.compile(r"^\s*Password\*?\s*$")).fill("workshop-demo")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{asgi_server.url}/facilitate/{workshop.pk}/")

    page.get_by_role("button", name="Export").click()
    link = page.get_by_role("link", name="Report for sponsors (PDF)")
    expect(link).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == (
        "sponsor-report-millrace-park-partnership-design-workshop.pdf"
    )
    with open(download.path(), "rb") as file:
        text = flat(pdf_text(file.read()))
    assert "Attendance" in text and "Riverside 3 0 Amara, Lin, Marcus" in text
    assert "12 actors, 14 flows." in text
    assert "Millrace Park Partnership Charter: v2, Agreed" in text
    context.close()
