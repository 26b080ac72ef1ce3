"""Settings come from the environment, every variable is documented, and production is locked down."""

import re
import subprocess
import sys

from tests.conftest import REPO

ENV_READ = re.compile(r'env\.(string|boolean|integer|listing|secret)\(\s*"([A-Z0-9_]+)"')


def variables_read_by_settings():
    names = set()
    for kind, name in ENV_READ.findall((REPO / "workshop" / "settings.py").read_text()):
        names.add(name)
        if kind == "secret":
            names.add(f"{name}_FILE")
    return names


def variables_in_readme():
    table = (REPO / "README.md").read_text().split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z0-9_]+)` \|", table, flags=re.MULTILINE))


def test_readme_documents_exactly_the_variables_settings_read():
    assert variables_in_readme() == variables_read_by_settings()


def run_check_deploy(**env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_values():
    result = run_check_deploy(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x7Kq9-production-like-secret-" + "a1B2c3D4e5F6g7H8i9J0" * 2,
        DJANGO_ALLOWED_HOSTS="workshop.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check_deploy(DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_booleans_are_strict():
    result = run_check_deploy(DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_every_response_carries_a_content_security_policy_without_inline_scripts(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert "frame-ancestors 'none'" in policy


def test_asgi_entry_point_loads_the_views_and_freezes_them_for_the_collector():
    """Startup objects are kept out of full garbage collections (pauses of ~70 ms under load)."""
    import gc

    from django.urls import get_resolver

    import workshop.asgi  # noqa: F401

    assert gc.get_freeze_count() > 10_000
    assert "url_patterns" in get_resolver().__dict__  # imported at startup, not on a first request
