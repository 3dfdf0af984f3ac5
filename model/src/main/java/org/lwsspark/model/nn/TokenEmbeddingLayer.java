package org.lwsspark.model.nn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scatter.ScatterUpdate;
import org.nd4j.linalg.factory.Nd4j;

/** Runtime of {@link TokenEmbedding}: a row lookup forward, a scatter-add of rows backward. */
final class TokenEmbeddingLayer extends LwsLayer<TokenEmbedding> {

    private transient int[] ids;

    TokenEmbeddingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        int[] tokens = TokenIds.of(input, layerConf().getVocabSize(), layerId() + " input token id");
        if (training) {
            ids = tokens;
        }
        INDArray rows = Nd4j.pullRows(params.get(TokenEmbedding.WEIGHT), 1, tokens);
        return workspaceMgr.leverageTo(
                ArrayType.ACTIVATIONS,
                rows.reshape('c', input.size(0), input.size(1), layerConf().getModelWidth()));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (ids == null) {
            throw new IllegalStateException(layerId() + ": backprop without a training forward pass");
        }
        INDArray weightGradient = gradientViews.get(TokenEmbedding.WEIGHT);
        weightGradient.assign(0);
        INDArray rowGradients =
                epsilon.dup('c').reshape('c', ids.length, layerConf().getModelWidth());
        // Repeated tokens add up: scatter ADD accumulates every occurrence into its row.
        Nd4j.scatterUpdate(ScatterUpdate.UpdateOp.ADD, weightGradient, Nd4j.createFromArray(ids), rowGradients, 1);
        ids = null;
        // Token ids have no gradient.
        return new Pair<>(filledGradient(), null);
    }

    @Override
    public void clear() {
        super.clear();
        ids = null;
    }
}
