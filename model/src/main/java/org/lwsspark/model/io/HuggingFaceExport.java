package org.lwsspark.model.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.lwsspark.common.Json;
import org.lwsspark.model.nn.LwsTransformer;
import org.lwsspark.model.plan.LayerPlan;
import org.lwsspark.model.plan.ModelPlan;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Exports a network to {@code model.safetensors} (float32, matrices {@code [out, in]}, Hugging Face OLMo-2
 * names) and {@code config.json} with the per-layer widths.
 *
 * <p>DL4J stores matrices {@code [in, out]} and fuses {@code q|k|v} and {@code w1|w3}: the export transposes and
 * splits them.
 */
public final class HuggingFaceExport {

    private HuggingFaceExport() {}

    public static void write(ComputationGraph network, ModelPlan plan, Path outDir) {
        try {
            Files.createDirectories(outDir);
            SafeTensors.write(outDir.resolve("model.safetensors"), tensors(network, plan));
            Json.MAPPER.writeValue(outDir.resolve("config.json").toFile(), config(plan));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export to " + outDir + ": " + e.getMessage(), e);
        }
    }

    static List<SafeTensors.Tensor> tensors(ComputationGraph network, ModelPlan plan) {
        List<SafeTensors.Tensor> out = new ArrayList<>();
        Map<String, INDArray> embed = network.getLayer(LwsTransformer.EMBEDDING).paramTable();
        out.add(matrix("model.embed_tokens.weight", embed.get("embedding")));
        for (LayerPlan layer : plan.layers()) {
            Map<String, INDArray> p = network.getLayer("block" + layer.index()).paramTable();
            String prefix = "model.layers." + layer.index() + ".";
            INDArray qkv = p.get("wqkv");
            int q = layer.qDim();
            int kv = layer.kvDim();
            out.add(transposed(prefix + "self_attn.q_proj.weight", columns(qkv, 0, q)));
            out.add(transposed(prefix + "self_attn.k_proj.weight", columns(qkv, q, kv)));
            out.add(transposed(prefix + "self_attn.v_proj.weight", columns(qkv, q + kv, kv)));
            out.add(transposed(prefix + "self_attn.o_proj.weight", p.get("wo")));
            out.add(vector(prefix + "self_attn.q_norm.weight", p.get("qnorm")));
            out.add(vector(prefix + "self_attn.k_norm.weight", p.get("knorm")));
            out.add(vector(prefix + "post_attention_layernorm.weight", p.get("attnnorm")));
            INDArray w13 = p.get("w13");
            int ffn = layer.ffnHidden();
            out.add(transposed(prefix + "mlp.gate_proj.weight", columns(w13, 0, ffn)));
            out.add(transposed(prefix + "mlp.up_proj.weight", columns(w13, ffn, ffn)));
            out.add(transposed(prefix + "mlp.down_proj.weight", p.get("w2")));
            out.add(vector(prefix + "post_feedforward_layernorm.weight", p.get("ffnnorm")));
        }
        Map<String, INDArray> head = network.getLayer(LwsTransformer.HEAD).paramTable();
        out.add(vector("model.norm.weight", head.get("norm")));
        out.add(transposed("lm_head.weight", head.get("head")));
        return out;
    }

    /** The export's config.json: the model's constants and each layer's widths. */
    public static Map<String, Object> config(ModelPlan plan) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model_type", "lws-olmo2");
        c.put("profile", plan.profile().name());
        c.put("d_model", plan.size().dModel());
        c.put("head_dim", plan.size().headDim());
        c.put("n_layers", plan.depth());
        c.put("vocab_size", plan.size().vocabSize());
        c.put("rope_theta", plan.size().ropeTheta());
        c.put("rms_norm_eps", plan.size().normEps());
        c.put(
                "layers",
                plan.layers().stream()
                        .map(l -> Map.of("q_heads", l.qHeads(), "kv_heads", l.kvHeads(), "ffn_hidden", l.ffnHidden()))
                        .toList());
        return c;
    }

    private static INDArray columns(INDArray m, long from, long count) {
        return m.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + count));
    }

    private static SafeTensors.Tensor matrix(String name, INDArray m) {
        return new SafeTensors.Tensor(name, m.shape(), floats(m));
    }

    private static SafeTensors.Tensor transposed(String name, INDArray m) {
        return matrix(name, m.transpose());
    }

    private static SafeTensors.Tensor vector(String name, INDArray m) {
        return new SafeTensors.Tensor(name, new long[] {m.length()}, floats(m));
    }

    private static float[] floats(INDArray m) {
        return m.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }
}
