package org.lwsspark.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.lwsspark.common.Json;
import org.lwsspark.data.Shard;
import org.lwsspark.data.ShardReader;
import org.lwsspark.data.TokenShards;
import org.lwsspark.data.tokenize.TokenizerInfo;
import org.lwsspark.model.io.Checkpoint;
import org.lwsspark.model.io.NextTokenEval;
import org.lwsspark.model.io.TokenFile;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./lws eval}: next-token cross-entropy of a checkpoint over a file of token sequences or a prep output. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = {
            "Next-token loss and perplexity of a checkpoint on token sequences.",
            "--tokens-file FILE holds one sequence of token ids per line; --data DIR is a prep output, checked by",
            "ShardGuard first, whose rows (seq_len + 1 ids) are read in manifest order. Position p predicts",
            "token p+1; the loss is the token-weighted mean over all sequences.",
            "Examples:",
            "  ./lws eval --checkpoint runs/crown/checkpoints/step-200 --tokens-file ids.txt --per-token",
            "  ./lws eval --checkpoint runs/crown/step-1000 --data s3a://bucket/prep --split val --max-rows 512"
        })
final class EvalCommand implements Callable<Integer> {

    @Mixin
    private CheckpointOption checkpoint;

    @ArgGroup(multiplicity = "1")
    private Input input;

    static final class Input {
        @Option(
                names = "--tokens-file",
                required = true,
                paramLabel = "FILE",
                description = "token ids, one sequence per line")
        Path tokens;

        @ArgGroup(exclusive = false)
        Shards shards;
    }

    static final class Shards {
        @Option(
                names = "--data",
                required = true,
                paramLabel = "DIR",
                description = "a prep output directory (a path, file://, hdfs:// or s3a://)")
        String dir;

        @Option(names = "--split", defaultValue = "val", description = "train or val (default: ${DEFAULT-VALUE})")
        String split;

        @Option(
                names = "--max-rows",
                defaultValue = "256",
                description = "evaluate the split's first N rows (default: ${DEFAULT-VALUE})")
        int maxRows;
    }

    @Option(names = "--per-token", description = "also give every target's loss, in order")
    private boolean perToken;

    @Option(names = "--json", description = "print {\"tokens\", \"loss\", \"ppl\"[, \"per_token_loss\"]}")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        Checkpoint.Loaded loaded = checkpoint.load();
        int vocabSize = loaded.plan().size().vocabSize();
        List<int[]> sequences =
                input.tokens != null ? TokenFile.read(input.tokens, vocabSize) : rows(input.shards, vocabSize);
        NextTokenEval.Result result = NextTokenEval.evaluate(loaded.network(), sequences);
        if (json) {
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put("tokens", result.tokens());
            node.put("loss", result.loss());
            node.put("ppl", result.perplexity());
            if (perToken) {
                node.putPOJO("per_token_loss", result.perTokenLoss());
            }
            System.out.println(Json.ONE_LINE.writeValueAsString(node));
        } else {
            System.out.printf("tokens %d  loss %.6f  ppl %.4f%n", result.tokens(), result.loss(), result.perplexity());
            if (perToken) {
                for (double l : result.perTokenLoss()) {
                    System.out.printf("%.6f%n", l);
                }
            }
        }
        return ExitCodes.OK;
    }

    /**
     * The first rows of a split of a prep output, read through TokenShards (the guard runs first) and ShardReader.
     * A model whose vocabulary is smaller than the tokenizer's would index past its embedding: refused.
     */
    private static List<int[]> rows(Shards s, int vocabSize) {
        if (s.maxRows < 1) {
            throw new IllegalArgumentException("--max-rows must be at least 1, not " + s.maxRows);
        }
        Configuration conf = new Configuration();
        TokenShards data = TokenShards.open(s.dir, conf);
        TokenizerInfo tokenizer = data.manifest().tokenizer();
        if (vocabSize < tokenizer.vocabSize()) {
            throw new IllegalArgumentException(s.dir + ": the data's tokenizer " + tokenizer.name() + " has "
                    + tokenizer.vocabSize() + " ids, more than the checkpoint's vocabulary of " + vocabSize);
        }
        List<int[]> rows = new ArrayList<>();
        for (Shard shard : data.shards(s.split)) {
            int take = (int) Math.min(shard.rows(), s.maxRows - rows.size());
            rows.addAll(List.of(ShardReader.read(shard, 0, take, data.rowLength(), conf)));
            if (rows.size() == s.maxRows) {
                break;
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(s.dir + ": the " + s.split + " split has no rows");
        }
        System.err.printf(
                "eval: %d rows of %s/%s (manifest sha256 %s)%n", rows.size(), s.dir, s.split, data.fingerprint());
        return rows;
    }
}
