from django.urls import path

from .views import exports, national

app_name = "insight"

urlpatterns = [
    # NHS England's national view (insight.view_national) and the downloads every insight
    # page offers (an analyst's suppressed, a commissioner's own area).
    path("national", national.national, name="national"),
    path("export.csv", exports.export_csv, name="export-csv"),
    path("export.xlsx", exports.export_xlsx, name="export-xlsx"),
    path("yearly-return", exports.yearly_return, name="yearly-return"),
]
