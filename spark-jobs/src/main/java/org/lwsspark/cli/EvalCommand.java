package org.lwsspark.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.lwsspark.model.io.Checkpoint;
import org.lwsspark.model.io.Json;
import org.lwsspark.model.io.NextTokenEval;
import org.lwsspark.model.io.TokenFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ./lws eval}: next-token cross-entropy of a checkpoint over a file of token sequences. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Next-token loss and perplexity of a checkpoint on token sequences.",
                "FILE holds one sequence of token ids per line; position p predicts token p+1; the loss is the",
                "token-weighted mean over all lines."})
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", required = true, description = "checkpoint directory")
    private Path checkpoint;

    @Option(names = "--tokens", required = true, paramLabel = "FILE", description = "token ids, one sequence per line")
    private Path tokens;

    @Option(names = "--per-token", description = "also give every target's loss, in order")
    private boolean perToken;

    @Option(names = "--json", description = "print {\"tokens\", \"loss\", \"ppl\"[, \"per_token_loss\"]}")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        Checkpoint.Loaded loaded = Checkpoint.read(checkpoint);
        NextTokenEval.Result result = NextTokenEval.evaluate(loaded.network(),
                TokenFile.read(tokens, loaded.plan().size().vocabSize()));
        if (json) {
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put("tokens", result.tokens());
            node.put("loss", result.loss());
            node.put("ppl", result.perplexity());
            if (perToken) {
                node.putPOJO("per_token_loss", result.perTokenLoss());
            }
            System.out.println(Json.MAPPER.writer().without(
                    com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(node));
        } else {
            System.out.printf("tokens %d  loss %.6f  ppl %.4f%n", result.tokens(), result.loss(), result.perplexity());
            if (perToken) {
                for (double l : result.perTokenLoss()) {
                    System.out.printf("%.6f%n", l);
                }
            }
        }
        return 0;
    }
}
