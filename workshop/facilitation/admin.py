"""Admin for support staff: find a workshop by title or code, see its agenda, teams and people."""

from django.contrib import admin

from workshop.facilitation.models import (
    ActivityLogEntry,
    CoFacilitatorInvite,
    Message,
    Participant,
    Team,
    Workshop,
    WorkshopStep,
)


class WorkshopStepInline(admin.TabularInline):
    model = WorkshopStep
    extra = 0
    fields = ["position", "title", "kind", "timebox_minutes", "skipped", "state"]


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0
    fields = ["name", "colour"]


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "join_code", "owner", "pattern", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "join_code", "owner__email"]
    raw_id_fields = ["owner", "co_facilitators", "current_step"]
    readonly_fields = ["flow_version", "created_at", "started_at", "ended_at"]
    inlines = [WorkshopStepInline, TeamInline]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["display_name", "workshop", "team", "role", "joined_at"]
    list_filter = ["role"]
    search_fields = ["display_name", "workshop__title", "workshop__join_code"]
    raw_id_fields = ["workshop", "team"]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["workshop", "team", "sent_by", "sent_at"]
    raw_id_fields = ["workshop", "team", "sent_by"]


@admin.register(CoFacilitatorInvite)
class CoFacilitatorInviteAdmin(admin.ModelAdmin):
    list_display = ["workshop", "email", "created_by", "created_at", "accepted_by", "accepted_at"]
    raw_id_fields = ["workshop", "created_by", "accepted_by"]
    exclude = ["token"]  # a usable link is a secret; staff need not see it


@admin.register(ActivityLogEntry)
class ActivityLogEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "workshop", "user", "action", "detail"]
    list_filter = ["action"]
    raw_id_fields = ["workshop", "user"]
