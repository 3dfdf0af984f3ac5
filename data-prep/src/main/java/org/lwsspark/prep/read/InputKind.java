package org.lwsspark.prep.read;

/** The input formats prep understands; the name is the {@code source} recorded for each document. */
public enum InputKind {
    /** MediaWiki XML export (pages-articles, pages-meta-current), plain, bz2 (multistream too) or gzip. */
    WIKI,
    /** WARC with {@code response} records holding HTML (Common Crawl WARC, Heritrix, wget). */
    WARC,
    /** Common Crawl WET: {@code conversion} records of extracted text. Read by the same reader as WARC. */
    WET,
    /** One document per line. */
    TEXT,
    /** One JSON object per line with a {@code text} field (and optional {@code title}, {@code url}). */
    JSONL;

    public String source() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
