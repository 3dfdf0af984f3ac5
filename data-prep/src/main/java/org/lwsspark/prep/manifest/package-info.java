/**
 * The atomic commit of a run's staged output into the output directory, and the removal of what killed runs left.
 * The manifest itself, what it records and how it is read and written, is data-format's
 * ({@link org.lwsspark.data.manifest}): the trainer reads it too.
 */
package org.lwsspark.prep.manifest;
