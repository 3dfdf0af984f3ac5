package org.lwsspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How every command fails: exit code 2 for bad usage or input, with one line on standard error that names the
 * option, file, line or setting at fault, and nothing written.
 */
class CliFailureTest {
    @TempDir
    Path tmp;

    @Test
    void anUnknownOptionIsNamed() {
        CliTest.Run r = CliTest.run("prep", "--input", "x", "--output", "y", "--inptu");
        assertOneLine(r, "lws prep: Unknown option: '--inptu'");
        assertTrue(r.err().contains("(see lws prep --help)"), r.err());
        assertOneLine(
                CliTest.run("train", "--data", "d", "--run-dir", "r", "--max-steps", "3", "--seeed"),
                "lws train: Unknown option: '--seeed'");
    }

    @Test
    void aMissingInputIsNamedAndNothingIsWritten() {
        Path missing = tmp.resolve("no-such-dump.xml.bz2");
        assertOneLine(prep(missing), "lws prep: input not found: " + missing);
        assertFalse(Files.exists(tmp.resolve("out")), "nothing written");
    }

    @Test
    void aBadConfFileIsNamedWithItsLine() throws Exception {
        Path input = Files.writeString(tmp.resolve("a.txt"), "A line of text.\n");
        Path malformed =
                Files.writeString(tmp.resolve("bad.conf"), "lws.prep {\n  seq-len = 64\n  val-fraction = ]\n}\n");
        CliTest.Run r = prep(input, "--conf", malformed.toString());
        assertOneLine(r, "lws prep: --conf " + malformed + ": 3:");

        Path typo = Files.writeString(tmp.resolve("typo.conf"), "lws.prep.filter.langauge.keep = [\"de\"]\n");
        assertOneLine(
                prep(input, "--conf", typo.toString()),
                "lws prep: unknown setting 'filter.langauge.keep' (from " + typo + ": 1)");

        Path wrongType = Files.writeString(tmp.resolve("type.conf"), "lws.prep.seq-len = long\n");
        assertOneLine(prep(input, "--conf", wrongType.toString()), "lws prep: setting " + wrongType + ": 1: seq-len");

        assertOneLine(
                prep(input, "--conf", tmp.resolve("absent.conf").toString()),
                "lws prep: --conf " + tmp.resolve("absent.conf") + ": no such file");
        Path trainTypo = Files.writeString(tmp.resolve("train.conf"), "lws.train.optimiser.lr = 1e-3\n");
        assertOneLine(
                CliTest.run(
                        "train",
                        "--data",
                        "d",
                        "--run-dir",
                        tmp.resolve("run").toString(),
                        "--max-steps",
                        "3",
                        "--conf",
                        trainTypo.toString()),
                "lws train: unknown setting 'optimiser.lr' (from " + trainTypo);
    }

    @Test
    void anUnknownTokenizerIsNamed() throws Exception {
        Path input = Files.writeString(tmp.resolve("a.txt"), "A line of text.\n");
        assertOneLine(prep(input, "--tokenizer", "gpt5"), "lws prep: unknown tokenizer 'gpt5'");
        assertFalse(Files.exists(tmp.resolve("out")), "nothing written");
    }

    @Test
    void anUnwritableOutputIsNamed() throws Exception {
        Path input = Files.writeString(tmp.resolve("a.txt"), "A line of text.\n");
        Path file = Files.writeString(tmp.resolve("occupied"), "a file, not a directory\n");
        assertOneLine(prepInto(file, input), "lws prep: --output " + file + ": cannot write there: it is a file");
        CliTest.Run under = prepInto(file.resolve("out"), input);
        assertOneLine(under, "lws prep: --output " + file.resolve("out") + ": cannot write there:");
    }

    @Test
    void aTamperedCheckpointIsRefusedByName() throws Exception {
        Path ckpt = tmp.resolve("ckpt");
        assertEquals(
                0,
                CliTest.run("init", "--profile", "vanilla-12", "--size", "tiny", "--out", ckpt.toString())
                        .exit());
        Path tokens = Files.writeString(tmp.resolve("tokens.txt"), "1 2 3 4\n");
        assertEquals(
                0,
                CliTest.run("eval", "--checkpoint", ckpt.toString(), "--tokens-file", tokens.toString())
                        .exit());

        Path model = ckpt.resolve("parameters.bin");
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(model, bytes);
        for (List<String> args : List.of(
                List.of("eval", "--tokens-file", tokens.toString()),
                List.of("export", "--out", tmp.resolve("export").toString()))) {
            String[] all = new String[args.size() + 2];
            all[0] = args.get(0);
            all[1] = "--checkpoint";
            all[2] = ckpt.toString();
            for (int i = 1; i < args.size(); i++) all[i + 2] = args.get(i);
            assertOneLine(
                    CliTest.run(all),
                    "lws " + args.get(0) + ": " + model + " was changed or damaged after the checkpoint was written");
        }
        assertFalse(Files.exists(tmp.resolve("export")), "nothing exported");
    }

    private CliTest.Run prep(Path input, String... more) {
        return prepInto(tmp.resolve("out"), input, more);
    }

    private static CliTest.Run prepInto(Path output, Path input, String... more) {
        List<String> args = new java.util.ArrayList<>(
                List.of("prep", "--master", "local[1]", "--input", input.toString(), "--output", output.toString()));
        args.addAll(List.of(more));
        return CliTest.run(args.toArray(new String[0]));
    }

    /** Exit code 2 and a single line on standard error that starts with {@code start}. */
    private static void assertOneLine(CliTest.Run r, String start) {
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(1, lines.size(), "one line: " + r.err());
        assertTrue(lines.get(0).startsWith(start), "expected '" + start + "...', got: " + lines.get(0));
    }
}
