from django.urls import path

from . import views

urlpatterns = [
    path("practices/close/", views.close, name="practice-close"),
    path("practices/merge/", views.merge, name="practice-merge"),
    path("practices/closed/<uuid:public_id>/", views.closed_practice, name="practice-closed"),
    path("closures/<uuid:public_id>/", views.detail, name="closure"),
    path("closures/<uuid:public_id>/move/", views.move, name="closure-move"),
    path("closures/<uuid:public_id>/redirect/", views.redirect_referrals, name="closure-redirect"),
]
