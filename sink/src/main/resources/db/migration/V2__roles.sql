-- nasscore: two roles, so that no one needs the owner's login to write or to read.
--   nasscore_sink    writes the sink's tables (no DDL: the migrations run as the owner);
--   nasscore_reader  SELECT on the reporting views only (granted in R__views.sql, which recreates them), nothing else.
-- Roles belong to the whole PostgreSQL cluster, not to this database: another database of the same cluster, or the
-- embedded stack (which gives them logins and passwords), may have created them already.
-- Created here without LOGIN: a team gets a login of its own that is a member of nasscore_reader (docs/security.md).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'nasscore_sink') THEN
        CREATE ROLE nasscore_sink NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'nasscore_reader') THEN
        CREATE ROLE nasscore_reader NOLOGIN;
    END IF;
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE
    ON scores, experiment_scores, ground_truth, score_quality, score_quality_history, sink_offsets
    TO nasscore_sink;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO nasscore_sink;
-- tables of later migrations, created by the same owner
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO nasscore_sink;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO nasscore_sink;

-- Before PostgreSQL 15 every role may create objects in the public schema and temporary tables in the database
-- (through PUBLIC): the reader must not run DDL. Only the schema's owner or a superuser can take that back; the
-- migrating owner keeps CREATE for itself first (later migrations need it).
DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
            OR pg_has_role(current_user, (SELECT nspowner FROM pg_namespace WHERE nspname = 'public'), 'USAGE') THEN
        EXECUTE format('GRANT CREATE ON SCHEMA public TO %I', current_user);
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    ELSE
        RAISE WARNING 'nasscore: % cannot revoke CREATE on schema public from PUBLIC; ask the schema owner to', current_user;
    END IF;
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
END
$$;
