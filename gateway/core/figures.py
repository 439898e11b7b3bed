"""Several figures in one statement (issue 17 cause 3, ADR 0053).

A summary (a home page section, a page's heading) often shows several counts of different
rows. Read one by one they cost a query each; here each becomes a scalar subquery of one
``SELECT`` that reads a single anchor row (for example the current organisation, by its key),
so the summary costs one query whatever it counts:

    figures(Organisation.objects.filter(pk=organisation.pk),
            overdue=CountUpTo(overdue_rows, 26), waiting=CountUpTo(waiting_rows))

``CountUpTo(rows, limit)`` is ``(SELECT COUNT(*) FROM (rows LIMIT limit))``: the same bounded
count ``rows.order_by()[:limit].count()`` makes, so a count capped today stays capped and
costs the same however many rows there are. Without a limit it counts every row (for figures
that are small by their nature, such as one person's open actions). ``FirstValue`` is the
first value of a column in the rows' order (a MIN or MAX read off an index). Each subquery
keeps the scoping of the queryset it was made from: a figure never counts rows its queryset
would not list."""

from django.core.exceptions import EmptyResultSet
from django.db.models import BooleanField, Expression, F, IntegerField, Q, Subquery, Value
from django.db.models.expressions import RawSQL


class CountUpTo(Subquery):
    """How many rows ``rows`` holds, counting no further than ``limit`` (None: all of them)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    # Rows known to be empty (``.none()``, an empty ``__in``) count 0 without a subquery.
    empty_result_set_value = 0

    def __init__(self, rows, limit=None, *, ordered=False):
        # Unordered, the database may stop at the first rows it finds (ADR 0051); a source
        # read off an index in its order (the worklist's) keeps it, as its own count does.
        rows = rows.values("pk") if ordered else rows.order_by().values("pk")
        if limit is not None:
            rows = rows[:limit]
        super().__init__(rows, output_field=IntegerField())


class FirstValue(Subquery):
    """The value of ``field`` on the first of ``rows`` in the order given (None when none)."""

    def __init__(self, rows, field, *order_by):
        ordered = rows.filter(**{f"{field}__isnull": False}).order_by(*(order_by or (field,)))
        super().__init__(ordered.values(field)[:1])


def compiled(rows, field="pk"):
    """``rows.values(field)`` (``rows`` as they are with field None: already one column's
    values) as a subquery compiled to SQL once, for a scope several figures
    of one statement share (``episode__in=compiled(episodes)``): the ORM otherwise clones,
    resolves and compiles the scope's nested subqueries again for every figure, which cost
    the home page more than running them (ADR 0053, update). The SQL is the queryset's own,
    so the scoping is the same; rows known to be empty stay a queryset that compiles to no
    rows at all."""
    values = rows.order_by() if field is None else rows.order_by().values(field)
    compiler = values.query.get_compiler(using=values.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return values
    # The ORM compiled this SQL, with every value a parameter: nothing is spliced in.
    return RawSQL(sql, params, output_field=values.query.output_field)  # noqa: S611


class InScopeByKey(Expression):
    """``field IN (scope)``, ``scope`` a subquery of one column as ``compiled`` gives it, written
    for PostgreSQL as a check of each row's value by key: ``EXISTS (SELECT 1 FROM (scope)
    WHERE value = field OFFSET 0)``. The OFFSET keeps the subquery its own, so the planner
    cannot turn it back into a join of the whole scope. The rows are the same as
    ``field__in=scope``; a list read off its own index in order then checks only the rows it
    reads and stops at the page, instead of first gathering every row in scope (the SAS
    worklist: ADR 0067). Other databases get ``field IN (scope)``. Use ``in_scope_by_key``."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, field, scope):
        super().__init__()
        self.column = F(field)
        self.scope = scope

    def get_source_expressions(self):
        return [self.column, self.scope]

    def set_source_expressions(self, exprs):
        self.column, self.scope = exprs

    def _parts(self, compiler):
        field_sql, field_params = compiler.compile(self.column)
        # RawSQL compiles to "(sql)": the subquery's own parentheses.
        scope_sql, scope_params = compiler.compile(self.scope)
        return field_sql, tuple(field_params), scope_sql, tuple(scope_params)

    def as_sql(self, compiler, connection):
        field_sql, field_params, scope_sql, scope_params = self._parts(compiler)
        return f"{field_sql} IN {scope_sql}", field_params + scope_params

    def as_postgresql(self, compiler, connection):
        field_sql, field_params, scope_sql, scope_params = self._parts(compiler)
        # The scope's one column is named by position, whatever it is called inside. Both
        # parts are the ORM's compiled SQL, every value a parameter: nothing is spliced in.
        sql = (
            f"EXISTS (SELECT 1 FROM {scope_sql} in_scope (value) "  # noqa: S608
            f"WHERE in_scope.value = {field_sql} OFFSET 0)"
        )
        return sql, scope_params + field_params


def in_scope_by_key(field, scope):
    """A filter for ``field`` in ``scope`` (as ``compiled`` gives it) checked row by row
    (``InScopeByKey``); a scope known to be empty stays ``field__in``, which matches
    nothing."""
    if isinstance(scope, RawSQL):
        return InScopeByKey(field, scope)
    return Q(**{f"{field}__in": scope})


def figures(anchor, **expressions):
    """{name: value} for each expression, read in one query over the anchor queryset's first
    row (None when the anchor has no row: the figures then say nothing, never another's).
    The names are the caller's own: they never clash with the anchor model's fields."""
    return named(figures_query(anchor, **expressions).first())


def figures_query(anchor, **expressions):
    """The query ``figures`` reads (its first row: ``named`` gives the figures), for a
    statement compiled once a process (gateway.core.prepared)."""
    prefixed = {f"{PREFIX}{name}": expression for name, expression in expressions.items()}
    return anchor.order_by().values(**prefixed).order_by("pk")[:1]


def aggregate_query(rows, **aggregates):
    """The statement ``rows.aggregate(**aggregates)`` runs, as a queryset of its one row (a
    dict), for a statement compiled once a process (gateway.core.prepared). Grouped by a
    constant, which the ORM leaves out of the SQL: no GROUP BY, so always one row, as
    ``aggregate`` reads."""
    whole = Value(1, output_field=IntegerField())
    return (
        rows.order_by()
        .annotate(_whole=whole)
        .values("_whole")
        .annotate(**aggregates)
        .values(*aggregates)
    )


def named(row):
    """The figures of a row of ``figures_query`` (None for no row)."""
    if row is None:
        return None
    return {name[len(PREFIX) :]: value for name, value in row.items()}


PREFIX = "figure_"
