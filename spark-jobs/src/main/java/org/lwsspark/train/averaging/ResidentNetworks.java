package org.lwsspark.train.averaging;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The networks an executor JVM keeps between rounds, one per task that ran at once, so that a round costs its
 * steps and the copying of the state in and out, not the building of a network. Spark-DL4J built a network per
 * task and per evaluation, with a random initialisation (one Gaussian at a time) that was overwritten right
 * after: 78% of the Java samples of a paper-size round.
 *
 * <p>A network is built from the parameters of its first round, never randomly initialised. It remembers which
 * worker's optimizer state it holds and of which version (see {@link AveragedState#PARAMETERS}), so that a task
 * reloads the state only when it must. Networks of another run (an earlier application's run in a reused JVM)
 * are dropped.
 */
final class ResidentNetworks {

    private static final Logger LOG = LoggerFactory.getLogger(ResidentNetworks.class);

    /** Idle networks by run. */
    private static final Map<String, Deque<Resident>> IDLE = new HashMap<>();

    /** A network and whose optimizer state it holds. */
    static final class Resident {
        final ComputationGraph network;
        int worker = -1;
        long stateVersion = -1;

        private Resident(ComputationGraph network) {
            this.network = network;
        }

        boolean holdsStateOf(int worker, long version) {
            return this.worker == worker && this.stateVersion == version;
        }

        void holdState(int worker, long version) {
            this.worker = worker;
            this.stateVersion = version;
        }
    }

    private ResidentNetworks() {}

    /**
     * An idle network of {@code run}, the one holding {@code worker}'s state if there is one, else a new one built
     * from {@code configurationJson} with a copy of {@code parameters} as its parameters.
     */
    static Resident take(String run, int worker, String configurationJson, FlatVector parameters) {
        synchronized (IDLE) {
            IDLE.keySet().removeIf(other -> !other.equals(run));
            Deque<Resident> idle = IDLE.computeIfAbsent(run, r -> new ArrayDeque<>());
            for (Iterator<Resident> it = idle.iterator(); it.hasNext(); ) {
                Resident r = it.next();
                if (r.worker == worker) {
                    it.remove();
                    return r;
                }
            }
            if (!idle.isEmpty()) {
                return idle.pop();
            }
        }
        long t0 = System.nanoTime();
        ComputationGraph network = new ComputationGraph(ComputationGraphConfiguration.fromJson(configurationJson));
        // A parameter array given to init() is taken as it is: no random initialisation.
        network.init(parameters.values().dup().reshape(1, parameters.length()), false);
        network.getUpdater(true);
        LOG.info(
                "built a resident network of {} parameters in {} s",
                network.numParams(),
                String.format("%.1f", (System.nanoTime() - t0) / 1e9));
        return new Resident(network);
    }

    static void give(String run, Resident resident) {
        synchronized (IDLE) {
            IDLE.computeIfAbsent(run, r -> new ArrayDeque<>()).push(resident);
        }
    }
}
