from django.urls import path

from ..views import review_decision, reviews

urlpatterns = [
    path("reviews/<uuid:public_id>", reviews.review_detail, name="review-detail"),
    path("reviews/<uuid:public_id>/inputs/<slug:kind>", reviews.review_input, name="review-input"),
    path("reviews/<uuid:public_id>/start", reviews.review_start, name="review-start"),
    path("reviews/<uuid:public_id>/decide", review_decision.review_decide, name="review-decide"),
    path(
        "reviews/<uuid:public_id>/decide/check/<str:token>",
        review_decision.review_decide_check,
        name="review-decide-check",
    ),
    path(
        "reviews/<uuid:public_id>/decision",
        review_decision.review_decided,
        name="review-decided",
    ),
    path(
        "episodes/<uuid:public_id>/exception-discharge",
        reviews.exception_discharge,
        name="exception-discharge",
    ),
    path(
        "episodes/<uuid:public_id>/discharge/complete",
        reviews.discharge_complete,
        name="discharge-complete",
    ),
]
