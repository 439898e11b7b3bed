"""NHS England's national view: every commissioner side by side for a chosen period, small
numbers suppressed, with each table as CSV and the whole page as XLSX. Aggregate figures only:
no name, NHS number or link to any record."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from gateway.core.permissions import permission_required

from .. import audience, cells, period_choice, presenters
from ..links import definition_url


@require_GET
@permission_required(audience.NATIONAL_PERMISSION)
def national(request):
    today = timezone.localdate()
    period = period_choice.chosen(request.GET.get(period_choice.PERIOD), today)
    figures = audience.figures_for(request, period, kept_on=today)
    query = urlencode({period_choice.PERIOD: period_choice.value_of(period)})
    return render(
        request,
        "insight/national/page.jinja",
        {
            "figures": figures,
            "period": period,
            "choices": period_choice.choices(today),
            "chosen": period_choice.value_of(period),
            "query": query,
            "return_years": period_choice.return_years(today),
            "cell": cells.cell,
            "definition_url": definition_url,
            "worked_out_words": presenters.worked_out_words,
        },
    )
