package org.lwsspark.prep.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lwsspark.prep.Fixtures;
import org.lwsspark.prep.config.LanguageConfig;
import org.lwsspark.prep.config.PrepConfig;

/**
 * The Tatoeba gold set (462 sentences, 84 languages): English vs not, with the production settings; what the
 * detector is given of a text.
 */
class LanguageIdentifierTest {
    private static final String GERMAN = "Der Fluss fließt durch die alte Stadt, und die Menschen, die dort leben, "
            + "haben seit Jahrhunderten Brücken darüber gebaut. Jede Brücke hat einen Namen und eine Geschichte. ";
    private static final String ENGLISH = "The river runs through the old city, and the people who live there have "
            + "built bridges over it for centuries. Each bridge has a name and a story. ";
    private static final String RUSSIAN = "Река течёт через старый город, и люди, которые там живут, веками строили "
            + "через неё мосты. У каждого моста есть имя и своя история. ";

    /** The shipped settings (conf/prep.conf): the accuracy asserted here is the accuracy users get. */
    private static final LanguageConfig DEFAULTS = PrepConfig.load(null).language();

    private static String identify(String text) {
        return LanguageIdentifier.identify(text, DEFAULTS.minProbability(), DEFAULTS.sampleChars());
    }

    @Test
    void blankTextIsUndetermined() {
        assertEquals(LanguageIdentifier.UNDETERMINED, identify(" \n\t"));
        assertEquals(LanguageIdentifier.UNDETERMINED, identify("12 345 -- 67.89 !!"));
    }

    @Test
    void urlsAndEmailAddressesAreNotText() {
        // counted as text, the English words in these would make the first English and the second undetermined
        String url = " https://www.the-best-english-words.com/the/and/with/that?have=the#of";
        String mail = " the.english.team@the-english-website.com";
        assertEquals("de", identify((GERMAN + url.repeat(3)).repeat(2)));
        assertEquals("de", LanguageIdentifier.identify((GERMAN + mail.repeat(4)).repeat(2), 0.9, 4000));
    }

    @Test
    void textMixingScriptsIsIdentifiedByItsMainScript() {
        assertEquals("en", identify(ENGLISH + "Moscow (Москва) " + ENGLISH + "Athens (Αθήνα). " + ENGLISH));
        assertEquals("ru", identify(RUSSIAN + "Microsoft Windows, Apple iPhone. " + RUSSIAN));
    }

    @Test
    void onlyTheSampleIsRead() {
        String text = ENGLISH.repeat(3) + GERMAN.repeat(30);
        assertEquals("en", LanguageIdentifier.identify(text, 0.5, ENGLISH.length() * 3));
        assertEquals("de", identify(text));
    }

    @Test
    void englishVersusNotAccuracyOnTatoebaIsAtLeast98Percent() throws Exception {
        List<String> lines = Files.readAllLines(Fixtures.get("text/cld2-tatoeba_long.txt"));
        int correct = 0;
        int total = 0;
        int english = 0;
        int englishFound = 0;
        int falseEnglish = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            if (f.length < 4) continue;
            boolean gold = f[2].equals("eng");
            boolean predicted = identify(f[3]).equals("en");
            total++;
            if (gold == predicted) correct++;
            if (gold) english++;
            if (gold && predicted) englishFound++;
            if (!gold && predicted) falseEnglish++;
        }
        double accuracy = correct / (double) total;
        System.out.printf(
                "language ID on Tatoeba: %d/%d correct (%.2f%%), English found %d/%d, false English %d%n",
                correct, total, 100 * accuracy, englishFound, english, falseEnglish);
        assertEquals(462, total);
        assertTrue(accuracy >= 0.98, "accuracy " + accuracy);
        // The set has only 6 English sentences: "always not English" would score 98.7%, so recall is asserted too.
        assertEquals(english, englishFound, "every English sentence recognised");
        assertTrue(falseEnglish <= 2, "false English: " + falseEnglish);
    }
}
