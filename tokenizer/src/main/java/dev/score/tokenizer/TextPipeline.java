package dev.score.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What happens to text around the BPE merges: an optional normalizer, the pre-tokenizer that cuts the text
 * into pieces, and {@code ignoreMerges} (a piece that is itself a token of the vocabulary is that token, as
 * Llama 3's tokenizer asks). The post-processor and decoder of a {@code tokenizer.json} are kept as read so
 * that saving writes them back: the post-processor only adds tokens when asked to (this project frames its
 * prompts itself), and decoding is always byte-level.
 */
public record TextPipeline(TextNormalizer normalizer, PreTokenizer preTokenizer, boolean ignoreMerges,
        JsonNode postProcessor, JsonNode decoder) {

    /** GPT-2's, as its reference encoder splits text (JavaScript's {@code \s}). */
    public static final TextPipeline GPT2 = byteLevel(ByteLevelSplit.GPT2);

    /** GPT-2's pattern as Hugging Face's {@code ByteLevel} runs it: the project's own tokenizers'. */
    public static final TextPipeline HUGGING_FACE_BYTE_LEVEL = byteLevel(ByteLevelSplit.HUGGING_FACE);

    private static TextPipeline byteLevel(ByteLevelSplit split) {
        ObjectNode decoder = split.toJson();
        return new TextPipeline(null, split, false, JsonNodeFactory.instance.nullNode(), decoder);
    }

    String normalize(String text) {
        return normalizer == null ? text : normalizer.normalize(text);
    }
}
