package org.lwsspark.model.nn;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keeps the arrays a backward pass needs. During a training forward pass DL4J allocates everything a layer
 * computes in a per-layer working-memory workspace that is reused by the next layer; the activations workspace,
 * by contrast, stays open from the forward pass until backprop has finished. Arrays the backward pass reads are
 * therefore leveraged (copied once) into it. Reusing workspace memory instead of fresh allocations is what
 * makes a step fast: fresh off-heap memory costs a page fault per 4 KiB.
 */
final class Retainer {

    private final LayerWorkspaceMgr workspaces;

    Retainer(LayerWorkspaceMgr workspaces) {
        this.workspaces = workspaces;
    }

    INDArray keep(INDArray array) {
        return workspaces.leverageTo(ArrayType.ACTIVATIONS, array);
    }
}
