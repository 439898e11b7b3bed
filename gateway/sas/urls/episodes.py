from django.urls import path

from ..views import episodes, worklist

urlpatterns = [
    path("episodes", episodes.episode_list, name="episode-list"),
    path("episodes.csv", episodes.episode_list_csv, name="episode-list-csv"),
    path("episodes/<uuid:public_id>", episodes.episode_detail, name="episode-detail"),
    path("episodes/<uuid:public_id>/timeline", episodes.timeline, name="timeline"),
    path("worklist", worklist.worklist, name="worklist"),
]
