-- Gateway's two PostgreSQL roles (ADR 0034, docs in README "Production deployment").
--
--   gateway_owner  owns the database, its schema and every table; `manage.py migrate` runs
--                  as it (MIGRATION_DATABASE_URL). Never used by the running application.
--   gateway_app    what the web server, task worker and job timer use (DATABASE_URL): it
--                  reads and writes Gateway's tables but may only INSERT and SELECT audit
--                  rows (audit_auditevent) and their seals (audit_auditseal, ADR 0047; a
--                  seal's position is its key, so it has no sequence). Not the owner, so it
--                  cannot ALTER TABLE ... DISABLE TRIGGER, drop the append-only triggers or
--                  TRUNCATE; `migrate` takes UPDATE, DELETE, TRUNCATE, TRIGGER and REFERENCES
--                  on both audit tables away from every role but the owner after each run
--                  (gateway/audit/database_roles.py).
--
-- Run once, for a new database, as a superuser (or a role with CREATEROLE and CREATEDB):
--   psql -h db.internal -U postgres -v dbname=gateway -f scripts/postgres-roles.sql
-- (-v owner=... -v app=... choose other role names). Then give each role a password
-- (\password gateway_owner, \password gateway_app) or your platform's authentication, and:
--   DATABASE_URL=postgres://gateway_app:...@db.internal:5432/gateway
--   MIGRATION_DATABASE_URL=postgres://gateway_owner:...@db.internal:5432/gateway
--   manage.py migrate
--
-- Upgrading a database one role owned until now (say "gateway"): create the two roles as
-- below, then in that database, as a superuser: REASSIGN OWNED BY gateway TO gateway_owner;
-- run the part after \connect; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA
-- public TO gateway_app; GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO
-- gateway_app; then `manage.py migrate` as gateway_owner, which takes the audit tables'
-- UPDATE and DELETE away again.

\set ON_ERROR_STOP on
\if :{?dbname}
\else
\set dbname gateway
\endif
\if :{?owner}
\else
\set owner gateway_owner
\endif
\if :{?app}
\else
\set app gateway_app
\endif

CREATE ROLE :"owner" LOGIN;
CREATE ROLE :"app" LOGIN;
-- Gateway's statements are short reads and writes; PostgreSQL's JIT compiler cost more than
-- it saved (17.7 s of a 20.7 s dashboard statement was compiling: ADR 0052). Gateway turns it
-- off per connection too; this covers connections through a transaction pooler, which passes
-- no start-up options.
ALTER ROLE :"app" SET jit = off;
CREATE DATABASE :"dbname" OWNER :"owner";
REVOKE ALL ON DATABASE :"dbname" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"dbname" TO :"app";

\connect :"dbname"

-- Only the owner creates anything in the schema; the application only uses it.
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";

-- Every table and sequence migrate creates: the application reads and writes rows (never
-- TRUNCATE, TRIGGER or REFERENCES). The audit tables (rows and seals) are narrowed to INSERT
-- and SELECT by migrate itself, straight after they are created or changed.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO :"app";
