/**
 * Score-quality metrics of {@code docs/../specs/scores.md} section 5, as pure functions over double arrays.
 *
 * <ul>
 *   <li>{@link io.nasscore.core.metrics.RankCorrelation}: Kendall tau-a (the paper's monotonicity is its
 *       absolute value) and tau-b in O(n log n), Spearman rho with average ranks.</li>
 *   <li>{@link io.nasscore.core.metrics.Slope}: OLS of ln(1 - s) against accuracy;
 *       {@link io.nasscore.core.metrics.SlopeAccumulator} is its incremental form.</li>
 *   <li>{@link io.nasscore.core.metrics.QualityMetrics}: every metric of one set for a
 *       {@link io.nasscore.core.metrics.Subset} ({@code all}, {@code above-median}).</li>
 *   <li>{@link io.nasscore.core.metrics.BestAccuracy}, {@link io.nasscore.core.metrics.BestPercentile}:
 *       per-run retrieval metrics and their mean / population std over runs.</li>
 *   <li>{@link io.nasscore.core.metrics.CostSummary}: mean and median wall time.</li>
 * </ul>
 *
 * Conventions: points whose score or accuracy is NaN or infinite are excluded and counted by the entry
 * points ({@code QualityMetrics}, {@code BestAccuracy}, {@code BestPercentile}, {@code CostSummary}); the
 * low-level functions ({@code RankCorrelation}, {@code Slope}, {@code Stats}) return NaN when given a
 * non-finite value. Degenerate inputs (fewer than 2 points, zero variance) give NaN, never an exception.
 * Mismatched array lengths are a programming error and throw {@link java.lang.IllegalArgumentException}.
 */
package io.nasscore.core.metrics;
