package dev.score.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a byte-level BPE in the manner of minbpe: the corpus is split with GPT-2's pre-tokenizer, ids 0–255
 * are the bytes, and each step merges the most frequent adjacent pair (ties go to the smallest pair of ids,
 * so training is deterministic) until the vocabulary, special tokens included, reaches the target size.
 * A merge whose bytes some token already spells reuses that token's id, so every token's bytes are unique
 * and the result can be written in GPT-2's format. The result splits text as Hugging Face's {@code ByteLevel}
 * does, so that its {@code tokenizer.json} gives the same ids in that library.
 */
public final class BpeTrainer {
    private BpeTrainer() {
    }

    /** A tokenizer with at most {@code vocabSize} ids, {@code specials} taking the last ones. */
    public static BpeTokenizer train(String corpus, int vocabSize, List<String> specials) {
        return train(corpus, vocabSize, specials, false);
    }

    /**
     * As {@link #train(String, int, List)}; with {@code digitsApart} no merge involves a digit, so every
     * digit stays its own token (as LLaMA splits digits). A model then sees {@code 485} as 4, 8, 5 and can
     * learn column arithmetic, instead of memorizing whichever digit groups happened to merge. The result
     * is an ordinary BPE: having no digit merges, it never joins digits when encoding.
     */
    public static BpeTokenizer train(String corpus, int vocabSize, List<String> specials, boolean digitsApart) {
        int merges = vocabSize - 256 - specials.size();
        if (merges < 0) {
            throw new IllegalArgumentException("a vocabulary of " + vocabSize + " cannot hold the 256 bytes and "
                    + specials.size() + " special tokens");
        }
        Map<String, Integer> chunkCounts = new HashMap<>();
        for (int start = 0; start < corpus.length(); ) {
            int end = Gpt2Pretokenizer.chunkEnd(corpus, start, Gpt2Pretokenizer.Space.UNICODE);
            String chunk = corpus.substring(start, end);
            // GPT-2's pre-tokenizer keeps digit runs (with at most a leading space) in chunks of their own,
            // so leaving those chunks out of the counts is enough to keep digits apart.
            if (!digitsApart || chunk.codePoints().noneMatch(Character::isDigit)) {
                chunkCounts.merge(chunk, 1, Integer::sum);
            }
            start = end;
        }
        List<int[]> words = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        chunkCounts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            byte[] bytes = Utf8.encode(entry.getKey());
            int[] word = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                word[i] = bytes[i] & 0xFF;
            }
            words.add(word);
            counts.add(entry.getValue());
        });

        Map<String, Integer> idOfBytes = new HashMap<>();
        List<byte[]> tokenBytes = new ArrayList<>();
        int[] byteTokens = new int[256];
        for (int b = 0; b < 256; b++) {
            byteTokens[b] = b;
            tokenBytes.add(new byte[] {(byte) b});
            idOfBytes.put(key(tokenBytes.get(b)), b);
        }
        List<int[]> mergeList = new ArrayList<>();
        PairCounts pairs = new PairCounts();
        for (int w = 0; w < words.size(); w++) {
            pairs.add(words.get(w), w, counts.get(w));
        }
        while (tokenBytes.size() < 256 + merges) {
            long best = pairs.mostFrequent();
            if (best < 0) {
                break;
            }
            int left = (int) (best >>> 32);
            int right = (int) best;
            byte[] joined = concat(tokenBytes.get(left), tokenBytes.get(right));
            Integer result = idOfBytes.get(key(joined));
            if (result == null) {
                result = tokenBytes.size();
                tokenBytes.add(joined);
                idOfBytes.put(key(joined), result);
            }
            mergeList.add(new int[] {left, right, result});
            for (int w : pairs.wordsWith(best)) {
                int[] word = words.get(w);
                int[] merged = merge(word, left, right, result);
                if (merged != word) {
                    pairs.add(word, w, -counts.get(w));
                    pairs.add(merged, w, counts.get(w));
                    words.set(w, merged);
                }
            }
        }
        List<AddedToken> specialTokens = new ArrayList<>();
        for (String special : specials) {
            specialTokens.add(AddedToken.special(special, tokenBytes.size() + specialTokens.size()));
        }
        return new BpeTokenizer(byteTokens, mergeList.stream().mapToInt(m -> m[0]).toArray(),
                mergeList.stream().mapToInt(m -> m[1]).toArray(), mergeList.stream().mapToInt(m -> m[2]).toArray(),
                Map.of(), specialTokens, TextPipeline.HUGGING_FACE_BYTE_LEVEL);
    }

    private static int[] merge(int[] word, int left, int right, int result) {
        int[] out = new int[word.length];
        int n = 0;
        for (int i = 0; i < word.length; i++) {
            if (i + 1 < word.length && word[i] == left && word[i + 1] == right) {
                out[n++] = result;
                i++;
            } else {
                out[n++] = word[i];
            }
        }
        return n == word.length ? word : Arrays.copyOf(out, n);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String key(byte[] bytes) {
        return ByteUnicode.encode(bytes);
    }
}
