package dev.score.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-level BPE over GPT-2's pre-tokenization: text is split into chunks, each chunk's UTF-8 bytes become
 * base tokens, and merges are applied lowest rank first, every occurrence left to right, as OpenAI's
 * encoder.py does. Tokens are ids throughout (pairs are looked up as longs, words are int arrays), and each
 * distinct chunk is encoded once and cached. Instances are immutable and safe to share between threads.
 *
 * <p>Pairs are keyed by their two ids, as in Python. The JavaScript reference keys them by the string
 * {@code left + "," + right}, which makes 11 pairs of GPT-2's vocabulary alias a merge (e.g. {@code "},"}
 * followed by {@code "} reads the rank of {@code }} followed by {@code ,"}); every text of up to six of the
 * characters involved encodes the same either way, and the parity tests hold it to the reference.
 */
public final class BpeTokenizer {
    private static final int CACHE_LIMIT = 200_000;
    // The id table is an array as long as the largest id, so a file's ids must be bounded before it is
    // allocated. The largest published vocabularies hold a few hundred thousand ids; 2^24 leaves room.
    static final int MAX_VOCAB_SIZE = 1 << 24;
    // Every merge spells its token out in full, and a chain of merges can double the length each time:
    // 40 merges could ask for a terabyte. GPT-2's 50,257 tokens take 330 kB together.
    static final long MAX_TOTAL_TOKEN_BYTES = 1L << 26;

    private final int[] byteTokens;
    private final int[] mergeLeft;
    private final int[] mergeRight;
    private final int[] mergeResult;
    private final byte[][] tokenBytes;
    private final Map<String, Integer> specials;
    private final PairRanks ranks;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    /**
     * @param byteTokens  the id of each byte value's base token (256 entries)
     * @param mergeLeft   merge r joins {@code mergeLeft[r]} and {@code mergeRight[r]} into {@code mergeResult[r]};
     *                    r is the merge's rank (lower merges first)
     * @param specials    special token texts and their ids
     * @throws IllegalArgumentException if the ids do not describe a vocabulary (a merge names an id no
     *                    earlier base token or merge defines, an id is used twice, ...)
     */
    public BpeTokenizer(int[] byteTokens, int[] mergeLeft, int[] mergeRight, int[] mergeResult,
            Map<String, Integer> specials) {
        if (byteTokens.length != 256) {
            throw new IllegalArgumentException("expected 256 byte tokens, got " + byteTokens.length);
        }
        if (mergeLeft.length != mergeRight.length || mergeLeft.length != mergeResult.length) {
            throw new IllegalArgumentException("merge arrays differ in length");
        }
        this.byteTokens = byteTokens.clone();
        this.mergeLeft = mergeLeft.clone();
        this.mergeRight = mergeRight.clone();
        this.mergeResult = mergeResult.clone();
        this.specials = Collections.unmodifiableMap(new LinkedHashMap<>(specials));
        int size = 0;
        for (int id : byteTokens) {
            size = Math.max(size, boundedId(id, "a byte token") + 1);
        }
        for (int id : mergeResult) {
            size = Math.max(size, boundedId(id, "a merge") + 1);
        }
        for (Map.Entry<String, Integer> special : specials.entrySet()) {
            // An empty spelling occurs everywhere in a text, so encoding would never get past it.
            if (special.getKey().isEmpty()) {
                throw new IllegalArgumentException("special token with id " + special.getValue()
                        + " has an empty text");
            }
            size = Math.max(size, boundedId(special.getValue(), "special token " + special.getKey()) + 1);
        }
        tokenBytes = new byte[size][];
        long totalBytes = 0;
        for (int b = 0; b < 256; b++) {
            define(byteTokens[b], new byte[] {(byte) b}, "byte " + b);
        }
        for (int r = 0; r < mergeLeft.length; r++) {
            byte[] left = known(mergeLeft[r], r);
            byte[] right = known(mergeRight[r], r);
            totalBytes += left.length + right.length;
            if (totalBytes > MAX_TOTAL_TOKEN_BYTES) {
                throw new IllegalArgumentException("merge " + r + " makes the tokens' bytes exceed "
                        + MAX_TOTAL_TOKEN_BYTES + " in total");
            }
            byte[] joined = Arrays.copyOf(left, left.length + right.length);
            System.arraycopy(right, 0, joined, left.length, right.length);
            byte[] existing = mergeResult[r] >= 0 ? tokenBytes[mergeResult[r]] : null;
            if (existing != null && !Arrays.equals(existing, joined)) {
                throw new IllegalArgumentException("merge " + r + " gives id " + mergeResult[r]
                        + " to a token that already has other bytes");
            }
            define(mergeResult[r], joined, "merge " + r);
        }
        for (Map.Entry<String, Integer> special : specials.entrySet()) {
            int id = special.getValue();
            if (id < 0 || tokenBytes[id] != null) {
                throw new IllegalArgumentException("special token " + special.getKey() + " has id " + id
                        + ", which is negative or already taken");
            }
            tokenBytes[id] = special.getKey().getBytes(StandardCharsets.UTF_8);
        }
        ranks = new PairRanks(mergeLeft, mergeRight);
    }

    private static int boundedId(int id, String what) {
        if (id >= MAX_VOCAB_SIZE) {
            throw new IllegalArgumentException(what + " has id " + id + ", more than this tokenizer supports (ids below "
                    + MAX_VOCAB_SIZE + ")");
        }
        return id;
    }

    private void define(int id, byte[] bytes, String what) {
        if (id < 0) {
            throw new IllegalArgumentException(what + " has negative id " + id);
        }
        if (tokenBytes[id] != null && !Arrays.equals(tokenBytes[id], bytes)) {
            throw new IllegalArgumentException(what + " reuses id " + id);
        }
        tokenBytes[id] = bytes;
    }

    private byte[] known(int id, int rank) {
        if (id < 0 || id >= tokenBytes.length || tokenBytes[id] == null) {
            throw new IllegalArgumentException("merge " + rank + " names token id " + id
                    + ", which no byte or earlier merge defines");
        }
        return tokenBytes[id];
    }

    /** This vocabulary plus {@code texts} as special tokens with the next free ids (those already present are kept). */
    public BpeTokenizer withSpecialTokens(Collection<String> texts) {
        Map<String, Integer> all = new LinkedHashMap<>(specials);
        int next = vocabSize();
        for (String text : texts) {
            if (!all.containsKey(text)) {
                all.put(text, next++);
            }
        }
        return new BpeTokenizer(byteTokens, mergeLeft, mergeRight, mergeResult, all);
    }

    /** Ids run from 0 to {@code vocabSize() - 1}; a few may be unused. */
    public int vocabSize() {
        return tokenBytes.length;
    }

    /** Whether {@code id} names a token (ids past the vocabulary, and the few unused ones, do not). */
    public boolean contains(int id) {
        return id >= 0 && id < tokenBytes.length && tokenBytes[id] != null;
    }

    /** The id of a special token, or −1. */
    public int specialId(String text) {
        return specials.getOrDefault(text, -1);
    }

    public Map<String, Integer> specialTokens() {
        return specials;
    }

    /** The bytes of token {@code id} (a special token's are its text's UTF-8). */
    public byte[] bytesOf(int id) {
        return tokenBytes[id].clone();
    }

    /** Whether {@code id} names a token (ids a file skips are unused). */
    public boolean hasToken(int id) {
        return id >= 0 && id < tokenBytes.length && tokenBytes[id] != null;
    }

    int[] byteTokens() {
        return byteTokens.clone();
    }

    int mergeCount() {
        return mergeLeft.length;
    }

    int mergeLeft(int rank) {
        return mergeLeft[rank];
    }

    int mergeRight(int rank) {
        return mergeRight[rank];
    }

    int mergeResult(int rank) {
        return mergeResult[rank];
    }

    /** The ids of {@code text}, treating any special token's spelling as ordinary text. */
    public int[] encode(String text) {
        IntBuffer out = new IntBuffer(text.length() / 3 + 4);
        encodeOrdinary(text, 0, text.length(), out);
        return out.toArray();
    }

    /** The ids of {@code text}, where the special tokens named in {@code allowed} become their own ids. */
    public int[] encode(String text, Set<String> allowed) {
        for (String special : allowed) {
            if (!specials.containsKey(special)) {
                throw new IllegalArgumentException("not a special token of this vocabulary: " + special);
            }
        }
        IntBuffer out = new IntBuffer(text.length() / 3 + 4);
        int from = 0;
        while (from < text.length()) {
            int at = -1;
            String found = null;
            for (String special : allowed) {
                int i = text.indexOf(special, from);
                if (i >= 0 && (at < 0 || i < at || (i == at && special.length() > found.length()))) {
                    at = i;
                    found = special;
                }
            }
            if (found == null) {
                break;
            }
            encodeOrdinary(text, from, at, out);
            out.add(specials.get(found));
            from = at + found.length();
        }
        encodeOrdinary(text, from, text.length(), out);
        return out.toArray();
    }

    private void encodeOrdinary(String text, int from, int to, IntBuffer out) {
        String part = from == 0 && to == text.length() ? text : text.substring(from, to);
        int start = 0;
        while (start < part.length()) {
            int end = Gpt2Pretokenizer.chunkEnd(part, start);
            String chunk = part.substring(start, end);
            int[] ids = cache.get(chunk);
            if (ids == null) {
                ids = bpe(Utf8.encode(chunk));
                if (cache.size() >= CACHE_LIMIT) {
                    cache.clear();
                }
                cache.put(chunk, ids);
            }
            out.addAll(ids);
            start = end;
        }
    }

    /** Merges the chunk's byte tokens, lowest-ranked adjacent pair first, all its occurrences left to right. */
    private int[] bpe(byte[] bytes) {
        int n = bytes.length;
        int[] word = new int[n];
        for (int i = 0; i < n; i++) {
            word[i] = byteTokens[bytes[i] & 0xFF];
        }
        int[] pairRank = new int[Math.max(0, n - 1)];
        for (int i = 0; i + 1 < n; i++) {
            pairRank[i] = ranks.rank(word[i], word[i + 1]);
        }
        while (n > 1) {
            int best = -1;
            for (int i = 0; i + 1 < n; i++) {
                int r = pairRank[i];
                if (r >= 0 && (best < 0 || r < best)) {
                    best = r;
                }
            }
            if (best < 0) {
                break;
            }
            int left = mergeLeft[best];
            int right = mergeRight[best];
            int joined = mergeResult[best];
            // Compacts the word and its pair ranks together: a pair of two copied neighbours keeps its rank,
            // only pairs touching a new token are looked up again.
            int w = 0;
            int copiedFrom = -1;
            for (int i = 0; i < n; i++) {
                boolean merge = i + 1 < n && word[i] == left && word[i + 1] == right;
                int token = merge ? joined : word[i];
                if (w > 0) {
                    pairRank[w - 1] = !merge && copiedFrom == i - 1 ? pairRank[i - 1] : ranks.rank(word[w - 1], token);
                }
                word[w++] = token;
                copiedFrom = merge ? -1 : i;
                if (merge) {
                    i++;
                }
            }
            n = w;
        }
        return Arrays.copyOf(word, n);
    }

    /** The text of {@code ids}; bytes that do not form valid UTF-8 become U+FFFD, so any split decodes. */
    public String decode(int[] ids) {
        return new String(decodeBytes(ids), StandardCharsets.UTF_8);
    }

    /** The concatenated bytes of {@code ids}. */
    public byte[] decodeBytes(int[] ids) {
        long total = 0;
        for (int id : ids) {
            if (id < 0 || id >= tokenBytes.length || tokenBytes[id] == null) {
                throw new IllegalArgumentException("token id " + id + " is not in the vocabulary");
            }
            total += tokenBytes[id].length;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(ids.length + " ids decode to " + total
                    + " bytes, more than one Java array can hold");
        }
        byte[] out = new byte[(int) total];
        int at = 0;
        for (int id : ids) {
            System.arraycopy(tokenBytes[id], 0, out, at, tokenBytes[id].length);
            at += tokenBytes[id].length;
        }
        return out;
    }
}
