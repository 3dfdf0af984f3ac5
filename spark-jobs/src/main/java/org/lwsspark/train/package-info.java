/**
 * The Spark trainer: one LWS profile trained as one Spark application. {@link org.lwsspark.train.TrainConfig} holds
 * the settings ({@code conf/train.conf}), {@link org.lwsspark.train.TrainPlan} resolves them against the data and
 * the cluster, {@link org.lwsspark.train.TrainApplication} checks everything before Spark starts, and
 * {@link org.lwsspark.train.StartPoint} starts the run or resumes it from its newest checkpoint. {@link
 * org.lwsspark.train.Trainer} is the loop: rounds of data-parallel steps, between which the driver logs, evaluates
 * and checkpoints. The run is written in run-format's layout ({@link org.lwsspark.run}), its record by {@link
 * org.lwsspark.train.RunRecord}.
 */
package org.lwsspark.train;
