package org.lwsspark.prep.doc;

import java.io.Serializable;

/**
 * One record on its way through the pipeline: read, cleaned, filtered, deduplicated and tokenized. A record that is
 * dropped keeps flowing with its {@code dropReason} set (and its text cleared) so that every record read is counted
 * exactly once in the manifest.
 *
 * @param source    the kind of input: wiki, warc, wet, text or jsonl
 * @param file      the input file it came from
 * @param offset    byte offset of the record in that file (compressed offset or bz2 block for compressed inputs)
 * @param title     page title (wiki) or empty
 * @param url       target URI (web) or empty
 * @param text      wikitext before cleaning, plain text after
 * @param wikitext  true while {@code text} still holds wiki markup
 * @param lang      ISO 639-1 code from language identification ("und" when unsure), null before it ran
 * @param dropReason null while kept, else a {@link DropReason}
 * @param detail    why, for read errors: the message naming file and offset
 * @param hash      the normalised-text hash (the document id), 0 before it was computed
 * @param bands     MinHash LSH band hashes, null when near-dedup is off
 * @param tokens    token ids (without the EOS that packing appends), null before tokenizing
 */
public record Doc(
        String source,
        String file,
        long offset,
        String title,
        String url,
        String text,
        boolean wikitext,
        String lang,
        String dropReason,
        String detail,
        long hash,
        long[] bands,
        int[] tokens)
        implements Serializable {

    /** A record read as a document candidate. */
    public static Doc read(
            String source, String file, long offset, String title, String url, String text, boolean wikitext) {
        return new Doc(
                source,
                file,
                offset,
                title == null ? "" : title,
                url == null ? "" : url,
                text,
                wikitext,
                null,
                null,
                null,
                0L,
                null,
                null);
    }

    /** A record that the reader already knows is not a document (or is damaged). */
    public static Doc dropped(String source, String file, long offset, String title, String reason, String detail) {
        return new Doc(
                source,
                file,
                offset,
                title == null ? "" : title,
                "",
                null,
                false,
                null,
                reason,
                detail,
                0L,
                null,
                null);
    }

    public boolean kept() {
        return dropReason == null;
    }

    /** The document id: the normalised-text hash as 16 hex digits. */
    public String docId() {
        return String.format("%016x", hash);
    }

    public Doc drop(String reason) {
        return new Doc(source, file, offset, title, url, null, false, lang, reason, detail, hash, null, null);
    }

    public Doc withText(String t, boolean isWikitext) {
        return new Doc(source, file, offset, title, url, t, isWikitext, lang, dropReason, detail, hash, bands, tokens);
    }

    public Doc withLang(String l) {
        return new Doc(source, file, offset, title, url, text, wikitext, l, dropReason, detail, hash, bands, tokens);
    }

    public Doc withHash(long h, long[] b) {
        return new Doc(source, file, offset, title, url, text, wikitext, lang, dropReason, detail, h, b, tokens);
    }

    public Doc withTokens(int[] t) {
        return new Doc(source, file, offset, title, url, text, wikitext, lang, dropReason, detail, hash, bands, t);
    }
}
