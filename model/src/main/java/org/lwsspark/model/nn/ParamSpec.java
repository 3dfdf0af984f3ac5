package org.lwsspark.model.nn;

/**
 * One parameter of a layer: a {@code rows x cols} matrix (vectors are {@code 1 x cols}) inside the network's
 * flat parameter vector.
 *
 * <p>Names must not contain '_': DL4J splits gradient keys at the last underscore.
 */
record ParamSpec(String name, long rows, long cols, Init init) {

    enum Init {
        /** Truncated normal, std from the layer config, cut at 3 std (spec §1). */
        TRUNCATED_NORMAL,
        /** RMSNorm weights. */
        ONES
    }

    ParamSpec {
        if (name.contains("_")) {
            throw new IllegalArgumentException("parameter names must not contain '_': " + name);
        }
    }

    long length() {
        return rows * cols;
    }
}
