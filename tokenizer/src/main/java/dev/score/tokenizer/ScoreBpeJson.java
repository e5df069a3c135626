package dev.score.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The format this project wrote as {@code tokenizer.json} before it wrote Hugging Face's, still read so that
 * models trained then keep loading:
 * <pre>{"format": "score-bpe-1", "pretokenizer": "gpt2", "byte_tokens": [256 ids, byte 0 first],
 *  "merges": [[left, right, result], ...] (in rank order), "special_tokens": {"&lt;|endoftext|&gt;": id, ...}}</pre>
 * Ids only, so it holds any byte-level BPE, GPT-2's included, without a spelling table.
 */
final class ScoreBpeJson {
    static final String FORMAT = "score-bpe-1";

    private ScoreBpeJson() {
    }

    /** The tokenizer {@code root}, the JSON of {@code file}, describes; its "format" is {@link #FORMAT}. */
    static BpeTokenizer load(Path file, JsonNode root) {
        int[] byteTokens = ints(root.path("byte_tokens"), file, "byte_tokens");
        JsonNode merges = root.path("merges");
        if (!merges.isArray()) {
            throw new TokenizerFileException(file + ": \"merges\" is not an array");
        }
        int n = merges.size();
        int[] left = new int[n];
        int[] right = new int[n];
        int[] result = new int[n];
        for (int r = 0; r < n; r++) {
            int[] triple = ints(merges.get(r), file, "merges[" + r + "]");
            if (triple.length != 3) {
                throw new TokenizerFileException(file + ": merges[" + r + "] is not [left, right, result]");
            }
            left[r] = triple[0];
            right[r] = triple[1];
            result[r] = triple[2];
        }
        JsonNode specialTokens = root.path("special_tokens");
        if (!specialTokens.isMissingNode() && !specialTokens.isObject()) {
            throw new TokenizerFileException(file + ": \"special_tokens\" is not an object of text → id");
        }
        Map<String, Integer> specials = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = specialTokens.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isInt()) {
                throw new TokenizerFileException(file + ": special token " + entry.getKey() + " has no integer id");
            }
            specials.put(entry.getKey(), entry.getValue().asInt());
        }
        try {
            return new BpeTokenizer(byteTokens, left, right, result, specials);
        } catch (TokenizerFileException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new TokenizerFileException(file + ": " + e.getMessage());
        }
    }

    private static int[] ints(JsonNode array, Path file, String what) {
        if (!array.isArray()) {
            throw new TokenizerFileException(file + ": \"" + what + "\" is not an array");
        }
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            if (!array.get(i).isInt()) {
                throw new TokenizerFileException(file + ": " + what + "[" + i + "] is not an integer");
            }
            values[i] = array.get(i).asInt();
        }
        return values;
    }
}
