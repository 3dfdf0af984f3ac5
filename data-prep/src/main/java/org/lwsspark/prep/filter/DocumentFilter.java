package org.lwsspark.prep.filter;

import org.lwsspark.prep.clean.TextNormalizer;
import org.lwsspark.prep.clean.WikitextCleaner;
import org.lwsspark.prep.config.LanguageConfig;
import org.lwsspark.prep.config.PrepConfig;
import org.lwsspark.prep.doc.Doc;
import org.lwsspark.prep.doc.DropReason;

/**
 * The per-document part of the pipeline, applied on the executors: clean (wikitext to text), normalise, then the
 * filters in order (empty, length, language, quality); a document that passes gets its dedup hash and MinHash
 * bands. Deduplication across documents happens afterwards on Spark.
 */
public final class DocumentFilter {
    private DocumentFilter() {}

    /** Wikitext longer than this many times the language sample is first identified on a cleaned prefix. */
    private static final int PREFIX_FACTOR = 4;

    public static Doc apply(Doc d, PrepConfig cfg) {
        if (!d.kept()) return d;
        LanguageConfig lc = cfg.language();
        String prefixLang = null;
        if (d.wikitext() && !lc.keep().isEmpty() && d.text().length() > PREFIX_FACTOR * lc.sampleChars()) {
            // Cleaning is the costliest step and most pages of a multilingual input are dropped for their language:
            // identify it on a cleaned prefix first and clean the whole page only when the language is kept.
            String prefix = WikitextCleaner.clean(d.text().substring(0, PREFIX_FACTOR * lc.sampleChars()));
            if (prefix.length() >= cfg.minChars()) {
                prefixLang = LanguageIdentifier.identify(prefix, lc.minProbability(), lc.sampleChars());
                if (!lc.keeps(prefixLang))
                    return d.withText(prefix, false).withLang(prefixLang).drop(DropReason.LANGUAGE);
            }
        }
        String text = d.wikitext() ? WikitextCleaner.clean(d.text()) : TextNormalizer.normalize(d.text());
        Doc doc = d.withText(text, false);
        if (text.isEmpty()) return doc.drop(DropReason.EMPTY);
        if (text.length() < cfg.minChars()) return doc.drop(DropReason.TOO_SHORT);
        String lang = prefixLang != null
                ? prefixLang
                : LanguageIdentifier.identify(text, lc.minProbability(), lc.sampleChars());
        doc = doc.withLang(lang);
        if (!lc.keeps(lang)) return doc.drop(DropReason.LANGUAGE);
        String failed = QualityRules.check(text, lang, cfg.quality());
        if (failed != null) return doc.drop(DropReason.QUALITY_PREFIX + failed);
        long hash = MinHash.dedupHash(text);
        long[] bands = cfg.dedup().near() ? MinHash.bands(text, cfg.dedup()) : null;
        return doc.withHash(hash, bands);
    }
}
