-- nasscore reporting views (Flyway repeatable migration: re-applied whenever this file changes).
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

-- The reporting views are what nasscore_reader (V2__roles.sql) may read, and all it may read: recreating a view
-- drops its grants, so they are given here, with the views.
GRANT SELECT ON v_scores, v_experiment_scores, v_score_quality TO nasscore_reader;
