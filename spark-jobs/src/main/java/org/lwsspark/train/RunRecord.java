package org.lwsspark.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.lwsspark.common.Json;
import org.lwsspark.common.Provenance;
import org.lwsspark.model.plan.ModelPlan;
import org.lwsspark.run.RunInfo;
import org.lwsspark.train.resources.ResourcePlan;
import org.nd4j.linalg.factory.Nd4j;

/** The run's {@link RunInfo} as this trainer resolves it: what the run is, and this attempt at it. */
final class RunRecord {

    private RunRecord() {}

    /** The run directory's name and the UTC time it started: unique across runs that share a name. */
    static String newRunId(Path runDir) {
        return runDir.getFileName() + "-"
                + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now());
    }

    /** What the run is, with the attempts before this one ({@code previous} is null for a new run). */
    static RunInfo describe(TrainPlan plan, ResourcePlan resources, String dataDir, String runId, RunInfo previous) {
        TrainConfig config = plan.config();
        ModelPlan model = plan.plan();
        JsonNode configJson;
        try {
            configJson = Json.MAPPER.readTree(config.json());
        } catch (IOException e) {
            throw new IllegalStateException("cannot render the settings as JSON", e);
        }
        return new RunInfo(
                runId,
                previous != null ? previous.created() : Instant.now().toString(),
                config.profile(),
                config.size(),
                configJson,
                model.json(),
                new RunInfo.Parameters(
                        model.totalParams(), model.nonEmbeddingParams(), model.embeddingParams(), model.headParams()),
                new RunInfo.Data(
                        dataDir,
                        plan.data().fingerprint(),
                        plan.data().manifest().tokenizer().name(),
                        model.size().vocabSize(),
                        plan.seqLen(),
                        plan.data().rows("train"),
                        plan.data().rows("val")),
                new RunInfo.Training(
                        plan.workers(),
                        config.batchPerWorker(),
                        config.averagingFrequency(),
                        plan.tokensPerStep(),
                        plan.totalSteps(),
                        "parameter averaging (" + config.averagingState().configName() + ")"),
                resources.json(),
                previous != null ? previous.attempts() : List.of());
    }

    /** This start of the run: where, with which code and Spark settings (redacted), from which step. */
    static RunInfo.Attempt attempt(long fromStep, TrainPlan plan, JavaSparkContext sc) {
        return new RunInfo.Attempt(
                Instant.now().toString(),
                fromStep,
                hostName(),
                Provenance.now(),
                sc.version(),
                sc.master(),
                sc.sc().applicationId(),
                plan.threadsPerWorker(),
                Nd4j.getBackend().getClass().getSimpleName(),
                blas(),
                SparkSettings.redacted(sc.getConf()),
                null,
                null);
    }

    private static String blas() {
        Object vendor = Nd4j.getExecutioner().getEnvironmentInformation().get("blas.vendor");
        String coreType = System.getenv("OPENBLAS_CORETYPE");
        return vendor + (coreType == null ? "" : ", OPENBLAS_CORETYPE=" + coreType);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
