from workshop.steps import registry


def test_partnership_pattern_maps_its_five_steps_to_their_tools():
    kinds = [registry.kind_for("ecosystem-partnership-design", n) for n in range(1, 6)]
    assert kinds == ["mapping", "alignment", "governance", "pilot", "scale"]


def test_other_patterns_and_extra_steps_get_team_notes():
    assert registry.kind_for("5s-methodology", 1) == "notes"
    assert registry.kind_for("ecosystem-partnership-design", 6) == "notes"


def test_every_mapped_kind_is_registered():
    for kinds in registry.PATTERN_KINDS.values():
        for slug in kinds:
            assert registry.get(slug).slug == slug


def test_unknown_kind_falls_back_to_notes():
    assert registry.get("no-such-kind") is registry.NOTES
