/**
 * Readers: find the inputs (files, directories, globs on any Hadoop file system), detect each one's format and turn
 * it into {@link org.lwsspark.prep.doc.Doc} records in parallel on Spark. MediaWiki XML dumps are split into many tasks
 * at bz2 block boundaries through Hadoop's splittable codec; WARC/WET files are read with jwarc, one task per file;
 * text and JSONL are split by lines. Damaged input becomes a dropped record with a {@code read_error_*} reason,
 * never an exception, unless the run is strict.
 */
package org.lwsspark.prep.read;
