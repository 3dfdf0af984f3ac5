package org.lwsspark.train;

import org.apache.spark.api.java.JavaSparkContext;

/** Spark contexts for tests: local mode with the training application's settings, no UI. */
public final class SparkTestSessions {

    private SparkTestSessions() {}

    public static JavaSparkContext local(int cores) {
        return new JavaSparkContext(SparkSettings.forTraining("lws train test", "local[" + cores + "]")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1"));
    }
}
