import subprocess

import pytest

from tests.charter.millrace import load_team


@pytest.fixture
def b1_charter(team_a):
    """Riverside (team A) holding scenario B1: steps 1-3, versions 1 (objected) and 2 (agreed)."""
    return load_team(team_a)


@pytest.fixture
def b1_draft(team_a):
    """Riverside holding scenario B1 with nothing published yet."""
    return load_team(team_a, publish=False)


def pdf_text(content: bytes) -> str:
    """The PDF's text as pdftotext reads it (reading order, one space between words)."""
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def flat(text: str) -> str:
    """Whitespace collapsed, so a phrase wrapped across lines still matches."""
    return " ".join(text.split())
