import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from patterns.models import Pattern
from tests.patterns.conftest import PARTNERSHIP, SAMPLES

DETAIL = f"/library/{PARTNERSHIP}/"


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_user(
        username="curator", email="curator@example.org", password="pw-123456789", is_staff=True
    )
    client.force_login(user)
    return client


@pytest.fixture
def signed_in_client(client, db):
    user = get_user_model().objects.create_user(
        username="jordan", email="jordan@example.org", password="pw-123456789"
    )
    client.force_login(user)
    return client


def sample_upload(name, content=None):
    data = content if content is not None else (SAMPLES / name).read_bytes()
    return SimpleUploadedFile(name, data, content_type="text/markdown")


def test_library_lists_patterns_with_a_count(client, library):
    response = client.get("/library/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "12 patterns" in html
    assert f'href="{DETAIL}"' in html


def test_library_search_and_domain_filter(client, library):
    response = client.get("/library/", {"q": "governance", "domain": "governance"})
    titles = [p.title for p in response.context["page"].object_list]
    assert titles == [
        "Collaborative Governance",
        "Community & Participation Model",
        "Conflict Resolution Mechanism",
        "Consent-Based Decision Making",
        "Stakeholder Architecture",
    ]
    response = client.get("/library/", {"domain": "meta"})
    assert [p.title for p in response.context["page"].object_list] == ["Commons Blueprint"]


def test_library_search_htmx_returns_only_the_results(client, library):
    response = client.get(
        "/library/", {"q": "beachhead"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="library-results"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="library-results"')
    assert "1 pattern\n" in html or "1 pattern " in html
    assert "<html" not in html


def test_library_paginates(client, db, tmp_path):
    text = (SAMPLES / f"{PARTNERSHIP}.md").read_text()
    for number in range(25):
        (tmp_path / f"p{number}.md").write_text(
            text.replace(f"slug: {PARTNERSHIP}", f"slug: copy-{number:02d}").replace(
                "title: Ecosystem", f"title: Copy {number:02d} Ecosystem"
            )
        )
    from tests.patterns.conftest import run_load

    run_load(tmp_path)
    first = client.get("/library/", {"q": "copy"})
    assert len(first.context["page"].object_list) == 20
    assert "page=2" in first.content.decode()
    second = client.get("/library/", {"q": "copy", "page": 2})
    assert next(p.title for p in second.context["page"].object_list) == (
        "Copy 20 Ecosystem Partnership Design"
    )
    assert len(second.context["page"].object_list) == 5


def test_too_long_search_shows_a_message_beside_the_field(client, library):
    response = client.get("/library/", {"q": "x" * 201})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_q_error"' in html
    assert "Ensure this value has at most 200 characters (it has 201)." in html


def test_library_query_count_is_constant(client, library, django_assert_num_queries):
    with django_assert_num_queries(3):  # domains, count, page
        client.get("/library/", {"q": "pattern"})


def test_pattern_page_shows_summary_sections_steps_and_assessment(client, library):
    response = client.get(DETAIL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "A pattern for designing and cultivating intentional partnerships" in html
    for number in range(1, 6):
        assert f'id="step-{number}"' in html
    assert html.index("Ecosystem Mapping and Opportunity Analysis") < html.index("Scale and Evolve")
    assert html.index('id="section-context"') < html.index('id="section-vitality"')
    assert '<pre class="mermaid-source">graph TD' in html
    assert 'data-mermaid-src="/static/vendor/mermaid-11.17.2.min.js"' in html
    assert '<svg class="radar"' in html
    assert '<td class="text-end">4.5</td>' in html
    assert "CC-BY-SA-4.0" in html
    assert "commons.engineering by cloudsters" in html


def test_pattern_page_links_loaded_relationships_and_names_unknown_ones(client, library):
    html = client.get("/library/collaborative-governance/").content.decode()
    assert "purpose-articulation" in html  # not loaded: a plain name
    assert 'href="/library/purpose-articulation/"' not in html
    html = client.get(DETAIL).content.decode()
    assert '<a href="/library/stakeholder-architecture/">Stakeholder Architecture</a>' in html
    assert '<a href="/library/commons-blueprint/">Commons Blueprint</a>' in html


def test_pages_without_diagram_do_not_load_mermaid(client, library):
    html = client.get("/library/beachhead-market/").content.decode()
    assert "data-mermaid-src" not in html


def test_pattern_page_query_count_is_constant(client, library, django_assert_num_queries):
    with django_assert_num_queries(4):  # pattern, sections, steps, related patterns
        client.get(DETAIL)


def test_context_lens_shows_the_name_in_that_context(client, library):
    html = client.get(DETAIL, {"context": "government"}).content.decode()
    assert '<strong class="user-text">Public-Private Partnership (PPP) Structuring</strong>' in html
    assert 'aria-current="true">Government</a>' in html


def test_context_lens_without_a_name_keeps_the_title(client, library):
    html = client.get("/library/coalition-building/", {"context": "community"}).content.decode()
    assert "no particular name in a Community setting" in html


def test_context_lens_htmx_returns_only_the_lens(client, library):
    response = client.get(
        DETAIL, {"context": "tech"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="context-lens"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="context-lens"')
    assert "Platform Ecosystem Development" in html
    assert 'id="step-1"' not in html


def test_unknown_context_is_ignored(client, library):
    html = client.get(DETAIL, {"context": "<script>"}).content.decode()
    assert "Pick a setting" in html
    assert "<script>" not in html.split('id="context-lens"')[1].split("</section>")[0]


@pytest.mark.parametrize(
    "path",
    [
        "/library/no-such-pattern/",
        "/library/Bad_Slug/",
        "/library/..%2Fetc%2Fpasswd/",
        "/library/-x/",
    ],
)
def test_bad_or_unknown_slug_is_404(client, library, path):
    assert client.get(path).status_code == 404


def test_bad_slug_is_404_without_a_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/library/NOT..valid/").status_code == 404


def test_pattern_with_script_renders_inert(client, db, tmp_path):
    (tmp_path / "evil.md").write_text(
        "---\nslug: evil\ntitle: Evil <b>title</b>\nsummary: <script>alert(1)</script>\n---\n"
        "## Context\n\nHi <script>alert('body')</script> [x](javascript:alert(2))\n"
        '<img src=x onerror="alert(3)">\n'
    )
    from tests.patterns.conftest import run_load

    run_load(tmp_path)
    html = client.get("/library/evil/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Evil &lt;b&gt;title&lt;/b&gt;" in html
    assert "javascript:" not in html
    assert "onerror" not in html


def test_staff_upload_loads_files_and_reports_failures(staff_client):
    response = staff_client.post(
        reverse("patterns:upload"),
        {
            "files": [
                sample_upload(f"{PARTNERSHIP}.md"),
                sample_upload("animal-communication-practice.md"),
            ]
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Loaded 1, updated 0, unchanged 0, failed 1." in html
    assert (
        "animal-communication-practice.md:12: invalid YAML: did not find expected &#x27;,&#x27; or "
        "&#x27;}&#x27; (while parsing a flow mapping that starts on line 11)"
    ) in html
    pattern = Pattern.objects.get(slug=PARTNERSHIP)
    assert pattern.source_path == f"upload:{PARTNERSHIP}.md"
    assert pattern.steps.count() == 5


def test_staff_upload_htmx_returns_the_panel(staff_client):
    response = staff_client.post(
        reverse("patterns:upload"),
        {"files": [sample_upload(f"{PARTNERSHIP}.md")]},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="upload-panel"')
    assert f'<a href="/library/{PARTNERSHIP}/">{PARTNERSHIP}</a>' in html


def test_upload_refuses_large_and_non_markdown_files(staff_client):
    response = staff_client.post(
        reverse("patterns:upload"),
        {
            "files": [
                sample_upload("big.md", b"x" * (1024 * 1024 + 1)),
                sample_upload("notes.txt", b"hello"),
            ]
        },
    )
    html = response.content.decode()
    assert "big.md is larger than 1 MB." in html
    assert "notes.txt is not a .md file." in html
    assert Pattern.objects.count() == 0


def test_upload_without_files_says_so(staff_client):
    html = staff_client.post(reverse("patterns:upload"), {}).content.decode()
    assert "This field is required." in html


def test_non_staff_cannot_upload(signed_in_client):
    response = signed_in_client.post(
        reverse("patterns:upload"), {"files": [sample_upload(f"{PARTNERSHIP}.md")]}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert Pattern.objects.count() == 0


def test_anonymous_cannot_upload_and_sees_no_form(client, db):
    response = client.post(
        reverse("patterns:upload"), {"files": [sample_upload(f"{PARTNERSHIP}.md")]}
    )
    assert response.status_code == 302
    assert Pattern.objects.count() == 0
    assert 'id="upload-panel"' not in client.get("/library/").content.decode()
