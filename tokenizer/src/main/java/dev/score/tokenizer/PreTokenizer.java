package dev.score.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * One step of pre-tokenization, as a {@code pre_tokenizer} of Hugging Face's {@code tokenizer.json} names it:
 * splits a piece of text into smaller pieces, in order, and BPE then runs on each piece alone. Pieces are
 * never empty. Implementations are immutable.
 */
public interface PreTokenizer {
    /** Hands each piece of {@code text} (not empty) to {@code pieces}, in order; together they spell the text. */
    void split(String text, Consumer<String> pieces);

    /** This step as {@code tokenizer.json} writes it. */
    ObjectNode toJson();
}
