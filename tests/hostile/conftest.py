import pytest

from tests.hostile.workshop import build_hostile


@pytest.fixture
def hostile(partnership_pattern, facilitator):
    """A workshop with hostile text in every free-text field (tests/hostile/workshop.py)."""
    return build_hostile(facilitator)
