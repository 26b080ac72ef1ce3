"""What step 2 already knows about a partner, carried into its charter party (DOMAIN.md 4.2).

A party added from step 2 starts with the notes of the latest conversation with that candidate: its
interests as the partner's objectives, what it could bring, and its conditions as what it needs to
gain. The team edits them from there; a party's own text is never replaced.
"""

# Party field ← conversation field.
CARRIED = {
    "partner_objectives": "their_interests",
    "what_they_bring": "what_they_could_bring",
    "what_they_gain": "conditions",
}


def party_notes(conversation) -> dict[str, str]:
    """The party fields a conversation fills (only those it has text for)."""
    if conversation is None:
        return {}
    notes = {party: getattr(conversation, talk).strip() for party, talk in CARRIED.items()}
    return {field: text for field, text in notes.items() if text}


def latest_conversations(team) -> dict[int, object]:
    """Actor id → the latest conversation with the team's candidate for that actor (one query)."""
    from workshop.steps.alignment.models import Conversation

    latest = {}
    talks = Conversation.objects.filter(team=team).select_related("candidate")
    for talk in talks.order_by("held_on", "pk"):
        latest[talk.candidate.actor_id] = talk
    return latest


def fill_blanks(party, conversation) -> list[str]:
    """Sets the party's empty fields from the conversation; returns the fields it set."""
    filled = []
    for field, text in party_notes(conversation).items():
        if not (getattr(party, field) or "").strip():
            setattr(party, field, text)
            filled.append(field)
    return filled
