import pytest
from django.core.management.base import CommandError

from patterns.models import Pattern, PatternSection, PatternStep
from tests.patterns.conftest import PARTNERSHIP, SAMPLES, run_load


def test_loading_the_samples_reports_the_broken_file_and_goes_on(db):
    out, err, error = run_load(SAMPLES)
    assert out.splitlines()[-1] == "loaded 12, updated 0, unchanged 0, failed 1"
    assert err.splitlines() == [
        f"{SAMPLES}/animal-communication-practice.md:12: invalid YAML: did not find expected ',' "
        "or '}' (while parsing a flow mapping that starts on line 11)"
    ]
    assert isinstance(error, CommandError)
    assert error.returncode == 1
    assert Pattern.objects.count() == 12
    assert not Pattern.objects.filter(slug="animal-communication-practice").exists()


def test_loading_twice_skips_unchanged_files_and_never_duplicates(library):
    before = list(PatternStep.objects.order_by("pk").values_list("pk", flat=True))
    out, err, error = run_load(library)
    assert (out.strip(), err, error) == ("loaded 0, updated 0, unchanged 12, failed 0", "", None)
    assert Pattern.objects.count() == 12
    assert list(PatternStep.objects.order_by("pk").values_list("pk", flat=True)) == before


def test_a_changed_file_updates_its_pattern_and_keeps_step_ids(library):
    path = library / f"{PARTNERSHIP}.md"
    step_ids = list(
        PatternStep.objects.filter(pattern__slug=PARTNERSHIP).values_list("pk", flat=True)
    )
    path.write_text(
        path.read_text().replace("title: Ecosystem Partnership Design", "title: Partnership Design")
    )
    out, _err, error = run_load(library)
    assert (out.strip(), error) == ("loaded 0, updated 1, unchanged 11, failed 0", None)
    pattern = Pattern.objects.get(slug=PARTNERSHIP)
    assert pattern.title == "Partnership Design"
    assert list(pattern.steps.values_list("pk", flat=True)) == step_ids
    assert pattern.sections.count() == 9
    assert PatternSection.objects.filter(pattern=pattern, key="implementation").count() == 1


def test_a_file_removed_from_the_folder_stays_unless_pruned(library):
    (library / "beachhead-market.md").unlink()
    out, _err, _error = run_load(library)
    assert out.strip() == "loaded 0, updated 0, unchanged 11, failed 0"
    assert Pattern.objects.filter(slug="beachhead-market").exists()
    out, _err, _error = run_load(library, prune=True)
    assert out.splitlines() == [
        "pruned 1: beachhead-market",
        "loaded 0, updated 0, unchanged 11, failed 0",
    ]
    assert not Pattern.objects.filter(slug="beachhead-market").exists()
    assert Pattern.objects.count() == 11


def test_loaded_pattern_keeps_what_the_pages_need(library):
    pattern = Pattern.objects.get(slug=PARTNERSHIP)
    assert pattern.context_labels == ["corporate", "government", "activist", "tech", "community"]
    assert pattern.name_in_context("corporate") == "Strategic Alliance Management"
    assert pattern.name_in_context("unknown") == "Ecosystem Partnership Design"
    assert pattern.has_diagram is True
    assert pattern.overall_score == 3.9
    assert [s.number for s in pattern.implementation_steps()] == [1, 2, 3, 4, 5]
    assert pattern.implementation_steps()[2].title == "Co-Design of Governance and Value Logic"
    assert pattern.get_absolute_url() == f"/library/{PARTNERSHIP}/"
    step = pattern.steps.get(number=4)
    assert step.get_absolute_url() == f"/library/{PARTNERSHIP}/#step-4"
    assert step.html.startswith("<p>Rather than attempting to launch a large-scale")
    assert next(f["title"] for f in pattern.forces) == (
        "Desire for Control vs. Need for External Capabilities"
    )
    assert len(pattern.when_not_to_use) == 3


def test_with_steps_lists_only_patterns_that_have_steps(library):
    slugs = set(Pattern.objects.with_steps().values_list("slug", flat=True))
    assert "stakeholder-architecture" not in slugs
    assert "coalition-building" not in slugs
    assert "360-degree-feedback" not in slugs
    assert PARTNERSHIP in slugs
    assert len(slugs) == 9


def test_duplicate_slugs_in_one_run_fail_the_second_file(db, tmp_path):
    text = (SAMPLES / f"{PARTNERSHIP}.md").read_bytes()
    (tmp_path / "a.md").write_bytes(text)
    (tmp_path / "b.md").write_bytes(text.replace(b"title: Ecosystem", b"title: Other"))
    out, err, error = run_load(tmp_path)
    assert out.strip() == "loaded 1, updated 0, unchanged 0, failed 1"
    assert err.strip() == f"{tmp_path}/b.md: slug '{PARTNERSHIP}' is also in {tmp_path}/a.md"
    assert error.returncode == 1


def test_a_missing_path_is_an_error(db, tmp_path):
    _out, _err, error = run_load(tmp_path / "nothing-here")
    assert str(error) == f"{tmp_path}/nothing-here: no such file or folder"


def test_non_utf8_file_fails_with_its_line(db, tmp_path):
    (tmp_path / "latin.md").write_bytes(b"---\nslug: x\ntitle: caf\xe9\n---\n")
    _out, err, _error = run_load(tmp_path)
    assert err.strip() == f"{tmp_path}/latin.md:3: the file is not UTF-8 text"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("partnership", ["Ecosystem Partnership Design"]),
        ("ALLIANCE formation", ["Ecosystem Partnership Design"]),  # an alias, any case
        ("runbook", ["Value Stream Specification"]),  # a keyword
        ("mediation", ["Conflict Resolution Mechanism"]),
        ("no such words", []),
    ],
)
def test_search_matches_title_aliases_summary_and_keywords(library, query, expected):
    assert [p.title for p in Pattern.objects.search(query)] == expected
