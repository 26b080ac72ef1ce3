"""Demo data for development: a facilitator account and a live Millrace Park workshop with teams."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from workshop.facilitation.models import Participant, Workshop

DEMO_EMAIL = "demo@example.org"
DEMO_PASSWORD = "workshop-demo"  # noqa: S105 (a published development password, printed below)
DEMO_NAME = "Jordan Reyes"
PATTERN_SLUG = "ecosystem-partnership-design"
TITLE = "Millrace Park Partnership: design workshop"
# Teams and members of scenario B (/work/shared/scenarios/millrace-park.md); the first member leads.
TEAMS = {
    "Riverside": ["Marcus", "Amara", "Lin"],
    "City Hall": ["Dana", "Pat"],
    "Sponsors": ["Chris"],
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
        self.stdout.write(
            self.style.SUCCESS("Created" if created else "Already there") + f": {workshop.title}"
        )
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
        workshop.advance_to(workshop.steps.get(position=1))
        workshop.log.create(user=user, action="created", detail="seed_demo")
        return workshop, True
