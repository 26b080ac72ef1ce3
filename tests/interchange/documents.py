"""A small, valid epd-workshop/1 document to change one thing at a time in tests."""

import copy

SMALL = {
    "format": "epd-workshop/1",
    "pattern_slug": "ecosystem-partnership-design",
    "workshop": {
        "title": "Harbour Lane",
        "pattern_slug": "ecosystem-partnership-design",
        "status": "live",
        "current_step": 2,
        "currency": "GBP",
        "score_min": 1,
        "score_max": 5,
        "quadrant_threshold": 3,
        "dependency_threshold_pct": "50.00",
        "facilitators": ["Jordan Reyes"],
    },
    "teams": [
        {
            "name": "Riverside",
            "colour": "#1f5f8b",
            "convenor_actor": "actor:harbour-trust",
            "members": [{"display_name": "Marcus", "role": "lead"}],
            "step_progress": [{"step": 1, "status": "submitted", "locked": False}],
            "actors": [
                {
                    "ref": "actor:harbour-trust",
                    "name": "Harbour Trust",
                    "actor_type": "organisation",
                    "sector": "civil_society",
                    "influence": 4,
                    "interest": 5,
                    "is_convenor": True,
                },
                {
                    "ref": "actor:river-lune",
                    "name": "River Lune",
                    "actor_type": "ecosystem",
                    "sector": "other",
                    "agency": "none",
                    "proxy": "actor:harbour-trust",
                    "influence": 1,
                    "interest": 5,
                },
                {
                    "ref": "actor:city-council",
                    "name": "City Council",
                    "actor_type": "organisation",
                    "sector": "public",
                    "influence": 5,
                    "interest": 2,
                },
            ],
            "flows": [
                {
                    "ref": "flow:1",
                    "source": "actor:city-council",
                    "target": "actor:harbour-trust",
                    "flow_type": "money",
                    "label": "Grant",
                    "status": "existing",
                    "amount": "12.50",
                    "amount_unit": "per_year",
                }
            ],
            "criteria": [
                {
                    "ref": "criterion:values-fit",
                    "name": "Values fit",
                    "category": "values_alignment",
                    "weight": "3.00",
                },
                {
                    "ref": "criterion:reach",
                    "name": "Reach",
                    "category": "access_reach",
                    "weight": "1.00",
                },
                {
                    "ref": "criterion:money",
                    "name": "Money",
                    "category": "financial_capacity",
                    "weight": "2.00",
                },
            ],
            "candidates": [
                {
                    "ref": "candidate:city-council",
                    "actor": "actor:city-council",
                    "status": "shortlisted",
                    "scores": {"criterion:values-fit": 4, "criterion:reach": 3},
                    "votes": [
                        {"participant": "Marcus", "criterion": "criterion:reach", "value": 3}
                    ],
                }
            ],
            "charter": {
                "title": "Harbour Lane Charter",
                "agreement_type": "partnering_agreement",
                "pro_rata_basis": "pledged",
                "exit_obligations": "Return the boats.",
                "parties": [
                    {
                        "ref": "party:harbour-trust",
                        "actor": "actor:harbour-trust",
                        "membership": "core",
                    }
                ],
            },
        }
    ],
}


def small(**changes):
    return copy.deepcopy(SMALL)
