package org.lwsspark.run.metrics;

/**
 * One row of {@code RUN/metrics/*.parquet}: a training log step ({@code kind = "train"}) or an evaluation
 * ({@code "eval"}). Both kinds share one schema, so that every file of a run reads as one table; the columns of
 * the other kind are null.
 *
 * @param step       optimizer steps taken (an evaluation at step 0 is before any training)
 * @param tokensSeen training tokens consumed by then
 * @param trainLoss  the mean over workers of the step's training loss (its batch, before the step's update)
 * @param lr         the learning rate of the step
 * @param gradNorm   the mean over workers of the step's global gradient norm, before clipping
 * @param tokensPerS training throughput since the previous log row (whole rounds, averaging included)
 * @param wallS      training wall time of the run by the end of the step's round
 * @param valLoss    token-weighted mean cross-entropy over the validation rows
 * @param valPpl     exp(valLoss)
 * @param valTokens  targets scored
 */
public record MetricRow(
        String runId,
        String profile,
        String size,
        String kind,
        long step,
        long tokensSeen,
        Double trainLoss,
        Double lr,
        Double gradNorm,
        Double tokensPerS,
        double wallS,
        Double valLoss,
        Double valPpl,
        Long valTokens) {

    public static final String TRAIN = "train";
    public static final String EVAL = "eval";

    public static MetricRow train(
            RunLabels run,
            long step,
            long tokensSeen,
            double trainLoss,
            double lr,
            double gradNorm,
            double tokensPerS,
            double wallS) {
        return new MetricRow(
                run.runId(),
                run.profile(),
                run.size(),
                TRAIN,
                step,
                tokensSeen,
                trainLoss,
                lr,
                gradNorm,
                tokensPerS,
                wallS,
                null,
                null,
                null);
    }

    public static MetricRow eval(
            RunLabels run, long step, long tokensSeen, double valLoss, long valTokens, double wallS) {
        return new MetricRow(
                run.runId(),
                run.profile(),
                run.size(),
                EVAL,
                step,
                tokensSeen,
                null,
                null,
                null,
                null,
                wallS,
                valLoss,
                Math.exp(valLoss),
                valTokens);
    }

    /** The columns every row of a run repeats, so that rows of several runs can be concatenated. */
    public record RunLabels(String runId, String profile, String size) {}
}
