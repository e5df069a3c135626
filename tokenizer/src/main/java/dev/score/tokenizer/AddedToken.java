package dev.score.tokenizer;

/**
 * A token matched in the text as a whole before any splitting, as {@code added_tokens} of
 * {@code tokenizer.json} describes it: its text, its id, whether it is special (a control token such as
 * {@code <|im_end|>}, matched only where the caller allows it), and how it matches — only as a word of its own
 * ({@code singleWord}), swallowing the white space on its left or right ({@code lstrip}, {@code rstrip}), and
 * against the raw text or the normalized text ({@code normalized}).
 */
public record AddedToken(String content, int id, boolean special, boolean singleWord, boolean lstrip,
        boolean rstrip, boolean normalized) {

    /** A special token that matches its exact spelling anywhere in the raw text (how all of this project's are). */
    public static AddedToken special(String content, int id) {
        return new AddedToken(content, id, true, false, false, false, false);
    }
}
