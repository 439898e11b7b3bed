from .caseloads.urls import urlpatterns as caseload_urls
from .practices.urls import urlpatterns as practice_urls

app_name = "imports"

urlpatterns = [*practice_urls, *caseload_urls]
