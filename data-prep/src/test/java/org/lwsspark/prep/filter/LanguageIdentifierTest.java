package org.lwsspark.prep.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lwsspark.prep.Fixtures;

/** The Tatoeba gold set (462 sentences, 84 languages): English vs not, with the production settings. */
class LanguageIdentifierTest {
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
            boolean predicted = LanguageIdentifier.identify(f[3], 0.5, 4000).equals("en");
            total++;
            if (gold == predicted) correct++;
            if (gold) english++;
            if (gold && predicted) englishFound++;
            if (!gold && predicted) falseEnglish++;
        }
        double accuracy = correct / (double) total;
        System.out.printf("language ID on Tatoeba: %d/%d correct (%.2f%%), English found %d/%d, false English %d%n",
                correct, total, 100 * accuracy, englishFound, english, falseEnglish);
        assertEquals(462, total);
        assertTrue(accuracy >= 0.98, "accuracy " + accuracy);
        // The set has only 6 English sentences: "always not English" would score 98.7%, so recall is asserted too.
        assertEquals(english, englishFound, "every English sentence recognised");
        assertTrue(falseEnglish <= 2, "false English: " + falseEnglish);
    }
}
