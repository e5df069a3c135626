package dev.score.tokenizer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * The {@code ByteLevel} pre-tokenizer: optionally a space in front of a piece that lacks one, then optionally
 * GPT-2's pattern (see {@link Gpt2Pretokenizer}). Its other half, spelling each byte as a printable character,
 * is what {@link BpeTokenizer} does with every piece anyway, so a tokenizer file must have this step for its
 * vocabulary to be a byte-level one. {@code trim_offsets} only moves character offsets, which this project
 * does not report; it is kept to be written back.
 */
public record ByteLevelSplit(boolean addPrefixSpace, boolean useRegex, boolean trimOffsets,
        Gpt2Pretokenizer.Space space) implements PreTokenizer {

    /** GPT-2's own splitting, as its reference encoder does it (JavaScript's {@code \s}). */
    public static final ByteLevelSplit GPT2 = new ByteLevelSplit(false, true, true, Gpt2Pretokenizer.Space.JAVASCRIPT);

    /** GPT-2's pattern as Hugging Face's {@code ByteLevel} runs it, the project's own tokenizers' splitting. */
    public static final ByteLevelSplit HUGGING_FACE = new ByteLevelSplit(false, true, true,
            Gpt2Pretokenizer.Space.UNICODE);

    @Override
    public void split(String text, Consumer<String> pieces) {
        String piece = addPrefixSpace && !text.startsWith(" ") ? " " + text : text;
        if (!useRegex) {
            pieces.accept(piece);
            return;
        }
        for (int start = 0; start < piece.length(); ) {
            int end = Gpt2Pretokenizer.chunkEnd(piece, start, space);
            pieces.accept(piece.substring(start, end));
            start = end;
        }
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("type", "ByteLevel");
        json.put("add_prefix_space", addPrefixSpace);
        json.put("trim_offsets", trimOffsets);
        json.put("use_regex", useRegex);
        return json;
    }
}
