package org.lwsspark.run;

/**
 * What a checkpoint holds besides the model: where the run is. With the run's settings it fixes everything that
 * comes next, the data included (the trainer's epoch order is a function of the seed).
 *
 * @param step        optimizer steps taken
 * @param tokensSeen  training tokens consumed (step x tokens per step)
 * @param epoch       the epoch of the data order the next step reads from
 * @param stepInEpoch steps of that epoch already taken
 * @param seed        the seed of the weights' initialisation and of the data order
 * @param wallSeconds training wall time so far, over every attempt of the run
 */
public record TrainerState(long step, long tokensSeen, int epoch, long stepInEpoch, long seed, double wallSeconds) {

    public static final String FILE_NAME = "trainer-state.json";

    public static TrainerState start(long seed) {
        return new TrainerState(0, 0, 0, 0, seed, 0);
    }

    /** The state after {@code steps} more steps, rolling over to the next epoch at its end. */
    public TrainerState advance(int steps, long tokensPerStep, long stepsPerEpoch, double wallSecondsNow) {
        long inEpoch = stepInEpoch + steps;
        int nextEpoch = epoch;
        if (inEpoch == stepsPerEpoch) {
            inEpoch = 0;
            nextEpoch++;
        }
        return new TrainerState(
                step + steps, tokensSeen + steps * tokensPerStep, nextEpoch, inEpoch, seed, wallSecondsNow);
    }
}
