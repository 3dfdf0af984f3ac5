package org.lwsspark.model.nn;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.lwsspark.model.plan.ModelSize;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.regularization.Regularization;

/** Configuration of the token embedding, {@code V x d}. It takes no weight decay (spec §3). */
public class TokenEmbedding extends LwsLayerConfig {

    static final String WEIGHT = "embedding";

    private int vocabSize;

    /** For JSON deserialisation. */
    public TokenEmbedding() {}

    public static TokenEmbedding of(ModelSize size) {
        TokenEmbedding e = new TokenEmbedding();
        e.setLayerName("embed");
        e.vocabSize = size.vocabSize();
        e.setModelWidth(size.dModel());
        e.setInitStd(size.initStd());
        return e;
    }

    @Override
    List<ParamSpec> paramSpecs() {
        long d = getModelWidth();
        return List.of(new ParamSpec(WEIGHT, vocabSize, d, ParamSpec.Init.TRUNCATED_NORMAL));
    }

    @Override
    org.deeplearning4j.nn.layers.BaseLayer<?> createLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new TokenEmbeddingLayer(conf, dataType);
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        return Collections.emptyList();
    }

    public int getVocabSize() {
        return vocabSize;
    }

    public void setVocabSize(int vocabSize) {
        this.vocabSize = vocabSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenEmbedding e && super.equals(o) && vocabSize == e.vocabSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), vocabSize);
    }
}
