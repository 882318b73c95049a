-- nasscore: the tables the PostgreSQL sink (io.nasscore.aggregator.sink.PostgresSink) writes.
-- Every write is an idempotent upsert; the consumed Kafka offsets are stored in sink_offsets in the same
-- transaction as the rows they produced (exactly-once into PostgreSQL).

-- One row per score key (nas.scores key: configHash/dataset/archIndex/seed); a re-scoring replaces the row.
CREATE TABLE scores (
    score_key          text PRIMARY KEY,
    experiment         text NOT NULL,           -- experiment of the latest record (membership: experiment_scores)
    job_id             text NOT NULL,
    arch_index         integer NOT NULL CHECK (arch_index BETWEEN 0 AND 15624),
    arch               text NOT NULL,
    config_hash        text NOT NULL,
    -- the scoring configuration (scores.md section 1)
    dataset            text NOT NULL,
    batch_size         integer NOT NULL,
    batch_policy       text NOT NULL,
    target             text NOT NULL,
    bn_mode            text NOT NULL,
    seed               bigint NOT NULL,
    normalisation      text NOT NULL,
    data               text NOT NULL,
    -- the twelve scores: NULL = not requested, NaN = not computable
    js                 double precision,
    jsc                double precision,
    sns                double precision,
    snsc               double precision,
    lns                double precision,
    lnsc               double precision,
    mnjs               double precision,
    mnjsc              double precision,
    pjs                double precision,
    pjsc               double precision,
    wpjs               double precision,
    wpjsi              double precision,
    js_raw             double precision,
    weight_tensors     integer NOT NULL,
    degenerate_rows    integer NOT NULL,
    degenerate_tensors integer NOT NULL,
    input_degenerate   boolean NOT NULL,
    params             bigint NOT NULL,
    -- wall times in milliseconds; NULL = the pass did not run
    clean_ms           double precision,
    noise0_1_ms        double precision,
    noise10_ms         double precision,
    noise100_ms        double precision,
    similarity_ms      double precision NOT NULL,
    total_ms           double precision NOT NULL,
    device             text NOT NULL,
    worker_id          text NOT NULL,
    engine             text NOT NULL,
    scored_at          timestamptz NOT NULL,
    run_ids            integer[] NOT NULL DEFAULT '{}',
    written_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scores_dataset_arch ON scores (dataset, arch_index);
CREATE INDEX scores_config_hash ON scores (config_hash);

-- Which experiments a score belongs to: the same score key can answer several experiments.
CREATE TABLE experiment_scores (
    experiment  text NOT NULL,
    score_key   text NOT NULL,
    arch_index  integer NOT NULL,
    run_ids     integer[] NOT NULL DEFAULT '{}',
    written_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (experiment, score_key)
);
CREATE INDEX experiment_scores_score_key ON experiment_scores (score_key);

-- Trained accuracies (nas.ground-truth); one row per dataset, arch and metric (e.g. cifar10_test).
CREATE TABLE ground_truth (
    dataset     text NOT NULL,
    arch_index  integer NOT NULL CHECK (arch_index BETWEEN 0 AND 15624),
    metric      text NOT NULL,
    accuracy    double precision NOT NULL,
    arch        text NOT NULL,
    source      text NOT NULL,
    written_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (dataset, arch_index, metric)
);
CREATE INDEX ground_truth_arch_metric ON ground_truth (arch_index, metric);

-- The latest score-quality metrics per key (nas.score-quality, scores.md section 5).
-- window_name is cumulative or last-<W> ("window" is a reserved word in SQL).
CREATE TABLE score_quality (
    experiment            text NOT NULL,
    dataset               text NOT NULL,
    score                 text NOT NULL,
    subset                text NOT NULL,
    window_name           text NOT NULL,
    config_hash           text NOT NULL,
    n                     integer NOT NULL,
    excluded              integer NOT NULL,
    monotonicity          double precision NOT NULL,
    tau_b                 double precision NOT NULL,
    spearman              double precision NOT NULL,
    slope                 double precision NOT NULL,
    slope_sign            integer NOT NULL,
    r2                    double precision NOT NULL,
    best_acc_mean         double precision,
    best_acc_std          double precision,
    best_percentile_mean  double precision,
    runs                  integer NOT NULL,
    mean_ms               double precision,
    median_ms             double precision,
    updated_at            timestamptz NOT NULL,
    written_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (experiment, dataset, score, subset, window_name)
);

-- Every score-quality record ever consumed (append-only; keyed by its Kafka position, so a replay adds nothing).
CREATE TABLE score_quality_history (
    kafka_partition       integer NOT NULL,
    kafka_offset          bigint NOT NULL,
    experiment            text NOT NULL,
    dataset               text NOT NULL,
    score                 text NOT NULL,
    subset                text NOT NULL,
    window_name           text NOT NULL,
    config_hash           text NOT NULL,
    n                     integer NOT NULL,
    excluded              integer NOT NULL,
    monotonicity          double precision NOT NULL,
    tau_b                 double precision NOT NULL,
    spearman              double precision NOT NULL,
    slope                 double precision NOT NULL,
    slope_sign            integer NOT NULL,
    r2                    double precision NOT NULL,
    best_acc_mean         double precision,
    best_acc_std          double precision,
    best_percentile_mean  double precision,
    runs                  integer NOT NULL,
    mean_ms               double precision,
    median_ms             double precision,
    updated_at            timestamptz NOT NULL,
    PRIMARY KEY (kafka_partition, kafka_offset)
);
CREATE INDEX score_quality_history_key ON score_quality_history (experiment, dataset, score, subset, window_name, updated_at);

-- The sink's consumed positions: the next offset to read per consumer group, topic and partition, written in the
-- same transaction as the rows. On start and on every partition assignment the sink seeks to these.
CREATE TABLE sink_offsets (
    consumer_group  text NOT NULL,
    topic           text NOT NULL,
    partition       integer NOT NULL,
    next_offset     bigint NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, partition)
);
