package org.lwsspark.model.nn;

import java.util.Collection;
import java.util.List;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the three LWS layer configurations share: their parameters are described by {@link ParamSpec}s, laid out
 * by {@link LwsParamInitializer}, and they take no DL4J input-type inference (sizes are declared by hand).
 *
 * <p>Subclasses keep every field behind a plain getter and setter (DL4J's JSON keeps only those) and implement
 * {@code equals}/{@code hashCode} over them (DL4J's own equality ignores subclass fields).
 */
public abstract class LwsLayerConfig extends BaseLayer {

    private int modelWidth;
    private double initStd = 0.02;

    /** The parameters of this layer, in their order in the flat parameter vector. */
    abstract List<ParamSpec> paramSpecs();

    abstract org.deeplearning4j.nn.layers.BaseLayer<?> createLayer(NeuralNetConfiguration conf, DataType dataType);

    /** The residual stream width d_model that the layer reads and writes. */
    public int getModelWidth() {
        return modelWidth;
    }

    public void setModelWidth(int modelWidth) {
        this.modelWidth = modelWidth;
    }

    public double getInitStd() {
        return initStd;
    }

    public void setInitStd(double initStd) {
        this.initStd = initStd;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners,
            int layerIndex,
            INDArray paramsView,
            boolean initializeParams,
            DataType dataType) {
        org.deeplearning4j.nn.layers.BaseLayer<?> layer = createLayer(conf, dataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer().init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return LwsParamInitializer.INSTANCE;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        // Sizes are declared by hand: DL4J's inference would overwrite them (docs/dl4j-java17.md).
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long params = initializer().numParams(this);
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, inputType)
                .standardMemory(params, 2 * params)
                .workingMemory(0, 0, 0, 0)
                .cacheMemory(0, 0)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LwsLayerConfig other
                && super.equals(o)
                && modelWidth == other.modelWidth
                && initStd == other.initStd;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * super.hashCode() + modelWidth) + Double.hashCode(initStd);
    }
}
