from .caseloads.urls import urlpatterns as caseload_urls
from .closures.urls import urlpatterns as closure_urls
from .practices.urls import urlpatterns as practice_urls

app_name = "imports"

urlpatterns = [*closure_urls, *practice_urls, *caseload_urls]
