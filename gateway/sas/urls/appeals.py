from django.urls import path

from ..views import appeal_decision, appeals, changes, panel

urlpatterns = [
    path("appeals/panel", panel.panel_queue, name="panel-queue"),
    path("episodes/<uuid:public_id>/appeals", appeals.appeal_list, name="appeal-list"),
    path("episodes/<uuid:public_id>/appeals/new", appeals.appeal_new, name="appeal-new"),
    path("appeals/<uuid:public_id>", appeals.appeal_detail, name="appeal-detail"),
    path("appeals/<uuid:public_id>/decide", appeal_decision.appeal_decide, name="appeal-decide"),
    path(
        "appeals/<uuid:public_id>/decide/check/<str:token>",
        appeal_decision.appeal_decide_check,
        name="appeal-decide-check",
    ),
    path(
        "appeals/<uuid:public_id>/decision",
        appeal_decision.appeal_decided,
        name="appeal-decided",
    ),
    path("episodes/<uuid:public_id>/change", changes.episode_change, name="episode-change"),
]
