"""Step 3's endpoints, under a team's step page (…/team/<id>/step/<n>/charter/)."""

from django.urls import path

from workshop.steps.governance import views

app_name = "governance"

urlpatterns = [
    path("", views.charter_home, name="home"),
    path("publish/", views.publish_version, name="publish"),
    path("versions/compare/", views.compare, name="compare"),
    path("versions/<int:number>/", views.version_detail, name="version"),
    path("versions/<int:number>/sign/", views.sign_version, name="sign"),
    path("versions/<int:number>/remote/", views.remote_invite, name="remote_invite"),
    path("remote/<int:pk>/resend/", views.remote_resend, name="remote_resend"),
    path("remote/<int:pk>/revoke/", views.remote_revoke, name="remote_revoke"),
    path("parties/import/", views.import_parties, name="import_parties"),
    path("streams/<int:pk>/allocations/", views.allocations, name="allocations"),
    path("comments/<int:pk>/resolve/", views.resolve_comment, name="resolve_comment"),
    path("r/<slug:collection>/new/", views.record_form, name="new"),
    path("r/<slug:collection>/<int:pk>/", views.record_form, name="edit"),
    path("r/<slug:collection>/<int:pk>/delete/", views.record_delete, name="delete"),
    path("<slug:section>/", views.section, name="section"),
    path("<slug:section>/part/<slug:name>/", views.part, name="part"),
    path("<slug:section>/fields/", views.charter_fields, name="fields"),
    path("<slug:section>/status/", views.section_status, name="status"),
    path("<slug:section>/comment/", views.comment, name="comment"),
]
