package org.lwsspark.prep.tokenize;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;

/**
 * GPT-2 BPE ({@code r50k_base}: 50257 ids, EOS {@code <|endoftext|>} = 50256) in pure Java via jtokkit. Text that
 * happens to contain "<|endoftext|>" is encoded as ordinary text, never as the EOS id: only packing places EOS.
 */
public final class TiktokenTokenizer implements Tokenizer {
    public static final String NAME = "r50k_base";
    private final Encoding encoding;
    private final TokenizerInfo info;

    public TiktokenTokenizer(int padMultiple) {
        encoding = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
        info = new TokenizerInfo(NAME, 50257, TokenizerInfo.pad(50257, padMultiple), 50256);
    }

    @Override
    public TokenizerInfo info() {
        return info;
    }

    @Override
    public int[] encode(String text) {
        return encoding.encodeOrdinary(text).toArray();
    }

    @Override
    public String decode(int[] ids) {
        IntArrayList l = new IntArrayList(ids.length);
        for (int id : ids) if (id != info.eosId()) l.add(id);
        return encoding.decode(l);
    }
}
