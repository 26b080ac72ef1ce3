"""A full, valid pilot for the epd-workshop/1 document: every nested kind, each result once,
cells that start like formulas."""

import copy

from tests.interchange.documents import small

PILOTS = [
    {
        "ref": "pilot:1",
        "iteration": 1,
        "title": "Boat club trial",
        "objective": "Weekend sailing for members",
        "scope": "One harbour, members only",
        "start_date": "2026-05-01",
        "end_date": "2026-08-29",
        "budget_cash": "1500.50",
        "status": "completed",
        "parties": ["party:harbour-trust", "party:city-council"],
        "risks": [
            {
                "title": "Storms",
                "category": "delivery",
                "likelihood": 3,
                "impact": 4,
                "mitigation": "@weather watch",
                "owner": "party:city-council",
            }
        ],
        "hypotheses": [
            {
                "ref": "hypothesis:members-come-back",
                "title": "Members come back",
                "belief": "Members return after one sail",
                "category": "value",
                "criticality": 1,
                "metric": "Returning members",
                "unit": "%",
                "comparator": "gte",
                "target_value": "40",
                "result_value": "55",
            },
            {
                "ref": "hypothesis:cost-per-sail",
                "title": "Cost per sail",
                "belief": "A sail costs little",
                "category": "financial",
                "criticality": 2,
                "metric": "Cost",
                "unit": "GBP",
                "comparator": "between",
                "target_value": "10",
                "target_value_max": "20",
                "result_value": "25",
                "result_note": "+5 over the limit",
            },
            {
                "ref": "hypothesis:crews-mix",
                "title": "Crews mix",
                "belief": "Crews mix across clubs",
                "category": "collaboration_process",
                "criticality": 3,
                "result_override": "inconclusive",
                "result_note": "Too few sails",
            },
            {
                "ref": "hypothesis:kids-sign-up",
                "title": "Kids sign up",
                "belief": "Families bring children",
                "category": "stakeholder_acceptance",
                "criticality": 3,
            },
        ],
        "lessons": [
            {
                "ref": "lesson:1",
                "text": "=Members return when crews are fixed",
                "kind": "worked",
                "hypotheses": ["hypothesis:members-come-back", "hypothesis:crews-mix"],
                "action": "Fix the crews",
                "charter_changes": [{"section": "roles", "description": "Name a crew lead"}],
            },
            {
                "ref": "lesson:2",
                "text": "Costs run over",
                "kind": "did_not_work",
                "hypotheses": ["hypothesis:cost-per-sail"],
            },
        ],
        "pilot_decision": {
            "decision": "iterate",
            "rationale": "Costs first",
            "decided_on": "2026-09-05",
        },
    }
]


def pilot_document():
    """tests/interchange's small document with a second party and one full pilot."""
    doc = small()
    team = doc["teams"][0]
    team["charter"]["parties"].append(
        {"ref": "party:city-council", "actor": "actor:city-council", "membership": "core"}
    )
    team["pilots"] = copy.deepcopy(PILOTS)
    return doc
