from django.urls import path

from .views import dashboard, definitions, exports, national, people

app_name = "insight"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("definitions", definitions.definitions, name="definitions"),
    path("people/<slug:kind>", people.people, name="people"),
    # NHS England's national view (insight.view_national) and the downloads every insight
    # page offers (an analyst's suppressed, a commissioner's own area).
    path("national", national.national, name="national"),
    path("export.csv", exports.export_csv, name="export-csv"),
    path("export.xlsx", exports.export_xlsx, name="export-xlsx"),
    path("yearly-return", exports.yearly_return, name="yearly-return"),
]
