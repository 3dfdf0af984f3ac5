package org.lwsspark.train.averaging;

import java.util.Arrays;
import java.util.Locale;

/** What the workers average at the end of each round (setting {@code lws.train.averaging-state}). */
public enum AveragedState {
    /**
     * Parameters and Adam's m and v, every round: 12 bytes per parameter each way. Every worker starts each round
     * from the same state, so a lost executor's worker resumes exactly.
     */
    ALL,
    /**
     * Parameters every round (4 bytes per parameter each way); each worker keeps its own Adam state between rounds.
     * The state is averaged too at the rounds that end at a checkpoint (and the last), so that a checkpoint holds
     * one state and a resumed run trains exactly as an uninterrupted one. A worker whose executor was lost starts
     * again from the state of the last checkpoint.
     */
    PARAMETERS;

    /** Float32 values each worker sends (and the driver broadcasts) per parameter in a round. */
    public int floatsPerParameter() {
        return this == ALL ? 3 : 1;
    }

    /** Bytes of the state a round moves each way. */
    public long bytes(long parameters) {
        return 4L * floatsPerParameter() * parameters;
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AveragedState parse(String value) {
        for (AveragedState s : values()) {
            if (s.configName().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("setting lws.train.averaging-state is \"" + value + "\"; one of "
                + Arrays.stream(values()).map(AveragedState::configName).toList());
    }
}
