-- nasscore: what each experiment asked for, so that its progress is a query (v_experiment_progress, R__views.sql).
-- experiment_jobs: the jobs of nas.jobs, one row per experiment and job (a resubmission updates it: the latest
-- submission counts). job_dead_letters: the records of nas.jobs.dlq, with the nas.error.* headers' reason; a
-- record whose bytes are not a job keeps its key and reason, with no experiment.
CREATE TABLE experiment_jobs (
    experiment    text NOT NULL,
    job_id        text NOT NULL,
    score_key     text NOT NULL,            -- the key its score record will have (nas.scores, scores.score_key)
    arch_index    integer NOT NULL CHECK (arch_index BETWEEN 0 AND 15624),
    config_hash   text NOT NULL,
    rescore       boolean NOT NULL,
    submitted_at  timestamptz NOT NULL,
    written_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (experiment, job_id)
);
CREATE INDEX experiment_jobs_score_key ON experiment_jobs (experiment, score_key);

CREATE TABLE job_dead_letters (
    kafka_partition   integer NOT NULL,
    kafka_offset      bigint NOT NULL,
    job_id            text,                 -- the record's key
    experiment        text,                 -- NULL when the bytes are not a job
    arch_index        integer,
    reason            text NOT NULL,
    stage             text,
    message           text,
    worker            text,
    dead_lettered_at  timestamptz NOT NULL,
    written_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kafka_partition, kafka_offset)
);
CREATE INDEX job_dead_letters_job ON job_dead_letters (job_id, experiment);

GRANT SELECT, INSERT, UPDATE, DELETE ON experiment_jobs, job_dead_letters TO nasscore_sink;
