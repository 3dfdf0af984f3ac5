/**
 * Prep's settings ({@code lws.prep} in {@code conf/prep.conf}): reading, filters, deduplication and packing, as
 * immutable records that every stage of the job takes.
 */
package org.lwsspark.prep.config;
