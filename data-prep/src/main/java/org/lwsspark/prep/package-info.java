/**
 * Data preparation: turns Wikipedia XML dumps, Common Crawl WARC/WET files and plain text/JSONL into cleaned,
 * filtered, deduplicated, tokenized and packed Parquet shards plus a {@code manifest.json}: the format of data-format
 * ({@link org.lwsspark.data}), which the trainer trusts only after {@link org.lwsspark.data.ShardGuard} has checked
 * it. Entry point: {@link org.lwsspark.prep.PrepPipeline}, the Spark job ({@code ./lws prep} is its command line,
 * in cli).
 */
package org.lwsspark.prep;
