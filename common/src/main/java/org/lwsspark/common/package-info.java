/**
 * What every module writes the same way: {@link org.lwsspark.common.Json}, the one JSON mapper of the project's
 * files, and {@link org.lwsspark.common.Provenance}, the version, commit and build time recorded with every
 * checkpoint, training run and prep manifest. Depends on Jackson only.
 */
package org.lwsspark.common;
