"""Reads the ORM builds and compiles once a process, then runs with each request's values
(issue 17, ADR 0068).

A record page's main read is one statement with a dozen scalar subqueries (the support page:
31 parameters, 7,000 characters of SQL). Building it through the ORM takes longer than
PostgreSQL takes to run it: on the bench's 4x data about 5 ms to build the queryset and 6 ms
to compile it, against 3 ms to execute. Its SQL is the same on every request for the same
shape (which scope, which branches); only the values differ: the organisation, the day, the
person's public id.

``Statement(build)`` keeps, for each shape, the SQL the ORM compiled and which parameter is
which value, and runs it with the values of each call:

    PAGE = Statement(build)                    # build(shape, **values) -> QuerySet
    rows = PAGE.rows(shape, organisation_id=7, today=day, public_id=uuid)

It is prepared only when it can be shown that every value is a parameter and nothing else:
the statement is built and compiled twice, with two different stand-in values for each
value, and must give the same SQL, the stand-ins exactly where the parameters differ, each
value at least once, and the same constants everywhere else. Otherwise (a value the ORM
wrote into the SQL, a value used in Python that never reaches the database, a date worked
out from another inside the build, a scope known to be empty) it is not prepared, and each
call builds the statement through the ORM as before. What is kept is SQL and the positions
of the values, never a value or a row; each call binds only its own values. Kept per day as
well as shape, so a date read inside ``build`` (not passed in) is at worst today's.

``build`` may choose its branches by ``shape`` only, never by a value: every stand-in is a
negative key or a day long past, so a branch taken on a value's size would take the same
way for both stand-ins and pass the proof unseen, then run that way for every real value.
What a build needs to decide (which roles, whether a value is given at all) belongs in
its shape or in the names of the values passed.

With ``GATEWAY_CHECK_PREPARED`` (the test settings), every run is compared with the ORM's own
statement for the same values and fails loudly if they differ."""

import copy
import datetime
import threading
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.utils import timezone

from .figures import CountUpTo, figures_query, named
from .planned_once import planned_once

# Stand-ins for the n-th value of a statement, two of each (which 0 or 1), all different:
# never a real key, day, time or id.
STAND_INS = {
    int: lambda n, which: -917_000_000_001 - 2 * n - which,
    datetime.datetime: lambda n, which: datetime.datetime(
        1901 + 2 * n + which, 2, 3, 4, 5, 6, tzinfo=datetime.UTC
    ),
    datetime.date: lambda n, which: datetime.date(1901 + 2 * n + which, 2, 3),
    uuid.UUID: lambda n, which: uuid.UUID(int=0xA1B2_0000_0000 + 2 * n + which),
}


class NotPrepared(Exception):
    """The statement could not be shown to take each value as a parameter."""


def _kind(value):
    kind = type(value)  # exactly: a bool is not a key, a datetime is not a day
    if kind not in STAND_INS:
        raise TypeError(
            f"a prepared statement takes ints, dates, times and UUIDs, not {kind.__name__}"
        )
    return kind


def _adapted(connection, value):
    """The parameter the ORM passes the database for value (as its fields prepare it)."""
    if isinstance(value, uuid.UUID):
        return value if connection.features.has_native_uuid_field else value.hex
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value


@dataclass(frozen=True)
class _Prepared:
    queryset: object  # built with the first stand-ins: a template, never run as it is
    compiler: object  # its compiler after compiling: what to read the rows with
    sql: str
    slots: tuple  # per parameter: (value name, None) or (None, constant)


class _Bound:
    """A query that hands out one compiler already holding its SQL and parameters."""

    def __init__(self, query, compiler):
        self._query, self._compiler = query, compiler

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self._compiler

    def chain(self, klass=None):
        raise TypeError("A prepared statement's rows are read as they are, not narrowed further")

    clone = chain

    def __getattr__(self, name):
        return getattr(self._query, name)


def _compiled(queryset):
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet as empty:
        raise NotPrepared("the statement is known to be empty") from empty
    return compiler, sql, tuple(params)


def prepare(build, shape, names_and_kinds):
    """The statement ``build(shape, **values)`` compiled once, with where each value goes;
    NotPrepared when that cannot be shown (see the module's docstring)."""
    first = {name: STAND_INS[kind](n, 0) for n, (name, kind) in enumerate(names_and_kinds)}
    second = {name: STAND_INS[kind](n, 1) for n, (name, kind) in enumerate(names_and_kinds)}
    queryset = build(shape, **first)
    compiler, sql, params = _compiled(queryset)
    _, other_sql, other_params = _compiled(build(shape, **second))
    if sql != other_sql or len(params) != len(other_params):
        raise NotPrepared("the values change the statement's SQL, not only its parameters")
    connection = connections[queryset.db]
    slots, used = [], set()
    for one, other in zip(params, other_params, strict=True):
        names = [
            name
            for name in first
            if one == _adapted(connection, first[name])
            and other == _adapted(connection, second[name])
        ]
        if type(one) is type(other) and one == other and not names:
            slots.append((None, one))
        elif len(names) == 1:
            slots.append((names[0], None))
            used.add(names[0])
        else:
            raise NotPrepared("a parameter differs where no value was given")
    if used != set(first):
        raise NotPrepared(f"not a parameter of the statement: {sorted(set(first) - used)}")
    return _Prepared(queryset=queryset, compiler=compiler, sql=sql, slots=tuple(slots))


class Statement:
    """A read built by ``build(shape, **values)``, compiled once a process and day for each
    shape and set of value names, and run with each call's values (see the module).

    ``planned_once`` (True, or a test of the shape) also has PostgreSQL plan it once a
    connection (gateway.core.planned_once, ADR 0070): for a read whose best plan does not
    depend on which organisation asks (one person's or record's rows by key, figures that
    stop at a bound), never for one that sorts or counts a whole organisation's scope, where
    one plan for every organisation is slow for the largest."""

    def __init__(self, build, *, planned_once=False):
        self.build = build
        self._planned_once = planned_once if callable(planned_once) else lambda _: planned_once
        self._kept = {}
        self._day = None
        self._lock = threading.Lock()

    def _prepared(self, shape, values):
        names_and_kinds = tuple(sorted((name, _kind(value)) for name, value in values.items()))
        key = (shape, names_and_kinds)
        today = timezone.localdate()
        with self._lock:
            if self._day != today:
                self._kept, self._day = {}, today
            if key not in self._kept:
                try:
                    self._kept[key] = prepare(self.build, shape, names_and_kinds)
                except NotPrepared:
                    self._kept[key] = None
            return self._kept[key]

    def plans_once(self, shape):
        """Whether this shape's statement is marked to be planned once a connection."""
        return bool(self._planned_once(shape))

    def rows_or(self, orm, shape, **values):
        """``rows(shape, **values)``, or ``list(orm())`` (the queryset built through the ORM as
        before) when shape is None: a read this statement was not written for."""
        return list(orm()) if shape is None else self.rows(shape, **values)

    def rows(self, shape, **values):
        """The statement's rows (model instances with their related rows, annotations and
        prefetches, as the built queryset gives them) for these values."""
        prepared = self._prepared(shape, values)
        if prepared is None:
            return list(self.build(shape, **values))
        connection = connections[prepared.queryset.db]
        params = tuple(
            _adapted(connection, values[name]) if name else constant
            for name, constant in prepared.slots
        )
        if getattr(settings, "GATEWAY_CHECK_PREPARED", False):
            _, sql, orm_params = _compiled(self.build(shape, **values))
            if (sql, orm_params) != (prepared.sql, params):
                raise AssertionError("A prepared statement differs from the ORM's own")
        compiler = copy.copy(prepared.compiler)
        # This thread's connection, planning the statement once where it is marked to be.
        compiler.connection = planned_once(connection) if self.plans_once(shape) else connection
        compiler.as_sql = lambda *args, **kwargs: (prepared.sql, params)
        queryset = prepared.queryset.all()  # a fresh result cache
        queryset.query = _Bound(queryset.query, compiler)
        return list(queryset)


# How many rows a page of PreparedRows reads at a time (the lists' page size).
PAGE_SPAN = 25


class PreparedRows:
    """A list's rows read through statements compiled once a process, for ``page_of``: counted
    up to a limit (``count_up_to``) and read a page at a time (sliced), with each call's
    values. ``build(shape, **values)`` is the list's queryset in its order; the count and each
    page are statements of their own, their shape the list's with the limit or the page's
    bounds, which the ORM writes into the SQL (a list pages only as far as its count limit,
    so there are few)."""

    def __init__(self, build, shape, **values):
        self._counted, self._paged = list_statements(build)
        self.shape, self.values = shape, values

    @property
    def statements(self):
        """The count's and the pages' statements (what they keep is shared by every call)."""
        return self._counted, self._paged

    def count_up_to(self, limit):
        rows = self._counted.rows((self.shape, limit), **self.values)
        return named(rows[0])["counted"] if rows else 0

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step is not None or key.stop is None:
            raise TypeError("A list's rows are read a page (a slice) at a time")
        start = key.start or 0
        if key.stop <= start:
            return []
        # Read a whole number of pages' worth (a last page that ends early, at the count,
        # is the same statement as a full one) and cut: one statement a page, not one for
        # every place a list can end.
        wanted = key.stop - start
        span = -(-wanted // PAGE_SPAN) * PAGE_SPAN
        return self._paged.rows((self.shape, start, start + span), **self.values)[:wanted]


_LISTS = {}
_LISTS_LOCK = threading.Lock()


def list_statements(build):
    """The (count, page) statements of a list, made once a process for each build."""
    with _LISTS_LOCK:
        if build not in _LISTS:
            _LISTS[build] = (Statement(_count_of(build)), Statement(_page_of(build)))
        return _LISTS[build]


def _count_of(build):
    def counted(shape_and_limit, **values):
        shape, limit = shape_and_limit
        rows = build(shape, **values)
        # Over the first row of the list's table: none only when the table is empty, and
        # then so is the list (``count_up_to`` reads no row as 0).
        return figures_query(rows.model.objects.all(), counted=CountUpTo(rows, limit))

    return counted


def _page_of(build):
    def paged(shape_and_bounds, **values):
        shape, start, stop = shape_and_bounds
        return build(shape, **values)[start:stop]

    return paged
