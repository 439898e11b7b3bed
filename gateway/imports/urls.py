from .caseloads import urls as caseloads

app_name = "imports"

urlpatterns = [*caseloads.urlpatterns]
