/**
 * The atomic commit of a run's staged output into the output directory, the removal of what killed runs left, and
 * what a run adds to the manifest ({@link org.lwsspark.prep.manifest.RunCounts}: every record counted by source,
 * file and outcome).
 * The manifest itself, what it records and how it is read and written, is data-format's
 * ({@link org.lwsspark.data.manifest}): the trainer reads it too.
 */
package org.lwsspark.prep.manifest;
