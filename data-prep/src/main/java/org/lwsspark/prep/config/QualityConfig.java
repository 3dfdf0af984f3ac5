package org.lwsspark.prep.config;

import java.io.Serializable;
import java.util.List;

/** Thresholds of the Gopher/C4 quality rules (see conf/prep.conf for each one's meaning). */
public record QualityConfig(
        boolean enabled,
        int minWords,
        int maxWords,
        double minMeanWordLength,
        double maxMeanWordLength,
        double maxSymbolWordRatio,
        double maxBulletLineFraction,
        double maxEllipsisLineFraction,
        double minAlphaWordFraction,
        int minStopWords,
        double minTerminalPunctLineFraction,
        double maxDupLineFraction,
        double maxDupParagraphFraction,
        List<Double> maxTopNgramFraction,
        List<Double> maxDupNgramFraction)
        implements Serializable {
    public QualityConfig {
        maxTopNgramFraction = List.copyOf(maxTopNgramFraction);
        maxDupNgramFraction = List.copyOf(maxDupNgramFraction);
    }
}
