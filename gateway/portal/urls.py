from django.urls import path

from . import action_views, staff_views, views

app_name = "portal"

# The person's own page: no name, NHS number or id in any of these paths.
urlpatterns = [
    path("my/", views.home, name="home"),
    path("my/sign-in", views.sign_in, name="sign-in"),
    path("my/sign-out", views.sign_out, name="sign-out"),
    path("my/appeal", action_views.appeal, name="appeal"),
    path("my/review", action_views.review_view, name="review"),
    path("my/contact", action_views.contact, name="contact"),
    # Their own letters: the letter's public id only, never the person's.
    path("my/letters", views.letters, name="letters"),
    path("my/letters/<uuid:public_id>", views.letter, name="letter"),
    # Staff, from the person's record (public id only).
    path("portal/codes/<uuid:public_id>", staff_views.issue_code, name="issue-code"),
]
