/**
 * The trainer's output contract, readable without Spark or DL4J: a run directory ({@link
 * org.lwsspark.run.RunDirectory}: {@code run.json}, {@code metrics/}, {@code checkpoints/step-N/}), the run record
 * ({@link org.lwsspark.run.RunInfo}, with its plan and resource plan in JSON form), where a run stands
 * ({@link org.lwsspark.run.TrainerState}) and what a resume may change ({@link org.lwsspark.run.ResumePolicy}).
 * {@code ./lws report}, notebooks and the trainer all read and write runs through this package.
 */
package org.lwsspark.run;
