package org.lwsspark.prep.doc;

/**
 * The named reasons a record read from an input does not become a training document. Every record read ends
 * either kept or under exactly one of these, so the manifest's counts add up: read = kept + sum(dropped).
 * Damaged input ({@link #isDamagedInput}: the {@code read_error_} reasons, {@link #CONTENT_ENCODING_MISMATCH} and
 * {@link #EMPTY_INPUT}) is never silent: each is logged with its file and offset, the manifest lists the first ones,
 * and {@code --strict} makes them fatal.
 */
public final class DropReason {
    private DropReason() {}

    // Readers: records that are not documents.
    public static final String NAMESPACE = "namespace";
    public static final String REDIRECT = "redirect";
    public static final String CONTENT_MODEL = "content_model";
    public static final String NOT_A_DOCUMENT = "warc_not_a_document";
    public static final String NOT_HTML = "warc_not_html";
    public static final String RECORD_TOO_LARGE = "record_too_large";
    /** An HTTP payload that neither decodes as its Content-Encoding header says nor is HTML as stored. */
    public static final String CONTENT_ENCODING_MISMATCH = "content_encoding_mismatch";

    // Readers: damaged input.
    /** An input file of 0 bytes: counted once, so that a truncated upload does not pass unnoticed. */
    public static final String EMPTY_INPUT = "empty_input";
    /** A file read as a wiki dump whose content is not XML. */
    public static final String READ_ERROR_NOT_XML = "read_error_not_xml";

    public static final String READ_ERROR_TRUNCATED_GZIP = "read_error_truncated_gzip";
    public static final String READ_ERROR_CORRUPT_BZ2 = "read_error_corrupt_bz2";
    public static final String READ_ERROR_MALFORMED_XML = "read_error_malformed_xml";
    public static final String READ_ERROR_BAD_WARC = "read_error_bad_warc_record";
    public static final String READ_ERROR_MALFORMED_JSON = "read_error_malformed_json";
    public static final String READ_ERROR_IO = "read_error_io";

    // Filters.
    public static final String EMPTY = "empty";
    public static final String TOO_SHORT = "too_short";
    public static final String LANGUAGE = "language";
    public static final String EXACT_DUPLICATE = "exact_duplicate";
    public static final String NEAR_DUPLICATE = "near_duplicate";
    /** Quality reasons are this prefix plus the rule's name, e.g. {@code quality_word_count}. */
    public static final String QUALITY_PREFIX = "quality_";

    /** True for the reasons that mean damaged input rather than a filtering decision. */
    public static boolean isDamagedInput(String reason) {
        return reason != null
                && (reason.startsWith("read_error_")
                        || reason.equals(CONTENT_ENCODING_MISMATCH)
                        || reason.equals(EMPTY_INPUT));
    }
}
