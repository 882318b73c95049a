-- nasscore at a million scores (docs/benchmarks.md, "A million records"): indexes for the queries users run.

-- Aggregates of v_scores per dataset (the README's third query: count and mean time per dataset) read this index
-- alone (an index-only scan of a few tens of MB) instead of every 50-column row of scores.
CREATE INDEX scores_dataset_total_ms ON scores (dataset) INCLUDE (total_ms);
