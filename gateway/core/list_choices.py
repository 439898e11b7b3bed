"""Where a list's organisation filter finds its choices (gateway.core.lists): the
organisations the list's records name, or, where a bounded query knows them, the filter's own
``organisations(request)`` (ADR 0051)."""

from dataclasses import replace

from django.db.models import Exists, OuterRef


def with_choices_for(request, spec):
    """The spec with each filter that finds its own organisations given them for this request
    (a list: the form reads it once). A filter whose ``organisations(request)`` returns None
    for this organisation takes those the records name, as a filter without one."""
    if not any(f.organisations for f in spec.filters):
        return spec
    filters = tuple(_given_organisations(request, f) for f in spec.filters)
    return replace(spec, filters=filters)


def _given_organisations(request, spec_filter):
    if not callable(spec_filter.organisations):
        return spec_filter
    found = spec_filter.organisations(request)
    return replace(spec_filter, organisations=None if found is None else list(found))


def organisation_choices(queryset, spec_filter):
    """(public id, name) of each organisation to choose from, by name: the filter's own list
    if it has one, else each organisation the records name in its lookup, in one query
    whatever the number of records. Asked per organisation ("does any record name it?",
    stopping at the first) so an index on the lookup answers it without reading every record
    (ADR 0051)."""
    if spec_filter.organisations is not None and not callable(spec_filter.organisations):
        return list(spec_filter.organisations)
    model = queryset.model
    for part in spec_filter.lookup.split("__"):
        model = model._meta.get_field(part).related_model
    rows = (
        model.objects.filter(
            Exists(queryset.order_by().filter(**{spec_filter.lookup: OuterRef("pk")}))
        )
        .order_by("name")
        .values_list("public_id", "name")
    )
    return [(str(public_id), name) for public_id, name in rows]
