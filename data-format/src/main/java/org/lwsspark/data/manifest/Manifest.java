package org.lwsspark.data.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.lwsspark.data.tokenize.TokenizerInfo;

/**
 * {@code OUT/manifest.json}: what the trainer and {@link org.lwsspark.data.ShardGuard} trust about the shards.
 * Counts add up: for the whole output and for each source, {@code read = kept + sum(dropped)}. The record takes any
 * content (so that a bad manifest can be read and reported); {@link org.lwsspark.data.ShardGuard} judges it. The
 * JSON keys are the components in snake_case ({@link ManifestIO}); outputs of earlier versions must keep reading.
 *
 * @param format      "lws-prep/1"
 * @param codeVersion the data-prep version and git commit that wrote the last run
 * @param dtype       "int32": the Parquet physical type of every id
 * @param column      "input_ids": a list column of exactly {@code rowLength} ids per row
 * @param seqLen      the training sequence length; rows hold seqLen + 1 ids
 * @param splits      "train" and "val"
 * @param documents   totals over all sources
 * @param sources     per source (wiki, warc, wet, text, jsonl)
 * @param inputs      every input processed so far, with what identifies its content
 * @param runs        one entry per run that did work
 * @param readErrors  the first read errors, each naming the file and offset (all are counted in documents)
 * @param auxFiles    committed files of documents/ and dedup-index/ (relative paths)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(
        String format,
        String codeVersion,
        String created,
        String updated,
        TokenizerInfo tokenizer,
        String dtype,
        String column,
        int seqLen,
        int rowLength,
        double valFraction,
        Map<String, SplitStats> splits,
        Counts documents,
        Map<String, Counts> sources,
        List<InputEntry> inputs,
        List<RunEntry> runs,
        List<String> readErrors,
        List<String> auxFiles)
        implements Serializable {

    public static final String FORMAT = "lws-prep/1";
    public static final String DTYPE = "int32";
    public static final String COLUMN = "input_ids";
    public static final String FILE_NAME = "manifest.json";

    /** Rows, tokens and documents of one split, and its shard files (relative to the output directory). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SplitStats(
            long rows, long tokens, long documents, long documentTokens, long remainderTokens, List<ShardFile> files)
            implements Serializable {}

    /** One Parquet shard and its row count (from its footer). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ShardFile(String path, long rows) implements Serializable {}

    /** Records read, kept, and dropped by reason. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Counts(long read, long kept, long dropped, Map<String, Long> droppedByReason)
            implements Serializable {}

    /**
     * An input file as processed: size and modification time identify its content for the next run.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record InputEntry(
            String path, String kind, long size, long modificationTime, String run, long read, long kept)
            implements Serializable {}

    /** One run that did work. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RunEntry(
            String id,
            String started,
            String finished,
            double seconds,
            int inputs,
            long read,
            long kept,
            long tokens,
            long rows)
            implements Serializable {}
}
