package org.lwsspark.model.optim;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * The state (first and second moments, one half of the state view each, as DL4J's Adam lays them out, so that
 * parameter averaging averages them alike) and the step of {@link AdamW}.
 *
 * <p>The step reuses ND4J's fused native Adam op, which computes
 * {@code lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + e)}. Given {@code e = eps * sqrt(1 - b2^t)} that is
 * {@code lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}: PyTorch's update, in one pass over the state.
 */
final class AdamWUpdater implements GradientUpdater<AdamW> {

    static final String M_STATE = "M";
    static final String V_STATE = "V";

    private final AdamW config;
    private INDArray m;
    private INDArray v;

    AdamWUpdater(AdamW config) {
        this.config = config;
    }

    @Override
    public AdamW getConfig() {
        return config;
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        if (stateMap.size() != 2 || !stateMap.containsKey(M_STATE) || !stateMap.containsKey(V_STATE)) {
            throw new IllegalStateException(
                    "AdamW state holds exactly " + M_STATE + " and " + V_STATE + ", not " + stateMap.keySet());
        }
        m = stateMap.get(M_STATE);
        v = stateMap.get(V_STATE);
        if (initialize) {
            m.assign(0);
            v.assign(0);
        }
    }

    @Override
    public Map<String, INDArray> getState() {
        Map<String, INDArray> state = new HashMap<>();
        state.put(M_STATE, m);
        state.put(V_STATE, v);
        return state;
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (initialize) {
            viewArray.assign(0);
        }
        INDArray flat = viewArray.reshape(viewArray.length());
        long half = flat.length() / 2;
        m = Shape.newShapeNoCopy(flat.get(NDArrayIndex.interval(0, half)), gradientShape, gradientOrder == 'f');
        v = Shape.newShapeNoCopy(
                flat.get(NDArrayIndex.interval(half, flat.length())), gradientShape, gradientOrder == 'f');
        if (m == null || v == null) {
            throw new IllegalStateException("cannot view the AdamW state as the gradient's shape");
        }
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (m == null) {
            throw new IllegalStateException("AdamW updater used before its state was set");
        }
        double lr = config.getLearningRate(iteration, epoch);
        double epsilon = config.getEpsilon() * Math.sqrt(1 - Math.pow(config.getBeta2(), iteration + 1));
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater(
                gradient.reshape(v.shape()), v, m, lr, config.getBeta1(), config.getBeta2(), epsilon, iteration));
    }
}
