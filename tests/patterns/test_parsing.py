import pytest

from patterns.parsing import PatternError, parse_pattern, section_key, split_sections
from tests.patterns.conftest import sample_text


def test_partnership_pattern_frontmatter_is_normalised():
    value = parse_pattern(sample_text("ecosystem-partnership-design"))
    assert value.slug == "ecosystem-partnership-design"
    assert value.source_id == "pat_01khm0pp0qw6rb1r861rg6dfh1"
    assert value.title == "Ecosystem Partnership Design"
    assert value.aliases == (
        "Strategic Alliance Formation",
        "Collaborative Network Weaving",
        "Value Web Creation",
    )
    assert value.summary.startswith("A pattern for designing and cultivating intentional")
    assert value.context_labels == ["corporate", "government", "activist", "tech", "community"]
    assert value.context_names["tech"] == "Platform Ecosystem Development"
    assert value.context_names["government"] == "Public-Private Partnership (PPP) Structuring"
    assert value.domain == "strategy"
    assert value.cross_domains == ("governance", "value_creation")
    assert value.primary_tension == "Organizational Autonomy vs. Collective Value Creation"
    assert value.keywords[:3] == ("partnership", "ecosystem", "alliance")
    assert len(value.keywords) == 7
    assert value.assessment == (
        ("stakeholder_architecture", 4.0),
        ("value_creation", 5.0),
        ("resilience", 4.0),
        ("ownership", 3.0),
        ("autonomy", 3.0),
        ("composability", 4.0),
        ("fractal_value", 4.0),
        ("vitality", 4.5),
    )
    assert value.overall_score == 3.9
    assert value.lifecycle == {
        "status": "draft",
        "usage_stage": "design",
        "adoption_stage": "growth",
        "version": "1.0",
    }
    assert value.confidence == 3.0
    assert value.licence == "CC-BY-SA-4.0"
    assert value.attribution == "commons.engineering by cloudsters"
    assert value.contributors == ("higgerix", "cloudsters")


def test_partnership_pattern_relationships_in_both_shapes():
    value = parse_pattern(sample_text("ecosystem-partnership-design"))
    found = [(r.kind, r.target, r.weight, r.description) for r in value.relationships]
    assert found == [
        (
            "requires",
            "stakeholder-architecture",
            0.7,
            "Stakeholder analysis identifies partnership opportunities.",
        ),
        ("enables", "value-stream-specification", 0.7, "Partnerships create new value streams."),
        ("generalizes_from", "commons-blueprint", None, ""),
    ]


def test_partnership_pattern_has_exactly_five_steps_titled_as_in_the_file():
    value = parse_pattern(sample_text("ecosystem-partnership-design"))
    assert [step.title for step in value.steps] == [
        "Ecosystem Mapping and Opportunity Analysis",
        "Partner Identification and Alignment",
        "Co-Design of Governance and Value Logic",
        "Pilot and Iterate",
        "Scale and Evolve",
    ]
    assert value.steps[0].markdown.startswith("Begin by developing a deep understanding")
    assert value.steps[4].markdown.endswith("will inevitably evolve over time.")
    assert value.implementation.lead.startswith("Implementing Ecosystem Partnership Design")
    assert value.implementation.tail == ""


def test_partnership_pattern_sections_forces_consequences_and_diagram():
    value = parse_pattern(sample_text("ecosystem-partnership-design"))
    assert [(s.key, s.title) for s in value.sections] == [
        ("context", "1. Context"),
        ("problem", "2. Problem"),
        ("solution", "3. Solution"),
        ("implementation", "4. Implementation"),
        ("consequences", "5. Consequences"),
        ("known_uses", "6. Known Uses"),
        ("cognitive_era", "7. Cognitive Era Considerations"),
        ("references", "References"),
        ("vitality", "8. Vitality: The Quality Without a Name"),
    ]
    assert [f.title for f in value.forces] == [
        "Desire for Control vs. Need for External Capabilities",
        "Short-Term Competition vs. Long-Term Ecosystem Health",
        "Risk of Exploitation vs. Opportunity for Synergy",
    ]
    assert [b.title for b in value.benefits] == [
        "Increased Innovation",
        "Enhanced Resilience",
        "Access to New Markets and Resources",
    ]
    assert [item.title for item in value.liabilities] == [
        "Increased Coordination Overhead",
        "Potential for Conflict",
        "Risk of Dependency",
    ]
    assert len(value.when_not_to_use) == 3
    assert value.when_not_to_use[2].markdown.startswith("If the risk of intellectual property")
    assert value.section("solution").diagrams == (
        "graph TD\n"
        "    A[Shared Purpose] --> B{Ecosystem Partnership};\n"
        "    C[Complementary Capabilities] --> B;\n"
        "    D[Equitable Value Distribution] --> B;\n"
        "    B --> E[Increased Innovation];\n"
        "    B --> F[Enhanced Resilience];\n"
        "    B --> G[Access to New Markets];",
    )


@pytest.mark.parametrize(
    ("name", "domain", "keys", "steps", "overall", "labels", "relations"),
    [
        (
            "stakeholder-architecture",
            "governance",
            ["context", "problem", "solution", "implementation", "consequences", "known_uses",
             "cognitive_era", "vitality"],
            [],
            4.3,
            5,
            13,
        ),
        (
            "value-stream-specification",
            "operations",
            ["context", "problem", "solution", "implementation", "consequences", "known_uses",
             "cognitive_era", "vitality"],
            ["Identify and Prioritize Value Streams", "Surface the Implicit Knowledge",
             "Draft the Specification v1.0", "Specify Handoffs and Interfaces",
             "Define Fixed vs. Adaptive Parameters", "Test and Refine through Simulation",
             "Deploy and Iterate"],
            4.1,
            5,
            10,
        ),
        (
            "commons-blueprint",
            "meta",
            ["context", "problem", "solution", "implementation", "consequences", "known_uses",
             "cognitive_era", "vitality"],
            ["Start with Purpose (L1)", "Define the Anatomy (L1-L6)",
             "Define the Physiology (L7-L9)", "Connect to the Bedrock", "Iterate and Evolve"],
            4.6,
            4,
            43,
        ),
        (
            "conflict-resolution-mechanism",
            "governance",
            ["context", "problem", "solution", "implementation", "consequences", "known_uses",
             "cognitive_era", "references", "vitality"],
            ["Define the Scope and Principles", "Establish a Multi-Tiered Structure",
             "Recruit and Train Mediators and Arbitrators",
             "Create Clear and Accessible Documentation", "Promote Awareness and Trust"],
            3.8,
            5,
            5,
        ),
        (
            "community-and-participation-model",
            "governance",
            ["context", "problem", "solution", "implementation", "consequences", "known_uses",
             "cognitive_era", "vitality", "references"],
            ["Define the Levels of Participation", "Create Low-Friction On-ramps",
             "Establish Clear Communication Channels",
             "Implement a System of Recognition and Mentorship",
             "Develop Transparent Governance Processes"],
            3.7,
            5,
            5,
        ),
        (
            "coalition-building",
            "multi-generational-thinking",
            ["introduction", "context", "problem", "solution", "implementation", "consequences",
             "known_uses", "cognitive_era", "vitality"],
            [],
            3.6,
            4,
            7,
        ),
        (
            "collaborative-governance",
            "governance",
            ["introduction", "context", "problem", "solution", "implementation", "consequences",
             "known_uses", "cognitive_era", "vitality"],
            ["Articulate the Purpose and Principles", "Map the Work, Define the Roles",
             "Design the Decision-Making Protocols", "Establish Clear Meeting Rhythms",
             "Practice and Iterate"],
            4.0,
            5,
            7,
        ),
        (
            "5s-methodology",
            "operations",
            ["overview", "core_principles", "key_practices", "application_context",
             "implementation", "evidence_and_impact", "cognitive_era",
             "commons_alignment_assessment", "references"],
            ["Form a 5S Steering Committee", "Provide 5S Training", "Select a Pilot Area",
             "Implement the 5S's", "Document and Share Results"],
            None,
            0,
            16,
        ),
        (
            "360-degree-feedback",
            "startup",
            ["overview", "core_principles", "key_practices", "implementation",
             "seven_pillars_assessment", "when_to_use", "anti_patterns", "references"],
            [],
            None,
            0,
            0,
        ),
        (
            "consent-based-decision-making",
            "governance",
            ["overview", "core_principles", "key_practices", "application_context",
             "implementation", "evidence_and_impact", "cognitive_era",
             "commons_alignment_assessment", "references"],
            ["Educate the Team", "Start Small and Low-Stakes", "Designate a Facilitator",
             "Run a Practice Round", "Debrief and Refine"],
            None,
            0,
            16,
        ),
        (
            "beachhead-market",
            "startup",
            ["overview", "core_principles", "key_practices", "implementation",
             "seven_pillars_assessment", "when_to_use", "anti_patterns", "references"],
            ["Brainstorm Potential Markets", "Analyze and Select a Beachhead",
             "Develop a \"Whole Product\" Solution", "Dominate the Beachhead",
             "Expand to Adjacent Markets"],
            None,
            0,
            0,
        ),
    ],
)  # fmt: skip
def test_every_sample_parses_to_its_values(name, domain, keys, steps, overall, labels, relations):
    value = parse_pattern(sample_text(name))
    assert value.slug == name
    assert value.domain == domain
    assert [s.key for s in value.sections] == keys
    assert [s.title for s in value.steps] == steps
    assert value.overall_score == overall
    assert len(value.context_labels) == labels
    assert len(value.relationships) == relations
    assert value.licence == "CC-BY-SA-4.0"
    assert value.summary != ""


def test_commons_blueprint_list_shaped_assessment_becomes_numbers():
    value = parse_pattern(sample_text("commons-blueprint"))
    assert value.assessment[0] == ("Decentralization of Power", 5.0)
    assert value.assessment[-1] == ("Vitality", 4.8)
    assert len(value.assessment) == 8
    assert value.context_names["academic"] == "Socio-Technical System Design"
    assert "academic" not in value.context_labels


def test_older_schema_reads_classification_and_top_level_relationship_ids():
    value = parse_pattern(sample_text("5s-methodology"))
    assert value.aliases == ("6S", "7S")
    assert value.lifecycle == {"status": "draft", "version": "1.0"}
    assert value.assessment == ()
    assert value.context_labels == []
    kinds = [r.kind for r in value.relationships]
    assert kinds.count("related") == 15
    assert value.relationships[0].kind == "specializes_to"
    assert value.relationships[0].target == "pat_01kg50240tewravhcejs3qnejp"
    assert value.summary.startswith("The 5S methodology is a systematic approach")


def test_old_schema_confidence_score_and_string_contributors():
    value = parse_pattern(sample_text("360-degree-feedback"))
    assert value.confidence == 0.7
    assert value.contributors == ("Commons OS",)
    assert value.attribution == "Commons OS Pattern Library"


def test_stakeholder_forces_drop_their_force_number():
    value = parse_pattern(sample_text("stakeholder-architecture"))
    assert [f.title for f in value.forces] == [
        "Simplicity vs. Completeness",
        "Present Power vs. Future Legitimacy",
        "Direct Value vs. Systemic Health",
    ]


def test_coalition_consequences_use_prose_labels():
    value = parse_pattern(sample_text("coalition-building"))
    assert len(value.benefits) == 1
    assert value.benefits[0].markdown.startswith("When reciprocal commitments are explicit")
    assert len(value.liabilities) == 3
    assert value.when_not_to_use == ()


def test_nested_list_in_a_step_stays_with_its_step():
    value = parse_pattern(sample_text("conflict-resolution-mechanism"))
    step = value.steps[1]
    assert step.title == "Establish a Multi-Tiered Structure"
    assert "might include:\n\n*   **Tier 1: Informal Conversation:**" in step.markdown
    assert value.implementation.tail.startswith("**Key Considerations:**")


def test_broken_frontmatter_names_the_yaml_line():
    with pytest.raises(PatternError) as caught:
        parse_pattern(sample_text("animal-communication-practice"))
    assert caught.value.line == 12
    assert caught.value.message == (
        "invalid YAML: did not find expected ',' or '}' "
        "(while parsing a flow mapping that starts on line 11)"
    )


def test_strings_and_lists_come_out_as_lists():
    text = "---\nslug: one\ntitle: One\naliases: Only Alias\nontology:\n  cross_domains: a, b\n---\nBody\n"
    value = parse_pattern(text)
    assert value.aliases == ("Only Alias",)
    assert value.cross_domains == ("a", "b")
    assert value.sections[0].key == "introduction"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("no frontmatter here", 1, "no YAML frontmatter: the file must start with a line '---'"),
        ("---\ntitle: T\n---\n", 1, "no slug in the frontmatter"),
        ("---\nslug: ok\n---\n", 1, "no title in the frontmatter"),
        ("---\nid: x\nslug: Bad Slug\ntitle: T\n---\n", 3, None),
        ("---\n- a list\n---\n", 2, "the frontmatter must be a YAML mapping of keys to values"),
        ("", 1, "the file is empty"),
    ],
)
def test_unreadable_files_raise_with_a_line(text, line, message):
    with pytest.raises(PatternError) as caught:
        parse_pattern(text)
    assert caught.value.line == line
    if message:
        assert caught.value.message == message
    else:
        assert caught.value.message.startswith("slug 'Bad Slug' must be lower-case")


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("1. Context", "context"),
        ("Section 4: Implementation (300-500 words)", "implementation"),
        ("Overview", "overview"),
        ("8. Vitality: The Quality Without a Name", "vitality"),
        ("7. Cognitive Era Considerations", "cognitive_era"),
        ("6. Known Uses", "known_uses"),
        ("2. Core Principles", "core_principles"),
        ("9. Resources & References", "references"),
        ("5. 7 Pillars Assessment", "seven_pillars_assessment"),
    ],
)
def test_section_keys_are_normalised(heading, key):
    assert section_key(heading) == key


def test_headings_inside_code_blocks_do_not_split_sections():
    body = "## One\n\n```\n## not a heading\n```\n\n## Two\ntext"
    assert [(s.key, s.markdown) for s in split_sections(body)] == [
        ("one", "```\n## not a heading\n```"),
        ("two", "text"),
    ]
