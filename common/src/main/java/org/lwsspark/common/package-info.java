/**
 * What every module does the same way: {@link org.lwsspark.common.Json}, the one JSON mapper of the project's files;
 * {@link org.lwsspark.common.Provenance}, the version, commit and build time recorded with every checkpoint, training
 * run and prep manifest; {@link org.lwsspark.common.Settings}, HOCON defaults, {@code --conf} files and overrides;
 * {@link org.lwsspark.common.Sha256} and {@link org.lwsspark.common.Causes}. Depends on Jackson and Typesafe Config
 * only.
 */
package org.lwsspark.common;
