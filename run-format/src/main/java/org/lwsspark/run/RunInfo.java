package org.lwsspark.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lwsspark.common.Provenance;

/**
 * {@code RUN/run.json}: what a run is (its resolved settings, model, data and parallelism, fixed when it starts)
 * and each attempt at it (where, with which code and Spark settings, from which step). Secrets never appear: Spark
 * settings are redacted as Spark's own UI does.
 *
 * @param config    the resolved {@code lws.train} settings
 * @param resources the run's resource plan (memory, bytes per round), as the trainer printed it at the start; null
 *                  in the run.json of runs started before the plan existed, and then left out of the file
 * @param attempts  the first start, then every resume
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunInfo(
        String runId,
        String created,
        String profile,
        String size,
        JsonNode config,
        PlanJson plan,
        Parameters parameters,
        Data data,
        Training training,
        @JsonInclude(JsonInclude.Include.NON_NULL) ResourcePlanJson resources,
        List<Attempt> attempts) {

    public static final String FILE_NAME = "run.json";

    /** Parameter counts of the model. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Parameters(long total, long nonEmbedding, long embedding, long head) {}

    /** The dataset, identified by the SHA-256 of its manifest. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(
            String dir,
            String fingerprint,
            String tokenizer,
            int vocabSize,
            int seqLen,
            long trainRows,
            long valRows) {}

    /** How the run trains: what a step and a round are. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Training(
            int workers,
            int batchPerWorker,
            int averagingFrequency,
            long tokensPerStep,
            long totalSteps,
            String averaging) {}

    /**
     * One start of the run's Spark application.
     *
     * @param ended   when it ended, null while it runs (and in attempts recorded before endings were); an attempt
     *                that died without ending (a killed driver) keeps null
     * @param outcome {@value #FINISHED}, or {@value #FAILED} and the error; null with {@code ended}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Attempt(
            String started,
            long fromStep,
            String host,
            Provenance code,
            String sparkVersion,
            String sparkMaster,
            String sparkApplicationId,
            int threadsPerWorker,
            String backend,
            String blas,
            Map<String, String> sparkConf,
            @JsonInclude(JsonInclude.Include.NON_NULL) String ended,
            @JsonInclude(JsonInclude.Include.NON_NULL) String outcome) {}

    /** The outcome of an attempt that trained to the run's last step. */
    public static final String FINISHED = "finished";
    /** The start of the outcome of an attempt that stopped at an error. */
    public static final String FAILED = "failed";

    /** The same run with its last attempt ended now, with {@code outcome}. */
    public RunInfo ended(String outcome) {
        Attempt last = attempts.get(attempts.size() - 1);
        List<Attempt> all = new ArrayList<>(attempts.subList(0, attempts.size() - 1));
        all.add(new Attempt(
                last.started(),
                last.fromStep(),
                last.host(),
                last.code(),
                last.sparkVersion(),
                last.sparkMaster(),
                last.sparkApplicationId(),
                last.threadsPerWorker(),
                last.backend(),
                last.blas(),
                last.sparkConf(),
                Instant.now().toString(),
                outcome));
        return new RunInfo(runId, created, profile, size, config, plan, parameters, data, training, resources, all);
    }

    public RunInfo withAttempt(Attempt attempt) {
        List<Attempt> all = new ArrayList<>(attempts);
        all.add(attempt);
        return new RunInfo(runId, created, profile, size, config, plan, parameters, data, training, resources, all);
    }
}
