package org.lwsspark.prep.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.lwsspark.common.Provenance;
import org.lwsspark.data.manifest.Manifest;
import org.lwsspark.data.manifest.OutputLayout;
import org.lwsspark.data.tokenize.TokenizerInfo;
import org.lwsspark.prep.pack.SplitTotals;
import org.lwsspark.prep.read.InputFile;

/**
 * The manifest after a committed run: the previous one (or none) plus what the run read, kept, packed and moved into
 * place. Totals are cumulative; an input processed again (it changed) is listed once, as now.
 */
public final class ManifestUpdate {
    /** At most this many damaged-input details are listed (all are counted). */
    public static final int MAX_DAMAGE_LISTED = 100;

    /**
     * What one committed run adds.
     *
     * @param id       the run id
     * @param started  ISO-8601 start
     * @param finished ISO-8601 end
     * @param seconds  wall seconds
     * @param inputs   the inputs it processed
     * @param counts   its records, by source, file and outcome
     * @param splits   per split: its documents, tokens and packing remainder
     * @param shards   per split: the shard files moved into place, with their row counts
     * @param auxFiles the files moved into documents/ and dedup-index/
     * @param damaged  the first damaged-input details (file and offset)
     */
    public record CommittedRun(
            String id,
            String started,
            String finished,
            double seconds,
            List<InputFile> inputs,
            RunCounts counts,
            Map<String, SplitTotals> splits,
            Map<String, List<Manifest.ShardFile>> shards,
            List<String> auxFiles,
            List<String> damaged) {}

    private ManifestUpdate() {}

    public static Manifest apply(
            Manifest old, TokenizerInfo tokenizer, int seqLen, double valFraction, CommittedRun run) {
        Map<String, Manifest.Counts> sources = new TreeMap<>(old == null ? Map.of() : old.sources());
        run.counts().bySource().forEach((source, c) -> sources.merge(source, c, RunCounts::add));
        Manifest.Counts total = sources.values().stream().reduce(RunCounts.NONE, RunCounts::add);
        Map<String, Manifest.SplitStats> splits = new TreeMap<>();
        long newRows = 0;
        for (String split : OutputLayout.SPLITS) {
            Manifest.SplitStats s = addSplit(
                    old == null ? null : old.splits().get(split),
                    seqLen + 1,
                    run.splits().getOrDefault(split, SplitTotals.NONE),
                    run.shards().getOrDefault(split, List.of()));
            newRows += run.shards().getOrDefault(split, List.of()).stream()
                    .mapToLong(Manifest.ShardFile::rows)
                    .sum();
            splits.put(split, s);
        }
        List<Manifest.RunEntry> runs = new ArrayList<>(old == null ? List.of() : old.runs());
        Manifest.Counts read = run.counts().total();
        runs.add(new Manifest.RunEntry(
                run.id(),
                run.started(),
                run.finished(),
                Math.round(run.seconds() * 10) / 10.0,
                run.inputs().size(),
                read.read(),
                read.kept(),
                newRows * (seqLen + 1),
                newRows));
        return new Manifest(
                Manifest.FORMAT,
                Provenance.now().summary(),
                old == null ? run.started() : old.created(),
                run.finished(),
                tokenizer,
                Manifest.DTYPE,
                Manifest.COLUMN,
                seqLen,
                seqLen + 1,
                valFraction,
                splits,
                total,
                sources,
                inputs(old, run),
                runs,
                concatenated(old == null ? null : old.readErrors(), run.damaged(), MAX_DAMAGE_LISTED),
                concatenated(old == null ? null : old.auxFiles(), run.auxFiles(), Integer.MAX_VALUE));
    }

    private static Manifest.SplitStats addSplit(
            Manifest.SplitStats prev, int rowLength, SplitTotals now, List<Manifest.ShardFile> shards) {
        List<Manifest.ShardFile> files = new ArrayList<>(prev == null ? List.of() : prev.files());
        files.addAll(shards);
        long rows = shards.stream().mapToLong(Manifest.ShardFile::rows).sum();
        return new Manifest.SplitStats(
                (prev == null ? 0 : prev.rows()) + rows,
                (prev == null ? 0 : prev.tokens()) + rows * rowLength,
                (prev == null ? 0 : prev.documents()) + now.documents(),
                (prev == null ? 0 : prev.documentTokens()) + now.documentTokens(),
                (prev == null ? 0 : prev.remainderTokens()) + now.remainderTokens(),
                files);
    }

    private static List<Manifest.InputEntry> inputs(Manifest old, CommittedRun run) {
        List<Manifest.InputEntry> inputs = new ArrayList<>(old == null ? List.of() : old.inputs());
        Set<String> again = run.inputs().stream().map(InputFile::path).collect(Collectors.toSet());
        inputs.removeIf(i -> again.contains(i.path()));
        Map<String, Manifest.Counts> byFile = run.counts().byFile();
        for (InputFile f : run.inputs()) {
            Manifest.Counts c = byFile.getOrDefault(f.path(), RunCounts.NONE);
            inputs.add(new Manifest.InputEntry(
                    f.path(), f.kind().source(), f.size(), f.modificationTime(), run.id(), c.read(), c.kept()));
        }
        return inputs;
    }

    private static List<String> concatenated(List<String> earlier, List<String> now, int limit) {
        List<String> all = new ArrayList<>(earlier == null ? List.of() : earlier);
        all.addAll(now);
        return List.copyOf(all.subList(0, Math.min(all.size(), limit)));
    }
}
