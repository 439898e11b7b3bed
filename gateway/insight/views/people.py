"""The people behind a figure: the rows the figure counted, for a commissioner who may see
them, a page at a time. Every view of the list is audited (who, which figure, which period,
how many people), as every list of people is."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gateway.audit import services as audit
from gateway.core.pagination import page_of
from gateway.core.permissions import permission_required

from .. import presenters
from ..links import definition_url, query_string
from ..queries.people import LISTS, people_behind
from ..queries.scope import PEOPLE_PERMISSION
from .common import chooser, scope_for

AUDIT_TYPE = "insight.people"


@require_http_methods(["GET"])
@permission_required(PEOPLE_PERMISSION)
def people(request, kind):
    people_list = LISTS.get(kind)
    if people_list is None:
        raise Http404("No figure has that name.")
    form = chooser(request)
    chosen = form.chosen()
    if chosen is None:
        raise Http404("That period cannot be shown.")
    period, sas_practice = chosen
    rows = people_behind(kind, scope_for(request, sas_practice), period, timezone.now())
    page = page_of(request, rows)
    audit.record(
        audit.Action.VIEW,
        actor=request.user,
        organisation=request.current_organisation,
        object_type=AUDIT_TYPE,
        object_id=kind,
        detail={
            "page": "insight: the people behind a figure",
            "period": [period.start.isoformat(), period.end.isoformat()],
            "sas_practice": str(sas_practice.public_id) if sas_practice else "",
            "rows": page.paginator.count,
        },
    )
    return render(
        request,
        "insight/people.jinja",
        {
            "people": people_list,
            "page": page,
            "period_words": presenters.period_words(period, sas_practice),
            "query": query_string(period, sas_practice),
            "definition_url": definition_url,
        },
    )
