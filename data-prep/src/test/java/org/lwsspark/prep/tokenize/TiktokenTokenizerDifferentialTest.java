package org.lwsspark.prep.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.lwsspark.prep.Fixtures;
import org.lwsspark.prep.config.PrepConfig;
import org.lwsspark.prep.doc.Doc;
import org.lwsspark.prep.read.WarcFiles;
import org.lwsspark.prep.read.WikiReadHelper;

/**
 * {@link TiktokenTokenizer} (hand-written pre-tokenizer plus piece cache) against jtokkit's own
 * {@code encodeOrdinary} on the whole text: the ids must be identical for every input. The pre-tokenizer's pieces
 * are also compared with the matches of r50k_base's regex: on random strings, and in every failure message.
 */
class TiktokenTokenizerDifferentialTest {
    private static final Encoding JTOKKIT =
            Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
    /** r50k_base's pattern and flags as jtokkit 1.1.0 compiles them (EncodingFactory.from50kParameters). */
    private static final Pattern R50K_REGEX = Pattern.compile(
            "'(?:[sdmt]|ll|ve|re)| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    /** Atoms of random text, repeated to weigh them: mostly ASCII words and spaces, then every kind of trap. */
    private static final String[] ATOMS = {
        "a",
        "b",
        "e",
        "t",
        "s",
        "d",
        "l",
        "m",
        "r",
        "v",
        "A",
        "S",
        "T",
        "L",
        "Z",
        " ",
        " ",
        " ",
        " ",
        " ",
        "\n",
        "\t",
        "\r",
        "'",
        "'",
        "'s",
        "'S",
        "'ll",
        "'re",
        "'t",
        "'ve",
        "'LL",
        "0",
        "7",
        "42",
        ".",
        ",",
        "!",
        "-",
        "\"",
        "(",
        ")",
        "$",
        "<",
        "|",
        "\u00e9",
        "\u00fc",
        "\u00df",
        "\u00c9",
        "\u65e5",
        "\u672c",
        "\u8a9e",
        "\ud83d\udc4b",
        "\ud83c\udf89",
        "\ud835\udc00",
        "\u0301",
        "\u0308",
        "\u00a0",
        "\u3000",
        "\u2028",
        "\u0085",
        "\u000b",
        "\u001c",
        "\u2007",
        "\u200b",
        "\u0663",
        "\uff11",
        "\u2167",
        "\u00bd",
        "\u02b0",
        "\u01c5",
        "\ud800",
        "\udc00",
        "\u0915",
        "\u094d"
    };

    private final TiktokenTokenizer tokenizer = new TiktokenTokenizer(64);

    @Test
    void characterClassesEqualTheRegexForEveryCodePoint() {
        Matcher letter =
                Pattern.compile("\\p{L}", Pattern.UNICODE_CHARACTER_CLASS).matcher("");
        Matcher number =
                Pattern.compile("\\p{N}", Pattern.UNICODE_CHARACTER_CLASS).matcher("");
        Matcher space = Pattern.compile("\\s", Pattern.UNICODE_CHARACTER_CLASS).matcher("");
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            String s = Character.toString(cp);
            int expected = letter.reset(s).matches()
                    ? Gpt2PreTokenizer.LETTER
                    : number.reset(s).matches()
                            ? Gpt2PreTokenizer.NUMBER
                            : space.reset(s).matches() ? Gpt2PreTokenizer.WHITESPACE : Gpt2PreTokenizer.OTHER;
            if (Gpt2PreTokenizer.classOfCodePoint(cp) != expected) {
                fail(String.format(
                        "U+%04X: class %d, the regex says %d", cp, Gpt2PreTokenizer.classOfCodePoint(cp), expected));
            }
        }
    }

    @Test
    void craftedEdgeCases() {
        List<String> cases = List.of(
                "",
                " ",
                "  ",
                "\n",
                "\t",
                "a",
                "'",
                "''",
                "'s",
                // contractions: lower case only, and only where a piece starts
                "'S",
                "'s",
                "'t",
                "'T",
                "'re",
                "'RE",
                "'Re",
                "'ve",
                "'VE",
                "'m",
                "'M",
                "'ll",
                "'LL",
                "'Ll",
                "'d",
                "'D",
                "don't",
                "DON'T",
                "I'm",
                "I'M",
                "we'll",
                "WE'LL",
                "you're",
                "they've",
                "he'd",
                "it's",
                "IT'S",
                "rock'n'roll",
                "'square",
                "'llama",
                "'reve",
                "x''s",
                "x.'s",
                "x 's",
                "x  's",
                "x\n's",
                "1's",
                "'s'",
                "''ll",
                "' s",
                "'",
                "a'",
                "a''",
                "'\u00e9",
                "'\u0301s",
                // runs of whitespace before words, numbers, punctuation and the end of the text
                "a b",
                "a  b",
                "a   b",
                "a\tb",
                "a \tb",
                "a\t b",
                "a\t\tb",
                "a\n\nb",
                "a \n b",
                "a\n \nb",
                "a  1",
                "a \t1",
                "a   !",
                "a\t!",
                "a \n!",
                "a ",
                "a  ",
                "a \t",
                "a\t ",
                " a",
                "  a",
                "\ta",
                " \ta",
                "\t a",
                "   ",
                "\n\n\n",
                " \n",
                "\n ",
                "x  \u00e9",
                "x \u00a0y",
                "x\u00a0 y",
                "x\u00a0\u00a0y",
                "x  \u3000y",
                "\u3000\u3000",
                " \u3000",
                "\u00a0a",
                " \u00a0",
                "x\u2028y",
                "x\u0085y",
                "x\u000by\u000cz\rw",
                "x\u001cy\u001f",
                "x\u2007y",
                "x\u202fy",
                "x\u200by",
                "x\u180ey",
                "x\u1680y",
                "x\r\ny",
                "x \r\n y",
                "  leading",
                "trailing  ",
                "\t\tboth\n\n",
                // letters, numbers and others of other scripts; marks are not letters
                "\u65e5\u672c\u8a9e",
                " \u65e5\u672c",
                "caf\u00e9",
                "cafe\u0301",
                "e\u0301\u0301",
                " \u0301",
                "\u0301abc",
                "na\u00efve",
                "\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac",
                "\u0661\u0662\u0663",
                " \u0663\u0664",
                "\uff11\uff12",
                "\u2167 \u2168",
                "\u00bd \u00bc",
                "x\u00b2",
                "\u02b0\u01c5",
                "\u0928\u092e\u0938\u094d\u0924\u0947",
                "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
                // surrogate pairs (code points above U+FFFF) and lone surrogates
                "\ud83d\udc4b",
                " \ud83d\udc4b",
                "hi\ud83d\udc4b\ud83c\udf89!",
                "\ud835\udc00\ud835\udc01",
                " \ud835\udc00",
                "\ud800\udf00",
                "x \ud83d\ude00 y",
                "\ud800",
                "\udc00",
                "a\ud800b",
                "a\udc00b",
                " \ud800",
                "\udc00\ud800",
                "\ud83d",
                "x\ud83d",
                "\ud83d\ud83d\udc4b",
                "1\ud835\udfce2",
                // numbers and symbols
                "12345678901234567890",
                " 3.14",
                "1,000",
                "$100",
                "--",
                " --",
                "...",
                "!!!",
                "a.b",
                "<|endoftext|>",
                "x".repeat(PieceCache.MAX_PIECE_CHARS),
                "x".repeat(PieceCache.MAX_PIECE_CHARS + 1),
                " ".repeat(PieceCache.MAX_PIECE_CHARS + 5) + "y",
                "\u65e5".repeat(PieceCache.MAX_PIECE_CHARS),
                "Anarchism is a political philosophy.\n\n== History ==\n* [[Anarchy]] {{cite|year=2015}}");
        for (String text : cases) assertSameIds(text, "edge case");
        for (String text : cases) {
            if (!hasLoneSurrogate(text)) assertEquals(text, tokenizer.decode(tokenizer.encode(text)), "round trip");
        }
    }

    /**
     * {@link BytePairMerger} alone, without the cache in front: every piece of every token's text (the merges of
     * each token, and of its neighbours in rank), and runs of one char of every length it takes, where pairs of
     * equal rank overlap and the leftmost must merge first.
     */
    @Test
    void mergerAloneOnThePiecesOfEveryTokenAndOnRuns() {
        BytePairMerger merger = new BytePairMerger(JTOKKIT, 50256);
        List<String> texts = new ArrayList<>();
        for (int id = 0; id < 50256; id++) {
            IntArrayList one = new IntArrayList(1);
            one.add(id);
            texts.add(JTOKKIT.decode(one));
        }
        for (String c : List.of("a", "e", "0", "!", "-", "=", "\u00e9", "\u65e5", "\ud83d\udc4b")) {
            for (int n = 1; n * c.length() <= PieceCache.MAX_PIECE_CHARS; n++) texts.add(c.repeat(n));
        }
        int pieces = 0;
        for (String text : texts) {
            for (int start = 0, end; start < text.length(); start = end) {
                end = Gpt2PreTokenizer.pieceEnd(text, start);
                if (end - start > PieceCache.MAX_PIECE_CHARS) continue;
                String piece = text.substring(start, end);
                assertArrayEquals(
                        JTOKKIT.encodeOrdinary(piece).toArray(),
                        merger.encode(text, start, end),
                        () -> "piece '" + escape(piece, 40) + "'");
                pieces++;
            }
        }
        assertTrue(pieces > 50_000, pieces + " pieces");
    }

    @Test
    void fixtureTexts() throws Exception {
        Path root = Fixtures.get("text");
        int files = 0;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.filter(Files::isRegularFile).sorted().toList()) {
                String text = Files.readString(p, StandardCharsets.UTF_8);
                assertSameIds(text, p.toString());
                text.lines().forEach(line -> assertSameIds(line, p + " (line)")); // fresh starts, some cache hits
                files++;
            }
        }
        assertTrue(files > 0, "no files under " + root);
    }

    /** The text of every wiki and WARC document of the fixtures, and the raw XML of every wiki page. */
    @Test
    void fixtureWikiAndWarcDocuments() throws Exception {
        List<Doc> docs = new ArrayList<>();
        PrepConfig cfg = PrepConfig.load(null);
        int pages = 0;
        for (Path p : fixtureFiles("wiki")) {
            docs.addAll(WikiReadHelper.docs(p, 1L << 26, cfg));
            for (String pageXml : WikiReadHelper.raw(p, 1L << 26).values()) {
                assertSameIds(pageXml, p + " (page XML)");
                pages++;
            }
        }
        for (Path p : fixtureFiles("warc")) docs.addAll(WarcFiles.read(p, 64 << 20));
        int texts = 0;
        for (Doc d : docs) {
            if (d.text() == null) continue; // dropped while reading
            assertSameIds(d.text(), d.file() + " @" + d.offset() + " " + d.title());
            if (!hasLoneSurrogate(d.text())) {
                assertEquals(d.text(), tokenizer.decode(tokenizer.encode(d.text())), "round trip of " + d.file());
            }
            texts++;
        }
        assertTrue(pages > 500 && texts > 40, "only " + pages + " wiki pages and " + texts + " documents with text");
    }

    @Test
    void randomStrings() {
        Random random = new Random(20240601L);
        for (int i = 0; i < 100_000; i++) {
            String text = randomText(random);
            String pieceDifference = firstPieceDifference(text);
            if (pieceDifference != null) {
                fail("random string #" + i + ": " + pieceDifference + " in " + escape(text, 200));
            }
            assertSameIds(text, "random string #" + i);
        }
    }

    @Test
    void threadsSharingTheCacheGetTheSameIds() throws Exception {
        List<String> texts = new ArrayList<>();
        Random random = new Random(7L);
        for (int i = 0; i < 4_000; i++) texts.add(randomText(random));
        List<int[]> expected =
                texts.stream().map(t -> JTOKKIT.encodeOrdinary(t).toArray()).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> mismatches = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                mismatches.add(pool.submit(() -> {
                    int bad = 0;
                    for (int i = 0; i < texts.size(); i++) {
                        if (!Arrays.equals(expected.get(i), tokenizer.encode(texts.get(i)))) bad++;
                    }
                    return bad;
                }));
            }
            for (Future<Integer> m : mismatches) assertEquals(0, m.get());
        } finally {
            pool.shutdown();
        }
    }

    private static String randomText(Random random) {
        int atoms = random.nextInt(24);
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < atoms; j++) sb.append(ATOMS[random.nextInt(ATOMS.length)]);
        return sb.toString();
    }

    private void assertSameIds(String text, String what) {
        int[] expected = JTOKKIT.encodeOrdinary(text).toArray();
        int[] actual = tokenizer.encode(text);
        if (Arrays.equals(expected, actual)) return;
        fail(what + ": ids differ from jtokkit's at index " + Arrays.mismatch(expected, actual) + "; pieces: "
                + Objects.requireNonNullElse(firstPieceDifference(text), "as the regex's") + "; text: "
                + escape(text, 200));
    }

    /** The first piece where the pre-tokenizer and the regex disagree, or null when all pieces are the same. */
    private static String firstPieceDifference(String text) {
        Matcher m = R50K_REGEX.matcher(text);
        int start = 0;
        while (m.find()) {
            int end = Gpt2PreTokenizer.pieceEnd(text, start);
            if (m.start() != start || m.end() != end) {
                return "regex [" + m.start() + ", " + m.end() + ") '" + escape(m.group(), 40) + "', scanner [" + start
                        + ", " + end + ") '" + escape(text.substring(start, end), 40) + "'";
            }
            start = end;
        }
        return start == text.length() ? null : "the regex finds no piece from " + start;
    }

    private static String escape(String s, int max) {
        StringBuilder sb = new StringBuilder();
        s.codePoints()
                .limit(max)
                .forEach(cp ->
                        sb.append(cp >= 0x20 && cp < 0x7f ? Character.toString(cp) : String.format("\\u{%04X}", cp)));
        return sb.toString();
    }

    private static boolean hasLoneSurrogate(String s) {
        return s.codePoints().anyMatch(cp -> Character.getType(cp) == Character.SURROGATE);
    }

    private static List<Path> fixtureFiles(String dir) throws Exception {
        try (Stream<Path> paths = Files.walk(Fixtures.get(dir))) {
            return paths.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
