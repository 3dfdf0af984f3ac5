package org.lwsspark.prep.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lwsspark.prep.config.PrepConfig;
import org.lwsspark.prep.config.QualityConfig;

/** Each Gopher/C4 rule on a text crafted to pass every rule before it and fail that one (default thresholds). */
class QualityRulesTest {
    private static final QualityConfig Q = PrepConfig.load(null).quality();

    /** Twelve different English sentences: a text of them passes every rule. */
    private static final List<String> SENTENCES = List.of(
            "The river runs through the old city and divides it into two unequal halves.",
            "People who live there have built bridges over the water for many centuries.",
            "Each bridge has a name and a story that grandparents tell their grandchildren.",
            "In spring the water rises quickly and several lower streets are closed to traffic.",
            "Visitors arrive by train to watch the flood from the terraces of the castle.",
            "Shops along the quay open early in the season and close late in the evening.",
            "A small museum near the harbour shows maps drawn by sailors of the northern fleet.",
            "Children learn to swim in a sheltered bay where the current is weak and warm.",
            "The town council meets every Tuesday to discuss repairs of the ancient walls.",
            "Local bakers are proud of a dark bread that keeps fresh for almost a week.",
            "During the winter fog covers the valley and the ferries wait for clear skies.",
            "Historians believe that the first settlers came from the mountains to the east.");

    private static String prose() {
        return String.join("\n", SENTENCES) + "\n";
    }

    private static String check(String text) {
        return QualityRules.check(text, "en", Q);
    }

    @Test
    void proseOfDistinctSentencesPasses() {
        assertNull(check(prose()));
        assertNull(check(String.join("\n\n", SENTENCES)), "one sentence per paragraph");
    }

    @Test
    void wordCountIsBetweenTheLimits() {
        assertEquals("word_count", check(SENTENCES.get(0)));
        assertEquals("word_count", check(""));
        assertEquals("word_count", check(" \n\t "));
        QualityConfig fewWords = new QualityConfig(
                true,
                Q.minWords(),
                100,
                Q.minMeanWordLength(),
                Q.maxMeanWordLength(),
                Q.maxSymbolWordRatio(),
                Q.maxBulletLineFraction(),
                Q.maxEllipsisLineFraction(),
                Q.minAlphaWordFraction(),
                Q.minStopWords(),
                Q.minTerminalPunctLineFraction(),
                Q.maxDupLineFraction(),
                Q.maxDupParagraphFraction(),
                Q.maxTopNgramFraction(),
                Q.maxDupNgramFraction());
        assertEquals("word_count", QualityRules.check(prose(), "en", fewWords));
    }

    @Test
    void wordsAreCutAsSplitOnWhitespaceCutsThem() {
        // 50 words pass the minimum, 49 do not; leading whitespace adds an empty word, as String.split gives it
        String words49 = String.join(" ", Arrays.copyOf(prose().split("\\s+"), 49)) + ".";
        assertEquals("word_count", check(words49));
        assertNull(check("\n" + words49));
        assertEquals(
                "word_count",
                check("\u00a0\u2003" + words49.replace(" ", "\t")),
                "only ASCII whitespace separates words");
    }

    @Test
    void meanWordLengthIsBetweenTheLimits() {
        assertEquals("mean_word_length", check("a b c d e f g h i j. ".repeat(8)));
        assertEquals(
                "mean_word_length",
                check(prose().replace(" ", "-").replace("-the-", " the ").replace("-and-", " and ")));
    }

    @Test
    void wordsWithHashOrEllipsisAreSymbols() {
        // one word in five, inside the lines: "#word", "word..." or "word\u2026"
        StringBuilder b = new StringBuilder();
        for (String sentence : SENTENCES) {
            String[] words = sentence.split(" ");
            for (int i = 0; i < words.length; i++) {
                String w = i % 15 == 1
                        ? "#" + words[i]
                        : i % 15 == 6 ? words[i] + "..." : i % 15 == 11 ? words[i] + "\u2026" : words[i];
                b.append(w).append(i + 1 < words.length ? " " : "\n");
            }
        }
        assertEquals("symbol_ratio", check(b.toString()));
    }

    @Test
    void mostWordsHaveALetter() {
        assertEquals("alpha_words", check(prose().replace(" the ", " 1984 2001 ")));
    }

    @Test
    void englishNeedsStopWords() {
        String noStopWords = prose().replaceAll("(?i)\\b(the|be|to|of|and|that|have|with)\\b", "a");
        assertEquals("stop_words", check(noStopWords));
        assertNull(QualityRules.check(noStopWords, "de", Q), "the stop-word rule is for English only");
    }

    @Test
    void mostLinesMayNotBeBullets() {
        StringBuilder b = new StringBuilder();
        String[] marks = {"- ", "* ", "\u2022 ", "\u2013 "};
        for (int i = 0; i < SENTENCES.size(); i++) {
            b.append("  ").append(marks[i % 4]).append(SENTENCES.get(i)).append('\n');
        }
        assertEquals("bullet_lines", check(b.toString()));
    }

    @Test
    void fewLinesMayEndInEllipsis() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < SENTENCES.size(); i++) {
            String s = SENTENCES.get(i);
            b.append(i % 2 == 0 ? s : s.substring(0, s.length() - 1) + (i % 4 == 1 ? "..." : "\u2026"))
                    .append('\n');
        }
        assertEquals("ellipsis_lines", check(b.toString()));
    }

    @Test
    void someLinesEndInTerminalPunctuation() {
        assertEquals("terminal_punctuation", check(prose().replace(".\n", "\n")));
        assertNull(check(prose().replace(".\n", "\u201d\n")), "a closing quote is terminal");
    }

    @Test
    void fewLinesMayRepeat() {
        List<String> lines = new ArrayList<>(SENTENCES);
        for (int i = 0; i < 6; i++) lines.add(" " + SENTENCES.get(i) + "\t\r"); // equal once stripped
        assertEquals("duplicate_lines", check(String.join("\n", lines)));
    }

    @Test
    void fewParagraphsMayRepeat() {
        // two long paragraphs and a one-line paragraph three times: 2 of 13 lines repeat, but 2 of 5 paragraphs
        String first = String.join("\n", SENTENCES.subList(0, 6));
        String second = String.join("\n", SENTENCES.subList(6, 11));
        String repeated = SENTENCES.get(11);
        String text = first + "\n\n" + repeated + "\n \n" + second + "\n\t\r\n" + repeated + "\n\n\n" + repeated;
        assertEquals("duplicate_paragraphs", check(text));
    }

    @Test
    void noBigramMayCoverAFifthOfTheText() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < SENTENCES.size(); i++) {
            b.append("The grey heron ")
                    .append(SENTENCES.get(i), 0, SENTENCES.get(i).length() - 1)
                    .append(" near the grey heron.\n");
        }
        assertEquals("top_ngram", check(b.toString()));
    }

    @Test
    void repeatedLongNgramsMayNotCoverMuchOfTheText() {
        // a nine-word phrase inside four different sentences: its 2- to 4-grams stay under their limits
        String phrase = " whereupon seventeen exhausted pilgrims eventually reached Santiago cathedral yesterday ";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < SENTENCES.size(); i++) {
            String s = SENTENCES.get(i);
            b.append(i % 3 == 0 ? s.replaceFirst(" ", phrase) : s).append('\n');
        }
        assertEquals("duplicate_ngrams", check(b.toString()));
    }

    @Test
    void disabledRulesPassEverything() {
        QualityConfig off = new QualityConfig(
                false,
                Q.minWords(),
                Q.maxWords(),
                Q.minMeanWordLength(),
                Q.maxMeanWordLength(),
                Q.maxSymbolWordRatio(),
                Q.maxBulletLineFraction(),
                Q.maxEllipsisLineFraction(),
                Q.minAlphaWordFraction(),
                Q.minStopWords(),
                Q.minTerminalPunctLineFraction(),
                Q.maxDupLineFraction(),
                Q.maxDupParagraphFraction(),
                Q.maxTopNgramFraction(),
                Q.maxDupNgramFraction());
        assertNull(QualityRules.check("", "en", off));
    }
}
