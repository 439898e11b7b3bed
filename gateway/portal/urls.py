from django.urls import path

from .views import actions, own_page, staff

app_name = "portal"

# The person's own page: no name, NHS number or id in any of these paths.
urlpatterns = [
    path("my/", own_page.home, name="home"),
    path("my/sign-in", own_page.sign_in, name="sign-in"),
    path("my/sign-out", own_page.sign_out, name="sign-out"),
    path("my/appeal", actions.appeal, name="appeal"),
    path("my/review", actions.review_view, name="review"),
    path("my/contact", actions.contact, name="contact"),
    # Their own letters: the letter's public id only, never the person's.
    path("my/letters", own_page.letters, name="letters"),
    path("my/letters/<uuid:public_id>", own_page.letter, name="letter"),
    # Staff, from the person's record (public id only).
    path("portal/codes/<uuid:public_id>", staff.issue_code, name="issue-code"),
]
