-- nasscore reporting views (Flyway repeatable migration: re-applied whenever this file changes).
DROP VIEW IF EXISTS v_experiment_progress;
DROP VIEW IF EXISTS v_score_quality;
DROP VIEW IF EXISTS v_experiment_scores;
DROP VIEW IF EXISTS v_scores;

-- One row per scored architecture and configuration (per score key): a column per score, the configuration,
-- the times, and the ground-truth test accuracies of the arch on the three datasets (NULL when unknown);
-- accuracy = the one of the row's own dataset.
-- The accuracies are scalar subqueries on ground_truth_arch_metric, not a join with the whole table aggregated
-- per arch: a query on one experiment looks up only its own rows' accuracies, and a query that reads no accuracy
-- (a count per dataset) reads none (docs/benchmarks.md, "A million records": the top 5 of one experiment 3.6 s -> 0.3 s on 1M rows).
CREATE VIEW v_scores AS
SELECT s.score_key, s.experiment, s.arch_index, s.arch, s.config_hash,
       s.dataset, s.batch_size, s.batch_policy, s.target, s.bn_mode, s.seed, s.normalisation, s.data,
       s.js, s.jsc, s.sns, s.snsc, s.lns, s.lnsc, s.mnjs, s.mnjsc, s.pjs, s.pjsc, s.wpjs, s.wpjsi,
       s.js_raw, s.weight_tensors, s.degenerate_rows, s.degenerate_tensors, s.input_degenerate, s.params,
       s.clean_ms, s.noise0_1_ms, s.noise10_ms, s.noise100_ms, s.similarity_ms, s.total_ms,
       s.device, s.worker_id, s.engine, s.scored_at, s.run_ids,
       (SELECT max(g.accuracy) FROM ground_truth g WHERE g.arch_index = s.arch_index AND g.metric = 'cifar10_test')    AS cifar10_test,
       (SELECT max(g.accuracy) FROM ground_truth g WHERE g.arch_index = s.arch_index AND g.metric = 'cifar100_test')   AS cifar100_test,
       (SELECT max(g.accuracy) FROM ground_truth g WHERE g.arch_index = s.arch_index AND g.metric = 'imagenet16_test') AS imagenet16_test,
       (SELECT max(g.accuracy) FROM ground_truth g WHERE g.arch_index = s.arch_index
            AND g.metric = CASE s.dataset WHEN 'cifar10' THEN 'cifar10_test'
                                          WHEN 'cifar100' THEN 'cifar100_test'
                                          WHEN 'imagenet16-120' THEN 'imagenet16_test' END) AS accuracy,
       -- the field's proxies (baselines.md; V4__proxies.sql), after the columns views had before them
       s.grad_norm, s.snip, s.plain, s.l2_norm, s.synflow, s.nwot, s.jacov, s.zico,
       s.az_expressivity, s.az_progressivity, s.az_trainability, s.az_flops,
       s.jacov_ms, s.zico_ms, s.synflow_ms, s.az_ms, s.proxy_raw
FROM scores s;

-- v_scores per experiment that asked for the score (a score shared by two experiments appears under both),
-- with that experiment's run ids.
CREATE VIEW v_experiment_scores AS
SELECT e.experiment AS member_experiment, e.run_ids AS member_run_ids, v.*
FROM experiment_scores e
JOIN v_scores v ON v.score_key = e.score_key;

-- The latest score-quality row per experiment, dataset, score, subset and window, scores in the paper's order
-- (then the proxies', then the combined scores).
CREATE VIEW v_score_quality AS
SELECT q.experiment, q.dataset, q.score, q.subset, q.window_name, q.n, q.excluded,
       q.monotonicity, q.tau_b, q.spearman, q.slope, q.slope_sign, q.r2,
       q.best_acc_mean, q.best_acc_std, q.best_percentile_mean, q.runs, q.mean_ms, q.median_ms,
       q.config_hash, q.updated_at,
       array_position(ARRAY['JS','JSC','SNS','SNSC','LNS','LNSC','MNJS','MNJSC','PJS','PJSC','WPJS','WPJSI',
                            'grad_norm','snip','plain','l2_norm','synflow','nwot','jacov','zico',
                            'az_expressivity','az_progressivity','az_trainability','az_flops',
                            'az_nas','vote','ensemble','ensemble_twelve','ensemble_top_params'], q.score)
           AS score_order
FROM score_quality q;

-- Where each experiment stands (V5__progress.sql). What it asked for: its jobs (nas.jobs), the scores submit
-- re-published to it without a job (already scored under the configuration), and the jobs dead-lettered before they
-- could be read as jobs (invalid content: only in nas.jobs.dlq). Each is in exactly one state:
-- scored (the experiment holds its score; for a --rescore job, one scored at or after the job's submission),
-- dead-lettered (not scored, and a worker dead-lettered the job since its submission), or waiting; so
-- requested = scored + dead_lettered + waiting. The rate is the experiment's scores written in the last 10 minutes.
CREATE VIEW v_experiment_progress AS
WITH asked AS (
    SELECT j.experiment, j.score_key, j.job_id, j.rescore, j.submitted_at
    FROM experiment_jobs j
    UNION ALL
    SELECT m.experiment, m.score_key, NULL, false, NULL
    FROM experiment_scores m
    WHERE NOT EXISTS (SELECT 1 FROM experiment_jobs j WHERE j.experiment = m.experiment AND j.score_key = m.score_key)
    UNION ALL
    -- a job the workers could not read as one (invalid content): in nas.jobs.dlq only
    SELECT DISTINCT d.experiment, NULL, d.job_id, false, NULL::timestamptz
    FROM job_dead_letters d
    WHERE d.experiment IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM experiment_jobs j WHERE j.experiment = d.experiment AND j.job_id = d.job_id)
), judged AS (
    -- joins, not a subquery per row: a row's state is read three times below; scored_at is looked up only for
    -- --rescore jobs (docs/benchmarks.md, "A million records": one experiment of 64 in 55-67 ms, not 250-400)
    SELECT a.experiment, a.submitted_at,
           CASE WHEN m.score_key IS NULL THEN false
                WHEN NOT a.rescore THEN true
                ELSE coalesce((SELECT s.scored_at >= a.submitted_at FROM scores s WHERE s.score_key = a.score_key), false)
           END AS scored,
           d.last_at IS NOT NULL AND (a.submitted_at IS NULL OR d.last_at >= a.submitted_at) AS dead_lettered
    FROM asked a
    LEFT JOIN experiment_scores m ON m.experiment = a.experiment AND m.score_key = a.score_key
    LEFT JOIN (SELECT experiment, job_id, max(dead_lettered_at) AS last_at
               FROM job_dead_letters GROUP BY experiment, job_id) d
           ON d.experiment = a.experiment AND d.job_id = a.job_id
), counted AS (
    SELECT experiment, count(*) AS requested,
           count(*) FILTER (WHERE scored) AS scored,
           count(*) FILTER (WHERE dead_lettered AND NOT scored) AS dead_lettered,
           count(*) FILTER (WHERE NOT scored AND NOT dead_lettered) AS waiting,
           min(submitted_at) AS first_submitted_at, max(submitted_at) AS last_submitted_at
    FROM judged GROUP BY experiment
), recent AS (
    SELECT experiment, max(written_at) AS last_scored_at,
           count(*) FILTER (WHERE written_at > now() - interval '10 minutes') AS scored_last_10_min
    FROM experiment_scores GROUP BY experiment
)
SELECT c.experiment, c.requested, c.scored, c.dead_lettered, c.waiting,
       round(100.0 * c.scored / c.requested, 1) AS percent_scored,
       c.first_submitted_at, c.last_submitted_at, r.last_scored_at,
       coalesce(r.scored_last_10_min, 0) AS scored_last_10_min,
       CASE WHEN c.waiting = 0 THEN interval '0'
            WHEN coalesce(r.scored_last_10_min, 0) = 0 THEN NULL
            ELSE make_interval(secs => round(c.waiting * 600.0 / r.scored_last_10_min)::double precision) END AS eta
FROM counted c LEFT JOIN recent r ON r.experiment = c.experiment;

-- The reporting views are what nasscore_reader (V2__roles.sql) may read, and all it may read: recreating a view
-- drops its grants, so they are given here, with the views.
GRANT SELECT ON v_scores, v_experiment_scores, v_score_quality, v_experiment_progress TO nasscore_reader;
