"""Figures from several tables read in one statement: each table's aggregates become one JSON
object (one scan of that table, one row even when nothing matches), and the objects are read
together as the columns of a single row. A dashboard section then costs one round trip for
all its totals, whatever the number of tables they come from (docs/adr/0029).

Also the median's middle rows picked in the database (a window over the rows in order), so a
median needs no count read first."""

import datetime
import json

from django.db import connection
from django.db.models import Count, F, Func, IntegerField, JSONField, Subquery, Value, Window
from django.db.models.functions import JSONObject, RowNumber

from gateway.accounts.models import Organisation

# PostgreSQL's jsonb_build_object takes at most 100 arguments (50 keys); larger sets of
# aggregates are nested in parts of this many keys, still in one scan of the table.
KEYS_PER_PART = 40
PART = "part"


def row_of(queryset, **aggregates):
    """A subquery: the aggregates over queryset as one JSON object."""
    return Subquery(
        queryset.order_by()
        .annotate(all_rows=Value(1))
        .values("all_rows")
        .annotate(row=_json_object(aggregates))
        .values("row"),
        output_field=JSONField(),
    )


def _json_object(aggregates):
    if len(aggregates) <= KEYS_PER_PART:
        return JSONObject(**aggregates)
    items = list(aggregates.items())
    return JSONObject(
        **{
            f"{PART}{start}": JSONObject(**dict(items[start : start + KEYS_PER_PART]))
            for start in range(0, len(items), KEYS_PER_PART)
        }
    )


def _flat(row):
    if row and all(key.startswith(PART) for key in row):
        return {key: value for part in row.values() for key, value in part.items()}
    return row


def read_together(commissioner, **rows):
    """{name: {aggregate: value}} for rows made by row_of, in one statement (read alongside
    the commissioner's own row, which is always there)."""
    values = Organisation.objects.filter(pk=commissioner.pk).values(**rows).get()
    return {name: _flat(row) for name, row in values.items()}


def read_for_areas(commissioners, rows_of_area):
    """{commissioner pk: {name: {aggregate: value}}} for every one of the commissioners, in one
    statement: rows_of_area(commissioner) gives one area's {name: row_of(...)}, the very
    subqueries its own dashboard reads (read_together), and every area's are read side by side
    as the columns of one row. The number of round trips stays one whatever the number of
    areas; the statement (and the database's work) has one part per area (docs/adr/0029)."""
    commissioners = list(commissioners)
    if not commissioners:
        return {}
    columns, names = {}, {}
    for index, commissioner in enumerate(commissioners):
        for name, row in rows_of_area(commissioner).items():
            column = f"area{index}_{name}"
            columns[column] = row
            names[column] = (commissioner.pk, name)
    values = Organisation.objects.filter(pk=commissioners[0].pk).values(**columns).get()
    found = {commissioner.pk: {} for commissioner in commissioners}
    for column, row in values.items():
        pk, name = names[column]
        found[pk][name] = _flat(row)
    return found


def grouped_together(**querysets):
    """{name: [row as a dict, ...]} for several grouped querysets (``.values(area=...)
    .annotate(...)``, plain values only), read in one statement: each queryset's rows become
    one JSON array, and the arrays are read as the columns of a single row. The national view
    counts every area's figures this way, one round trip for all of a section's grouped
    counts (docs/adr/0029)."""
    columns, params = [], []
    for index, queryset in enumerate(querysets.values()):
        sql, own_params = queryset.query.sql_with_params()
        if connection.vendor == "postgresql":
            rows = "COALESCE(json_agg(t), '[]'::json)"
        else:  # SQLite names each column of the object itself
            keys = [*queryset.query.values_select, *queryset.query.annotation_select]
            rows = "json_group_array(json_object({}))".format(
                ", ".join(f"'{key}', t.\"{key}\"" for key in keys)
            )
        # The ORM's own SQL, its values passed as parameters; the names are the code's own.
        columns.append(f'(SELECT {rows} FROM ({sql}) t) AS "rows{index}"')  # noqa: S608
        params.extend(own_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns), params)
        found = cursor.fetchone()
    return {
        name: json.loads(rows) if isinstance(rows, str) else rows
        for name, rows in zip(querysets, found, strict=True)
    }


def middle(queryset, *order_by):
    """The pks of the middle row (an odd number of rows) or the middle two (an even number) of
    queryset in the order given: where its median is."""
    ranked = queryset.order_by().annotate(
        place=Window(RowNumber(), order_by=list(order_by)), rows=Window(Count("pk"))
    )
    return ranked.filter(place__gte=(F("rows") + 1) / 2, place__lte=F("rows") / 2 + 1).values("pk")


def moment(text):
    """A moment read from a JSON object (PostgreSQL writes it with its offset, SQLite in UTC
    without one)."""
    if text is None:
        return None
    value = datetime.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)


class DaysBetween(Func):
    """Whole days from the first date back to the second (later minus earlier), an integer."""

    arity = 2
    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(JULIANDAY(%(expressions)s) AS INTEGER)",
            arg_joiner=") - JULIANDAY(",
            **extra_context,
        )
