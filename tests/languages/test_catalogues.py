"""The shipped catalogues: complete, current with the sources, compiled; the check catches each lapse."""

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

REPO = Path(__file__).resolve().parents[2]


def test_every_shipped_language_is_complete_and_current(capsys):
    call_command("check_messages")
    out = capsys.readouterr().out
    assert "de: " in out and "ar: " in out and "Translations complete and current." in out


@pytest.fixture
def project_copy(tmp_path, settings):
    """A copy of the sources and catalogues the check reads, to break on purpose."""
    for name in ["manage.py", "workshop", "patterns", "templates", "static/js", "locale"]:
        source = REPO / name
        target = tmp_path / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    settings.BASE_DIR = tmp_path
    return tmp_path


def test_a_new_marked_string_without_translation_fails_the_check(project_copy):
    page = project_copy / "templates" / "home.html"
    page.write_text(page.read_text() + '{% translate "A sentence nobody has translated yet" %}')
    with pytest.raises(CommandError) as failure:
        call_command("check_messages", locales=["de"])
    assert "de: django.po is out of date" in str(failure.value)


def test_an_emptied_translation_fails_the_check(project_copy):
    po = project_copy / "locale" / "ar" / "LC_MESSAGES" / "django.po"
    text = po.read_text()
    start = text.index('msgid "Skip to content"')
    end = text.index("\n\n", start)
    po.write_text(text[:start] + 'msgid "Skip to content"\nmsgstr ""' + text[end:])
    with pytest.raises(CommandError) as failure:
        call_command("check_messages", locales=["ar"])
    assert "untranslated" in str(failure.value)


def test_a_stale_compiled_catalogue_fails_the_check(project_copy):
    (project_copy / "locale" / "de" / "LC_MESSAGES" / "django.mo").write_bytes(b"")
    with pytest.raises(CommandError) as failure:
        call_command("check_messages", locales=["de"])
    assert "django.mo is not compiled" in str(failure.value)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("de", ["1 Mitglied", "2 Mitglieder", "5 Mitglieder", "11 Mitglieder"]),
        ("ar", ["1 عضو", "2 عضوان", "5 أعضاء", "11 عضوًا"]),
    ],
)
def test_plural_forms_follow_the_language(code, expected):
    with translation.override(code):
        forms = [
            translation.ngettext("%(counter)s member", "%(counter)s members", n) % {"counter": n}
            for n in (1, 2, 5, 11)
        ]
    assert forms == expected
