"""The suggestions' tokeniser and light stemmers, per language."""

import pytest

from workshop.steps.mapping import stemming as st
from workshop.steps.mapping import suggestions as sg


def stems(text, language="en"):
    return [stem for stem, _word in st.tokens(text, language)]


@pytest.mark.parametrize(
    ("words", "language"),
    [
        (("walk", "walks", "walking", "walked"), "en"),
        (("programme", "programming", "programmes"), "en"),
        (("storage", "storages"), "en"),
        (("community", "communities"), "en"),
        (("Finanzierung", "Finanzierungen"), "de"),
        (("Lager", "Lagern"), "de"),
        (("Grünfläche", "Grünflächen", "Grunflache"), "de"),
        (("المدرسة", "مدرسة", "والمدرسة", "بالمدرسة"), "ar"),
        (("الحديقة", "حديقة", "حديقه"), "ar"),
    ],
)
def test_forms_of_a_word_share_a_stem(words, language):
    assert len({st.stem(word.casefold(), language) for word in words}) == 1, [
        st.stem(word.casefold(), language) for word in words
    ]


def test_arabic_normalisation_drops_marks_and_unifies_letters():
    assert st.normalise_arabic("مَدْرَسَة") == "مدرسه"
    assert st.normalise_arabic("إلى") == "الي"
    assert st.normalise_arabic("كـتـاب") == "كتاب"  # tatweel


def test_stop_words_numbers_and_single_letters_are_dropped_per_language():
    assert stems("The need for cold storage in 2026") == ["cold", "storag"]
    assert stems("Wir brauchen Lager für die Kälte", "de") == ["brauch", "lag", "kalt"]
    assert [w for _s, w in st.tokens("نحتاج إلى مخزن في المدينة", "ar")] == [
        "نحتاج",
        "مخزن",
        "المدينة",
    ]


def test_tokens_keep_the_word_as_written():
    assert st.tokens("Cold Storage") == [("cold", "Cold"), ("storag", "Storage")]


def test_suggest_quotes_the_matched_words_and_skips_linked_pairs():
    actors = [
        sg.SuggestActor("actor:1", "Riverside Co-op", goals="We need cold storage for the harvest"),
        sg.SuggestActor("actor:2", "City Depot", offers=("Spare storage space",)),
        sg.SuggestActor("actor:3", "Bakery", offers=("Bread",)),
    ]
    found = sg.suggest(actors, [], links=[], min_score=0.05)
    assert [(s.kind, s.actor, s.partner) for s in found] == [("flow", "actor:1", "actor:2")]
    assert found[0].need_words == ("storage",)
    assert "Riverside Co-op needs ‘storage’" in found[0].reason  # noqa: RUF001
    assert "City Depot offers ‘storage’" in found[0].reason  # noqa: RUF001
    assert sg.suggest(actors, [], links=[("actor:2", "actor:1")], min_score=0.05) == []
    dismissed = [("flow", "actor:1", "actor:2")]
    assert sg.suggest(actors, [], links=[], dismissed=dismissed, min_score=0.05) == []


def test_partner_suggestions_leave_out_candidates_and_the_convenor():
    actors = [
        sg.SuggestActor("actor:1", "Co-op", is_convenor=True, offers=("storage",)),
        sg.SuggestActor("actor:2", "Depot", offers=("Cold storage rooms",)),
        sg.SuggestActor("actor:3", "Warehouse", offers=("storage halls",), is_candidate=True),
    ]
    gaps = [sg.SuggestGap("gap:1", "No cold storage", affected=("actor:1",))]
    found = sg.suggest(actors, gaps, links=[], min_score=0.05)
    partners = [(s.actor, s.partner) for s in found if s.kind == "partner"]
    assert partners == [("actor:1", "actor:2")]
    assert found[0].matches[0].gap == "gap:1"
