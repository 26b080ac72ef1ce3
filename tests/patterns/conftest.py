"""Shared helpers for the pattern library tests: the sample files live in samples/ beside this file."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

# Copied from the public pattern library (CC-BY-SA-4.0, see samples/README.md); a clone carries them.
SAMPLES = Path(__file__).resolve().parent / "samples"
PARTNERSHIP = "ecosystem-partnership-design"


def sample_text(name: str) -> str:
    return (SAMPLES / f"{name}.md").read_text(encoding="utf-8")


def run_load(*paths, prune=False):
    """Runs load_patterns; returns (stdout, stderr, error or None)."""
    out, err = io.StringIO(), io.StringIO()
    args = [str(p) for p in paths] + (["--prune"] if prune else [])
    try:
        call_command("load_patterns", *args, stdout=out, stderr=err)
    except Exception as error:  # CommandError carries the exit status
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


@pytest.fixture
def library(db, tmp_path):
    """Every readable sample loaded (the broken one left out)."""
    folder = tmp_path / "library"
    folder.mkdir()
    for path in SAMPLES.glob("*.md"):
        if path.name not in {"README.md", "animal-communication-practice.md"}:
            (folder / path.name).write_bytes(path.read_bytes())
    _out, err, error = run_load(folder)
    assert (err, error) == ("", None)
    return folder
