package org.lwsspark.prep.config;

import java.io.Serializable;
import java.util.List;

/** Which languages to keep (empty: all), how sure the detector must be, and how much text it looks at. */
public record LanguageConfig(List<String> keep, double minProbability, int sampleChars) implements Serializable {
    public LanguageConfig {
        keep = List.copyOf(keep);
    }

    /** True when the document's language code passes (an empty keep list passes everything). */
    public boolean keeps(String lang) {
        return keep.isEmpty() || keep.contains(lang);
    }
}
