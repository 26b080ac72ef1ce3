"""Demo data for development: a facilitator account and a live Millrace Park workshop whose teams
show the product at three stages: Riverside has worked through all five steps (a signed charter, a
pilot, indicators and a health check), City Hall has finished steps 1-2, Sponsors has barely begun.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from workshop.facilitation.demo import loader
from workshop.facilitation.demo import scenario as millrace
from workshop.facilitation.models import Participant, Workshop

DEMO_EMAIL = "demo@example.org"
DEMO_PASSWORD = "workshop-demo"  # noqa: S105 (a published development password, printed below)
DEMO_NAME = "Jordan Reyes"
PATTERN_SLUG = "ecosystem-partnership-design"
TITLE = "Millrace Park Partnership: design workshop"
# Teams and members of the Millrace Park scenario (demo/scenario.py); the first member leads.
TEAMS = {
    "Riverside": ["Marcus", "Amara", "Lin"],
    "City Hall": ["Dana", "Pat"],
    "Sponsors": ["Chris"],
}
WORKED, EARLY, SPARSE = millrace.B1, millrace.B2, millrace.B3
STAGES = {
    WORKED.name: "all five steps, a charter signed by every party, a pilot and a health check",
    EARLY.name: "steps 1 and 2",
    SPARSE.name: "a first sketch of the map",
}


class Command(BaseCommand):
    help = (
        "Creates the demo facilitator and a live demo workshop; running it again changes nothing."
    )

    def handle(self, *args, **options):
        from patterns.models import Pattern

        pattern = Pattern.objects.filter(slug=PATTERN_SLUG).first()
        if pattern is None or not pattern.steps.exists():
            raise CommandError(
                f"The pattern '{PATTERN_SLUG}' is not loaded. "
                "Run `python manage.py load_patterns patterns/library` first."
            )
        with transaction.atomic():
            user = self._facilitator()
            workshop, created = self._workshop(pattern, user)
            filled = self._work(workshop)
        self.stdout.write(
            self.style.SUCCESS("Created" if created else "Already there") + f": {workshop.title}"
        )
        for name in filled:
            self.stdout.write(f"Demo work for team {name}: {STAGES[name]}")
        self.stdout.write(
            f"Join code: {workshop.join_code}  (participants: /join/{workshop.join_code}/)"
        )
        self.stdout.write(f"Console: /facilitate/{workshop.pk}/")
        self.stdout.write(f"Demo facilitator: {DEMO_EMAIL} / {DEMO_PASSWORD}")

    def _facilitator(self):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=DEMO_EMAIL, defaults={"email": DEMO_EMAIL, "first_name": DEMO_NAME}
        )
        if created or not user.check_password(DEMO_PASSWORD):
            # The printed password must always work: it is a development account.
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user

    def _workshop(self, pattern, user):
        existing = Workshop.objects.open().filter(owner=user, title=TITLE).first()
        if existing is not None:
            return existing, False
        workshop = Workshop.create_from_pattern(
            pattern, user, TITLE, list(TEAMS), currency="USD", score_min=1, score_max=5
        )
        for team in workshop.teams.all():
            for index, name in enumerate(TEAMS[team.name]):
                role = Participant.Role.LEAD if index == 0 else Participant.Role.MEMBER
                Participant.objects.create(
                    workshop=workshop, team=team, display_name=name, role=role
                )
        workshop.start()
        # Every step open, so the worked team's pages can be visited; the session is at step 1.
        for step in workshop.steps.all():
            workshop.advance_to(step)
        workshop.advance_to(workshop.steps.get(position=1))
        workshop.log.create(user=user, action="created", detail="seed_demo")
        return workshop, True

    def _work(self, workshop) -> list[str]:
        """Fills each demo team that has no work yet (just created, or seeded before the demo had
        work); a team someone has started working in is left as it is."""
        filled = []
        for team in workshop.teams.filter(name__in=STAGES).order_by("pk"):
            if _has_work(team):
                continue
            if team.name == WORKED.name:
                lead = team.members.filter(role=Participant.Role.LEAD).first()
                loader.load_worked_team(workshop, team, WORKED, lead)
            elif team.name == EARLY.name:
                loader.load_early_team(workshop, team, EARLY)
            else:
                loader.load_steps_1_2(team, SPARSE)
            filled.append(team.name)
        return filled


def _has_work(team) -> bool:
    from workshop.steps.alignment.models import Criterion
    from workshop.steps.governance.models import Charter
    from workshop.steps.mapping.models import Actor

    return any(model.objects.filter(team=team).exists() for model in (Actor, Criterion, Charter))
