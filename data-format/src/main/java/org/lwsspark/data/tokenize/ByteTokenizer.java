package org.lwsspark.data.tokenize;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** UTF-8 bytes 0-255 as ids, EOS 256: a 257-id vocabulary for CPU experiments where a 50 K embedding dominates. */
public final class ByteTokenizer implements Tokenizer {
    public static final String NAME = "bytes";
    private final TokenizerInfo info;

    public ByteTokenizer(int padMultiple) {
        info = new TokenizerInfo(NAME, 257, TokenizerInfo.pad(257, padMultiple), 256);
    }

    @Override
    public TokenizerInfo info() {
        return info;
    }

    @Override
    public int[] encode(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[b.length];
        for (int i = 0; i < b.length; i++) ids[i] = b[i] & 0xff;
        return ids;
    }

    @Override
    public String decode(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length);
        for (int id : ids) if (id < 256) out.write(id);
        return out.toString(StandardCharsets.UTF_8);
    }
}
