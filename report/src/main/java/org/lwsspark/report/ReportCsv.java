package org.lwsspark.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * {@code report.csv}: one row per run, in the report's order. Numbers are exact (the shortest decimal that reads
 * back as the same double, never in exponent form), so a notebook gets what the metrics hold; a value a run does
 * not have yet (no evaluation, no isotropic run of its seed) is an empty field.
 */
final class ReportCsv {

    static final List<String> HEADER = List.of(
            "profile",
            "size",
            "run_id",
            "seed",
            "parameters",
            "non_embedding_parameters",
            "tokens_seen",
            "final_val_loss",
            "final_val_ppl",
            "delta_val_loss_vs_isotropic",
            "tokens_per_s",
            "wall_s",
            "steps");

    private ReportCsv() {}

    static String render(Comparison comparison) {
        StringBuilder csv = new StringBuilder(String.join(",", HEADER)).append('\n');
        for (ReportedRun r : comparison.runs()) {
            List<String> row = new ArrayList<>();
            row.add(field(r.profile()));
            row.add(field(r.info().size()));
            row.add(field(r.info().runId()));
            row.add(Long.toString(r.seed()));
            row.add(Long.toString(r.info().parameters().total()));
            row.add(Long.toString(r.info().parameters().nonEmbedding()));
            row.add(Long.toString(r.tokensSeen()));
            row.add(r.finalEval().map(e -> number(e.valLoss())).orElse(""));
            row.add(r.finalEval().map(e -> number(e.valPpl())).orElse(""));
            row.add(number(comparison.baseline().delta(r)));
            row.add(number(r.meanTokensPerS()));
            row.add(number(r.wallS()));
            row.add(Long.toString(r.steps()));
            csv.append(String.join(",", row)).append('\n');
        }
        return csv.toString();
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).toPlainString();
    }

    private static String number(OptionalDouble value) {
        return value.isPresent() ? number(value.getAsDouble()) : "";
    }

    /** RFC 4180: quoted, with quotes doubled, when it holds a comma, a quote or a line break. */
    private static String field(String text) {
        if (text == null) {
            return "";
        }
        return text.matches("(?s).*[,\"\r\n].*") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
