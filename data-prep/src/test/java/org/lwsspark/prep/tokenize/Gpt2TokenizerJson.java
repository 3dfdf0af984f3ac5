package org.lwsspark.prep.tokenize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lwsspark.common.Json;

/**
 * Writes GPT-2's tokenizer.json (Hugging Face format) from the r50k_base ranks that ship inside the jtokkit jar, so
 * the DJL path can be tested and benchmarked offline on the very vocabulary jtokkit uses. Merges are derived from
 * the ranks as transformers' TikTokenConverter does: every split of a token into two tokens, ordered by rank.
 */
public final class Gpt2TokenizerJson {
    private Gpt2TokenizerJson() {}

    /** GPT-2's reversible byte-to-unicode map (bytes_to_unicode in the original encoder.py). */
    static char[] byteToUnicode() {
        char[] map = new char[256];
        boolean[] printable = new boolean[256];
        for (int b = '!'; b <= '~'; b++) printable[b] = true;
        for (int b = 0xA1; b <= 0xAC; b++) printable[b] = true;
        for (int b = 0xAE; b <= 0xFF; b++) printable[b] = true;
        int n = 0;
        for (int b = 0; b < 256; b++) {
            map[b] = printable[b] ? (char) b : (char) (256 + n++);
        }
        return map;
    }

    public static void write(Path target) throws IOException {
        Map<String, Integer> ranks = new HashMap<>();
        List<byte[]> byRank = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Gpt2TokenizerJson.class.getResourceAsStream("/com/knuddels/jtokkit/r50k_base.tiktoken"),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                String[] p = line.split(" ");
                byte[] tok = Base64.getDecoder().decode(p[0]);
                int rank = Integer.parseInt(p[1]);
                while (byRank.size() <= rank) byRank.add(null);
                byRank.set(rank, tok);
                ranks.put(new String(tok, StandardCharsets.ISO_8859_1), rank);
            }
        }
        char[] b2u = byteToUnicode();
        ObjectMapper om = Json.MAPPER;
        ObjectNode vocab = om.createObjectNode();
        List<long[]> merges = new ArrayList<>(); // rank of token, rank left, rank right, left id, right id
        for (int rank = 0; rank < byRank.size(); rank++) {
            byte[] tok = byRank.get(rank);
            vocab.put(uni(tok, 0, tok.length, b2u), rank);
            if (tok.length < 2) continue;
            String s = new String(tok, StandardCharsets.ISO_8859_1);
            for (int i = 1; i < tok.length; i++) {
                Integer l = ranks.get(s.substring(0, i));
                Integer rr = ranks.get(s.substring(i));
                if (l != null && rr != null) merges.add(new long[] {rank, l, rr, i});
            }
        }
        merges.sort((a, b) -> a[0] != b[0]
                ? Long.compare(a[0], b[0])
                : a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[2], b[2]));
        ArrayNode mergeArr = om.createArrayNode();
        for (long[] m : merges) {
            byte[] tok = byRank.get((int) m[0]);
            int i = (int) m[3];
            mergeArr.add(uni(tok, 0, i, b2u) + " " + uni(tok, i, tok.length, b2u));
        }
        ObjectNode root = om.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        ObjectNode eos = added.addObject();
        eos.put("id", 50256)
                .put("content", "<|endoftext|>")
                .put("single_word", false)
                .put("lstrip", false)
                .put("rstrip", false)
                .put("normalized", false)
                .put("special", true);
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "ByteLevel")
                .put("add_prefix_space", false)
                .put("trim_offsets", true)
                .put("use_regex", true);
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "ByteLevel")
                .put("add_prefix_space", false)
                .put("trim_offsets", false)
                .put("use_regex", true);
        ObjectNode dec = root.putObject("decoder");
        dec.put("type", "ByteLevel")
                .put("add_prefix_space", false)
                .put("trim_offsets", true)
                .put("use_regex", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE")
                .putNull("dropout")
                .putNull("unk_token")
                .put("continuing_subword_prefix", "")
                .put("end_of_word_suffix", "")
                .put("fuse_unk", false)
                .put("byte_fallback", false)
                .put("ignore_merges", false);
        model.set("vocab", vocab);
        model.set("merges", mergeArr);
        om.writeValue(target.toFile(), root);
    }

    private static String uni(byte[] b, int from, int to, char[] b2u) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < to; i++) s.append(b2u[b[i] & 0xff]);
        return s.toString();
    }
}
