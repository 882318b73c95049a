/**
 * Ground truth: {@link io.nasscore.core.truth.GroundTruth} (NB201 accuracies, shipped or from any CSV) and
 * the small CSV reader {@link io.nasscore.core.truth.Csv} used for every CSV the project reads.
 */
package io.nasscore.core.truth;
