package org.lwsspark.prep.config;

import com.typesafe.config.Config;
import java.io.File;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.lwsspark.common.Settings;

/**
 * Every setting of a prep run, immutable and serializable (Spark ships it to the executors inside closures).
 * Built from {@code prep.conf} (defaults on the classpath), an optional user file and command-line overrides.
 */
public record PrepConfig(
        int seqLen,
        double valFraction,
        int valMinDocuments,
        String tokenizer,
        String eosToken,
        int padVocabMultiple,
        boolean strict,
        int progressSeconds,
        ReadConfig read,
        int minChars,
        LanguageConfig language,
        QualityConfig quality,
        DedupConfig dedup,
        long tokensPerFile)
        implements Serializable {

    /** The HOCON path under which every prep key lives. */
    public static final String ROOT = "lws.prep";

    /** What the readers keep and how they split their input. */
    public record ReadConfig(long splitBytes, List<Integer> namespaces, List<String> contentModels, long maxRecordBytes)
            implements Serializable {
        public ReadConfig {
            namespaces = List.copyOf(namespaces);
            contentModels = List.copyOf(contentModels);
        }
    }

    public PrepConfig {
        if (seqLen < 1) throw new IllegalArgumentException("seq-len must be >= 1, got " + seqLen);
        if (valFraction < 0 || valFraction >= 1) {
            throw new IllegalArgumentException("val-fraction must be in [0, 1), got " + valFraction);
        }
        if (valMinDocuments < 0) {
            throw new IllegalArgumentException("val-min-documents must be >= 0, got " + valMinDocuments);
        }
        Objects.requireNonNull(tokenizer, "tokenizer");
    }

    /** The defaults of {@code prep.conf}, with {@code userFile} (may be null) layered on top. */
    public static PrepConfig load(File userFile) {
        return load(userFile, List.of());
    }

    /** The defaults, overridden by {@code userFile} (may be null), then by {@code --set key=value} options. */
    public static PrepConfig load(File userFile, List<String> sets) {
        Config merged = Settings.load("prep.conf", ROOT, userFile, Settings.sets(sets, ROOT));
        return Settings.read(() -> from(merged.getConfig(ROOT)));
    }

    /** Reads the keys under {@code lws.prep} (see conf/prep.conf for their meaning). */
    public static PrepConfig from(Config p) {
        Config r = p.getConfig("read");
        Config f = p.getConfig("filter");
        Config l = f.getConfig("language");
        Config q = f.getConfig("quality");
        Config d = f.getConfig("dedup");
        return new PrepConfig(
                p.getInt("seq-len"),
                p.getDouble("val-fraction"),
                p.getInt("val-min-documents"),
                p.getString("tokenizer"),
                p.getString("eos-token"),
                p.getInt("pad-vocab-multiple"),
                p.getBoolean("strict"),
                p.getInt("progress-seconds"),
                new ReadConfig(
                        (long) (r.getDouble("split-mb") * (1 << 20)),
                        r.getIntList("namespaces"),
                        r.getStringList("content-models"),
                        (long) (r.getDouble("max-record-mb") * (1 << 20))),
                f.getInt("min-chars"),
                new LanguageConfig(l.getStringList("keep"), l.getDouble("min-probability"), l.getInt("sample-chars")),
                new QualityConfig(
                        q.getBoolean("enabled"),
                        q.getInt("min-words"),
                        q.getInt("max-words"),
                        q.getDouble("min-mean-word-length"),
                        q.getDouble("max-mean-word-length"),
                        q.getDouble("max-symbol-word-ratio"),
                        q.getDouble("max-bullet-line-fraction"),
                        q.getDouble("max-ellipsis-line-fraction"),
                        q.getDouble("min-alpha-word-fraction"),
                        q.getInt("min-stop-words"),
                        q.getDouble("min-terminal-punct-line-fraction"),
                        q.getDouble("max-dup-line-fraction"),
                        q.getDouble("max-dup-paragraph-fraction"),
                        q.getDoubleList("max-top-ngram-fraction"),
                        q.getDoubleList("max-dup-ngram-fraction")),
                new DedupConfig(
                        d.getBoolean("exact"),
                        d.getBoolean("near"),
                        d.getInt("shingle-words"),
                        d.getInt("bands"),
                        d.getInt("rows")),
                p.getConfig("output").getLong("tokens-per-file"));
    }

    public PrepConfig withSeqLen(int n) {
        return new PrepConfig(
                n,
                valFraction,
                valMinDocuments,
                tokenizer,
                eosToken,
                padVocabMultiple,
                strict,
                progressSeconds,
                read,
                minChars,
                language,
                quality,
                dedup,
                tokensPerFile);
    }

    public PrepConfig withStrict(boolean s) {
        return new PrepConfig(
                seqLen,
                valFraction,
                valMinDocuments,
                tokenizer,
                eosToken,
                padVocabMultiple,
                s,
                progressSeconds,
                read,
                minChars,
                language,
                quality,
                dedup,
                tokensPerFile);
    }

    public PrepConfig withTokenizer(String t) {
        return new PrepConfig(
                seqLen,
                valFraction,
                valMinDocuments,
                t,
                eosToken,
                padVocabMultiple,
                strict,
                progressSeconds,
                read,
                minChars,
                language,
                quality,
                dedup,
                tokensPerFile);
    }
}
