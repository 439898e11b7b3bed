from django.urls import path

from ..views import reviews

urlpatterns = [
    path("reviews/<uuid:public_id>", reviews.review_detail, name="review-detail"),
    path("reviews/<uuid:public_id>/inputs/<slug:kind>", reviews.review_input, name="review-input"),
    path("reviews/<uuid:public_id>/start", reviews.review_start, name="review-start"),
    path("reviews/<uuid:public_id>/decide", reviews.review_decide, name="review-decide"),
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
