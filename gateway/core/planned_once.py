"""Statements PostgreSQL plans once a connection (issue 17, ADR 0070).

A statement compiled once a process (gateway.core.prepared) still costs PostgreSQL a parse
and a plan on every request, because Django binds parameters in the client and sends each
statement as new text. For a home page's figures that plan is most of the cost: 1.2 ms to
plan against 0.1 ms to run on the bench's 4x data. ``planned_once(connection)`` gives the
ORM a connection whose cursors bind on the server and prepare each statement, so its
connection parses it once and, after a few runs, may keep one plan for every call
(PostgreSQL's plan_cache_mode "auto" chooses). Only statements that are the same text on
every call are sent this way: those gateway.core.prepared keeps and marks to be planned
once. Off under SQLite, and where settings.DATABASE_PREPARED_STATEMENTS is false (behind a
transaction pooler, where the next statement may run on another server connection that
never saw the PREPARE)."""

import functools

from django.conf import settings


def planned_once(connection):
    """``connection``, or where statements are prepared, the same connection whose cursors
    prepare what they run."""
    if connection.vendor != "postgresql" or not settings.DATABASE_PREPARED_STATEMENTS:
        return connection
    return _PlanningOnce(connection)


class _PlanningOnce:
    """``connection``, whose cursors prepare what they run on the server."""

    def __init__(self, connection):
        self._connection = connection

    def __getattr__(self, name):
        return getattr(self._connection, name)

    def cursor(self):
        wrapper = self._connection.cursor()
        client_bound = wrapper.cursor
        wrapper.cursor = _preparing_cursor()(client_bound.connection)
        wrapper.cursor.logged = self._connection.queries_logged
        client_bound.close()
        return wrapper


@functools.cache
def _preparing_cursor():
    """The cursor class, made on first use: only a PostgreSQL process imports its backend."""
    from django.db.backends.postgresql.base import ServerBindingCursor
    from psycopg import adapt
    from psycopg._queries import PostgresClientQuery  # what a client-bound cursor logs

    class Preparing(ServerBindingCursor):
        logged = False  # whether Django logs this cursor's queries (DEBUG, tests)

        def execute(self, query, params=None, *, prepare=None, binary=None):
            super().execute(query, params, prepare=True, binary=binary)
            if self.logged:
                # A prepared run leaves no query text behind (Django's log reads the cursor's
                # `_query`): keep it, with its values, as a client-bound run would.
                text = PostgresClientQuery(adapt.Transformer(self))
                text.convert(query, params)
                self._query = text
            return self

    return Preparing
