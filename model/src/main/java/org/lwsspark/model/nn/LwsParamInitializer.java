package org.lwsspark.model.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Lays out the {@link ParamSpec}s of an {@link LwsLayerConfig} in the layer's slice of the flat parameter (and
 * gradient) vector, and initialises them.
 *
 * <p>The truncated-normal draws come from a generator seeded by the network seed, the layer name and the
 * parameter name, so a model is the same for a seed whatever else changes in the graph.
 */
final class LwsParamInitializer implements ParamInitializer {

    static final LwsParamInitializer INSTANCE = new LwsParamInitializer();
    private static final double TRUNCATION = 3.0;

    private LwsParamInitializer() {}

    private static List<ParamSpec> specs(Layer layer) {
        return ((LwsLayerConfig) layer).paramSpecs();
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return specs(layer).stream().mapToLong(ParamSpec::length).sum();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return specs(layer).stream().map(ParamSpec::name).toList();
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return paramKeys(layer);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return paramKeys(layer).contains(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initialize) {
        Map<String, INDArray> views = views(conf.getLayer(), paramsView);
        if (initialize) {
            LwsLayerConfig layer = (LwsLayerConfig) conf.getLayer();
            for (ParamSpec spec : layer.paramSpecs()) {
                INDArray view = views.get(spec.name());
                switch (spec.init()) {
                    case ONES -> view.assign(1.0);
                    case TRUNCATED_NORMAL ->
                        view.assign(truncatedNormal(
                                spec,
                                layer.getInitStd(),
                                seed(conf.getSeed(), layer.getLayerName(), spec.name()),
                                view));
                }
            }
        }
        return views;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views(conf.getLayer(), gradientView);
    }

    private static Map<String, INDArray> views(Layer layer, INDArray flat) {
        INDArray vector = flat.reshape(flat.length());
        Map<String, INDArray> out = new LinkedHashMap<>();
        long offset = 0;
        for (ParamSpec spec : specs(layer)) {
            INDArray slice = vector.get(NDArrayIndex.interval(offset, offset + spec.length()));
            out.put(spec.name(), slice.reshape('c', spec.rows(), spec.cols()));
            offset += spec.length();
        }
        if (offset != vector.length()) {
            throw new IllegalStateException("layer " + layer.getLayerName() + ": parameter view has " + vector.length()
                    + " values, its parameters need " + offset);
        }
        return out;
    }

    private static long seed(long networkSeed, String layerName, String paramName) {
        long h = networkSeed * 0x9E3779B97F4A7C15L;
        h ^= String.valueOf(layerName).hashCode() * 0xC2B2AE3D27D4EB4FL;
        h ^= paramName.hashCode() * 0x165667B19E3779F9L;
        return h;
    }

    private static INDArray truncatedNormal(ParamSpec spec, double std, long seed, INDArray like) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[Math.toIntExact(spec.length())];
        for (int i = 0; i < values.length; i++) {
            double z;
            do {
                z = gaussian(random);
            } while (Math.abs(z) > TRUNCATION);
            values[i] = z * std;
        }
        return Nd4j.create(values, new long[] {spec.rows(), spec.cols()}, like.dataType());
    }

    /** Marsaglia's polar method: SplittableRandom has no nextGaussian on Java 17. */
    private static double gaussian(SplittableRandom random) {
        double u;
        double v;
        double s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }
}
