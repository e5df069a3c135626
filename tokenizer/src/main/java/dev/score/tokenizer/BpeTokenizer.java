package dev.score.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-level BPE: text is cut into pieces (see {@link TextPipeline}), each piece's UTF-8 bytes become base
 * tokens, and merges are applied lowest rank first, every occurrence left to right, as OpenAI's encoder.py
 * and Hugging Face's BPE do. Added tokens ({@link AddedToken}) are found in the text before any of that.
 * Tokens are ids throughout (pairs are looked up as longs, words are int arrays), and each distinct piece is
 * encoded once and cached. Instances are immutable and safe to share between threads.
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
    private final Map<Integer, String> otherTokens;
    private final byte[][] tokenBytes;
    private final List<AddedToken> addedTokens;
    private final Map<String, Integer> specials;
    private final TextPipeline pipeline;
    // With ignore_merges, the model's tokens by their byte-level spelling; otherwise null.
    private final Map<String, Integer> wholePieces;
    private final Matchers ordinaryMatchers;
    private final Matchers allMatchers;
    private final PairRanks ranks;
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    /** The added tokens one call may match: those found in the raw text, and those found once it is normalized. */
    private record Matchers(AddedTokenMatcher raw, AddedTokenMatcher normalized) {
    }

    /**
     * A tokenizer on GPT-2's pipeline whose added tokens are all special.
     *
     * @param byteTokens  the id of each byte value's base token (256 entries)
     * @param mergeLeft   merge r joins {@code mergeLeft[r]} and {@code mergeRight[r]} into {@code mergeResult[r]};
     *                    r is the merge's rank (lower merges first)
     * @param specials    special token texts and their ids
     * @throws IllegalArgumentException if the ids do not describe a vocabulary (a merge names an id no
     *                    earlier base token or merge defines, an id is used twice, ...)
     */
    public BpeTokenizer(int[] byteTokens, int[] mergeLeft, int[] mergeRight, int[] mergeResult,
            Map<String, Integer> specials) {
        this(byteTokens, mergeLeft, mergeRight, mergeResult, Map.of(), specialTokens(specials), TextPipeline.GPT2);
    }

    /**
     * @param otherTokens tokens of the model's vocabulary other than the 256 bytes, by id, spelled as
     *                    {@code tokenizer.json} spells them (byte-level characters, or else plain text); a
     *                    merge may then name any of them, in any order, and must spell its result
     * @param addedTokens the tokens matched before splitting, special or not
     * @throws IllegalArgumentException as the other constructor
     */
    public BpeTokenizer(int[] byteTokens, int[] mergeLeft, int[] mergeRight, int[] mergeResult,
            Map<Integer, String> otherTokens, List<AddedToken> addedTokens, TextPipeline pipeline) {
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
        this.otherTokens = Collections.unmodifiableMap(new TreeMap<>(otherTokens));
        this.addedTokens = List.copyOf(addedTokens);
        this.pipeline = pipeline;
        Map<String, Integer> specialIds = new LinkedHashMap<>();
        int size = 0;
        for (int id : byteTokens) {
            size = Math.max(size, boundedId(id, "a byte token") + 1);
        }
        for (int id : mergeResult) {
            size = Math.max(size, boundedId(id, "a merge") + 1);
        }
        for (int id : otherTokens.keySet()) {
            size = Math.max(size, boundedId(id, "token " + otherTokens.get(id)) + 1);
        }
        for (AddedToken added : addedTokens) {
            // An empty spelling occurs everywhere in a text, so encoding would never get past it.
            if (added.content().isEmpty()) {
                throw new IllegalArgumentException("added token with id " + added.id() + " has an empty text");
            }
            size = Math.max(size, boundedId(added.id(), "added token " + added.content()) + 1);
            if (added.special()) {
                specialIds.put(added.content(), added.id());
            }
        }
        this.specials = Collections.unmodifiableMap(specialIds);
        tokenBytes = new byte[size][];
        long totalBytes = 0;
        for (int b = 0; b < 256; b++) {
            define(byteTokens[b], new byte[] {(byte) b}, "byte " + b);
        }
        for (Map.Entry<Integer, String> other : this.otherTokens.entrySet()) {
            if (other.getKey() < 0 || tokenBytes[other.getKey()] != null) {
                throw new IllegalArgumentException("token " + other.getValue() + " has id " + other.getKey()
                        + ", which is negative or a byte token's");
            }
            tokenBytes[other.getKey()] = spelledBytes(other.getValue());
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
        for (AddedToken added : addedTokens) {
            int id = added.id();
            byte[] bytes = spelledBytes(added.content());
            // A tokenizer.json may list a token of the model's vocabulary among its added tokens, under its id.
            if (id < 0 || (tokenBytes[id] != null && !Arrays.equals(tokenBytes[id], bytes))) {
                throw new IllegalArgumentException("added token " + added.content() + " has id " + id
                        + ", which is negative or already taken");
            }
            tokenBytes[id] = bytes;
        }
        ranks = new PairRanks(mergeLeft, mergeRight);
        wholePieces = pipeline.ignoreMerges() ? spellings() : null;
        ordinaryMatchers = matchers(this.addedTokens.stream().filter(t -> !t.special()).toList());
        allMatchers = matchers(this.addedTokens);
    }

    private static List<AddedToken> specialTokens(Map<String, Integer> specials) {
        return specials.entrySet().stream().map(e -> AddedToken.special(e.getKey(), e.getValue())).toList();
    }

    /**
     * The bytes a token spelled {@code spelled} decodes to, as the {@code ByteLevel} decoder has it: the
     * bytes its characters stand for if all of them are byte-level characters, else its UTF-8.
     */
    static byte[] spelledBytes(String spelled) {
        byte[] bytes = ByteUnicode.decode(spelled);
        return bytes != null ? bytes : spelled.getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, Integer> spellings() {
        Map<String, Integer> byPiece = new HashMap<>();
        for (int id : modelTokenIds()) {
            byPiece.put(spellingOf(id), id);
        }
        return byPiece;
    }

    /** How {@code tokenizer.json} spells a token of the model's vocabulary (not an added token). */
    String spellingOf(int id) {
        String other = otherTokens.get(id);
        return other != null ? other : ByteUnicode.encode(tokenBytes[id]);
    }

    private Matchers matchers(List<AddedToken> tokens) {
        List<AddedToken> raw = tokens.stream().filter(t -> !t.normalized()).toList();
        List<AddedToken> normalized = tokens.stream().filter(AddedToken::normalized).toList();
        return new Matchers(new AddedTokenMatcher(raw, content -> content),
                new AddedTokenMatcher(normalized, pipeline::normalize));
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
        List<AddedToken> all = new ArrayList<>(addedTokens);
        int next = vocabSize();
        for (String text : texts) {
            if (addedTokens.stream().noneMatch(t -> t.content().equals(text))) {
                all.add(AddedToken.special(text, next++));
            }
        }
        return new BpeTokenizer(byteTokens, mergeLeft, mergeRight, mergeResult, otherTokens, all, pipeline);
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

    /** The special tokens' texts and ids. */
    public Map<String, Integer> specialTokens() {
        return specials;
    }

    /** All added tokens, special or not, in the order of the file. */
    public List<AddedToken> addedTokens() {
        return addedTokens;
    }

    public TextPipeline pipeline() {
        return pipeline;
    }

    /** The bytes of token {@code id} (an added token's are its text's, as the {@code ByteLevel} decoder reads it). */
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

    /** The ids of the model's vocabulary (bytes, merges' results and other tokens), ascending, each once. */
    int[] modelTokenIds() {
        BitSet ids = new BitSet(tokenBytes.length);
        for (int id : byteTokens) {
            ids.set(id);
        }
        for (int id : mergeResult) {
            ids.set(id);
        }
        otherTokens.keySet().forEach(ids::set);
        return ids.stream().toArray();
    }

    /**
     * The ids of {@code text}, treating any special token's spelling as ordinary text; added tokens that are
     * not special are matched, as they are words of the vocabulary.
     */
    public int[] encode(String text) {
        return encode(text, ordinaryMatchers);
    }

    /** The ids of {@code text}, where the special tokens named in {@code allowed} become their own ids. */
    public int[] encode(String text, Set<String> allowed) {
        for (String special : allowed) {
            if (!specials.containsKey(special)) {
                throw new IllegalArgumentException("not a special token of this vocabulary: " + special);
            }
        }
        Matchers matchers = allowed.isEmpty() ? ordinaryMatchers
                : allowed.size() == specials.size() ? allMatchers
                : matchers(addedTokens.stream().filter(t -> !t.special() || allowed.contains(t.content())).toList());
        return encode(text, matchers);
    }

    private int[] encode(String text, Matchers matchers) {
        IntBuffer out = new IntBuffer(text.length() / 3 + 4);
        if (matchers.raw.isEmpty() && matchers.normalized.isEmpty()) {
            encodePart(pipeline.normalize(text), out);
            return out.toArray();
        }
        matchers.raw.split(text, new AddedTokenMatcher.Parts() {
            @Override
            public void text(String part) {
                matchers.normalized.split(pipeline.normalize(part), new AddedTokenMatcher.Parts() {
                    @Override
                    public void text(String normalizedPart) {
                        encodePart(normalizedPart, out);
                    }

                    @Override
                    public void token(int id) {
                        out.add(id);
                    }
                });
            }

            @Override
            public void token(int id) {
                out.add(id);
            }
        });
        return out.toArray();
    }

    /** Encodes normalized text that holds no added token. */
    private void encodePart(String part, IntBuffer out) {
        if (part.isEmpty()) {
            return;
        }
        pipeline.preTokenizer().split(part, piece -> {
            int[] ids = cache.get(piece);
            if (ids == null) {
                ids = encodePiece(piece);
                if (cache.size() >= CACHE_LIMIT) {
                    cache.clear();
                }
                cache.put(piece, ids);
            }
            out.addAll(ids);
        });
    }

    private int[] encodePiece(String piece) {
        byte[] bytes = Utf8.encode(piece);
        if (wholePieces != null) {
            Integer whole = wholePieces.get(ByteUnicode.encode(bytes));
            if (whole != null) {
                return new int[] {whole};
            }
        }
        return bpe(bytes);
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

    /**
     * The text of ids a model drew: as {@link #decode}, except that an id this tokenizer lacks reads as U+FFFD.
     * A model can have more embedding rows than its tokenizer has tokens (a tokenizer trained to fewer, or a
     * vocabulary padded for speed), so it can draw such an id; its output is then text with a mark where the
     * id was, not an error.
     */
    public String decodeDrawn(int[] ids) {
        StringBuilder text = new StringBuilder();
        int from = 0;
        for (int i = 0; i <= ids.length; i++) {
            if (i == ids.length || !contains(ids[i])) {
                text.append(decode(Arrays.copyOfRange(ids, from, i)));
                if (i < ids.length) {
                    text.append('\uFFFD');
                }
                from = i + 1;
            }
        }
        return text.toString();
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
