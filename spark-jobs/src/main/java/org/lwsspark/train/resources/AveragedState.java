package org.lwsspark.train.resources;

/** What a round of parameter averaging moves and averages: the float32 arrays each worker sends per parameter. */
public enum AveragedState {
    /** Parameters and Adam's m and v, averaged every round: 3 floats per parameter. */
    ALL(3),
    /** Parameters only; each worker keeps its own Adam state: 1 float per parameter. */
    PARAMETERS(1);

    private final int floatsPerParameter;

    AveragedState(int floatsPerParameter) {
        this.floatsPerParameter = floatsPerParameter;
    }

    /** Float32 values moved per parameter. */
    public int floatsPerParameter() {
        return floatsPerParameter;
    }

    /** Bytes of the state a worker sends (and the driver broadcasts) per round: 4 per float. */
    public long bytes(long parameters) {
        return 4L * floatsPerParameter * parameters;
    }
}
