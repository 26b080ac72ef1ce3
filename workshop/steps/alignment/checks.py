"""Step 2 "complete when" checks and warnings (DOMAIN.md 3.5)."""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from workshop.steps.alignment.rules import (
    RATIONALE_REQUIRED_STATUSES,
    SELECTED,
    VALUES_CULTURE_VISION_CATEGORIES,
    CandidateData,
    ConversationData,
    CriterionData,
    ScoreData,
    fully_scored,
    rank_candidates,
    selection_warnings,
    weight_warnings,
)
from workshop.steps.checks import Check, StepCompletion

MIN_CRITERIA = 3
MIN_FULLY_SCORED = 2


def step_completion(
    criteria: Sequence[CriterionData],
    candidates: Sequence[CandidateData],
    scores: Sequence[ScoreData],
    conversations: Sequence[ConversationData],
) -> StepCompletion:
    ranking = rank_candidates(candidates, criteria, scores)
    selected = [c for c in candidates if c.status == SELECTED]
    talked_to = {conv.candidate for conv in conversations if conv.willingness != "unwilling"}
    scored = len(fully_scored(ranking))
    checks = (
        # One check, as 3.5 words it: B3's two financial criteria fail it once.
        Check(
            "criteria",
            _("At least %(count)s criteria, at least one on values, culture or long-term vision.")
            % {"count": MIN_CRITERIA},
            len(criteria) >= MIN_CRITERIA
            and any(c.category in VALUES_CULTURE_VISION_CATEGORIES for c in criteria),
        ),
        Check(
            "fully_scored",
            _("At least %(count)s candidates scored on every criterion (now %(now)s).")
            % {"count": MIN_FULLY_SCORED, "now": scored},
            scored >= MIN_FULLY_SCORED,
        ),
        Check("selected", _("At least one candidate is selected."), bool(selected)),
        Check(
            "conversations",
            _("Every selected candidate has had a conversation showing some willingness."),
            all(c.ref in talked_to for c in selected),
        ),
        Check(
            "rationale",
            _("A rationale is given for every selected, associate or declined candidate."),
            all(
                c.decision_rationale.strip()
                for c in candidates
                if c.status in RATIONALE_REQUIRED_STATUSES
            ),
        ),
    )
    return StepCompletion(checks, weight_warnings(criteria) + selection_warnings(ranking))
