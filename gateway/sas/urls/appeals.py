from django.urls import path

from ..views import appeals, changes

urlpatterns = [
    path("episodes/<uuid:public_id>/appeals", appeals.appeal_list, name="appeal-list"),
    path("episodes/<uuid:public_id>/appeals/new", appeals.appeal_new, name="appeal-new"),
    path("appeals/<uuid:public_id>", appeals.appeal_detail, name="appeal-detail"),
    path("appeals/<uuid:public_id>/decide", appeals.appeal_decide, name="appeal-decide"),
    path("episodes/<uuid:public_id>/change", changes.episode_change, name="episode-change"),
]
