-- nasscore: the field's zero-cost proxies (baselines.md) as nullable columns of scores (ScoreRecord v2).
-- NULL = not requested; -Infinity = the degenerate-architecture rule (baselines.md section 1) or the arithmetic's
-- own value; proxy_raw keeps, for those architectures, the arithmetic's value of each replaced proxy.
ALTER TABLE scores
    ADD COLUMN grad_norm        double precision,
    ADD COLUMN snip             double precision,
    ADD COLUMN plain            double precision,
    ADD COLUMN l2_norm          double precision,
    ADD COLUMN synflow          double precision,
    ADD COLUMN nwot             double precision,
    ADD COLUMN jacov            double precision,
    ADD COLUMN zico             double precision,
    ADD COLUMN az_expressivity  double precision,
    ADD COLUMN az_progressivity double precision,
    ADD COLUMN az_trainability  double precision,
    ADD COLUMN az_flops         double precision,
    -- wall times of the proxies' own passes in milliseconds; NULL = the pass did not run
    ADD COLUMN jacov_ms         double precision,
    ADD COLUMN zico_ms          double precision,
    ADD COLUMN synflow_ms       double precision,
    ADD COLUMN az_ms            double precision,
    ADD COLUMN proxy_raw        jsonb;
