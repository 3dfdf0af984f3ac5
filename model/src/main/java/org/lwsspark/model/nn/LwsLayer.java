package org.lwsspark.model.nn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Runtime base of the LWS layers. Backward passes write each parameter's gradient straight into its view of the
 * network's flat gradient vector ({@code gradientViews}), which is what DL4J's updater reads.
 */
abstract class LwsLayer<C extends LwsLayerConfig> extends BaseLayer<C> {

    LwsLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** The gradient object DL4J expects, over the views the backward pass has just filled. */
    Gradient filledGradient() {
        Gradient gradient = new DefaultGradient(gradientsFlattened);
        for (ParamSpec spec : layerConf().paramSpecs()) {
            gradient.setGradientFor(spec.name(), gradientViews.get(spec.name()));
        }
        return gradient;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }
}
