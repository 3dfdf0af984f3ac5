/**
 * Where runs live: a local directory, or a directory of any Hadoop file system ({@code hdfs://}, {@code s3a://},
 * {@code file://}) named by {@link org.lwsspark.run.store.RunLocation}. A run on a Hadoop file system is trained in
 * a local copy that {@link org.lwsspark.run.store.RemoteRun} publishes after each change, and read by the runs table
 * and the report through a copy of what they read ({@link org.lwsspark.run.store.RemoteRuns}). Stores that cannot
 * rename a directory atomically (object stores) get each checkpoint committed by a marker file written last, and
 * every reader ignores a checkpoint without it.
 */
package org.lwsspark.run.store;
