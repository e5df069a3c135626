package dev.score.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GPT-2's tokenizer format: {@code encoder.json} maps each token, spelled with {@link ByteUnicode}'s table,
 * to its id; {@code vocab.bpe} lists the merges in rank order, one "left right" pair a line after a
 * {@code #version} line. An entry that is neither a single byte nor the result of a merge (GPT-2's
 * {@code <|endoftext|>}) is a special token.
 */
public final class Gpt2Files {
    public static final String ENCODER = "encoder.json";
    public static final String MERGES = "vocab.bpe";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Gpt2Files() {
    }

    public static BpeTokenizer load(Path dir) throws IOException {
        Path encoderFile = dir.resolve(ENCODER);
        Path mergesFile = dir.resolve(MERGES);
        Map<String, Integer> encoder = readEncoder(encoderFile);
        List<String> lines = readLines(mergesFile);
        int[] byteTokens = new int[256];
        for (int b = 0; b < 256; b++) {
            Integer id = encoder.get(String.valueOf(ByteUnicode.charOf(b)));
            if (id == null) {
                throw new TokenizerFileException(encoderFile + ": no token for byte " + b + " ('"
                        + ByteUnicode.charOf(b) + "')");
            }
            byteTokens[b] = id;
        }
        List<int[]> merges = new ArrayList<>();
        Map<String, Boolean> produced = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || (i == 0 && line.startsWith("#version"))) {
                continue;
            }
            String where = mergesFile + ":" + (i + 1);
            String[] parts = line.strip().split("\\s+");
            if (parts.length != 2) {
                throw new TokenizerFileException(where + ": expected two tokens separated by a space, got '" + line
                        + "'");
            }
            int left = idOf(encoder, parts[0], where);
            int right = idOf(encoder, parts[1], where);
            int result = idOf(encoder, parts[0] + parts[1], where);
            merges.add(new int[] {left, right, result});
            produced.put(parts[0] + parts[1], true);
        }
        Map<String, Integer> specials = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> entry : encoder.entrySet()) {
            String token = entry.getKey();
            if (!(token.length() == 1 && ByteUnicode.byteOf(token.charAt(0)) >= 0) && !produced.containsKey(token)) {
                specials.put(token, entry.getValue());
            }
        }
        try {
            return new BpeTokenizer(byteTokens, column(merges, 0), column(merges, 1), column(merges, 2), specials);
        } catch (TokenizerFileException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new TokenizerFileException(encoderFile + " with " + MERGES + ": " + e.getMessage());
        }
    }

    private static Map<String, Integer> readEncoder(Path file) throws IOException {
        JsonNode root = TokenizerFileJson.read(file);
        if (!root.isObject()) {
            throw new TokenizerFileException(file + ": expected a JSON object of token → id");
        }
        Map<String, Integer> encoder = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().canConvertToInt() || !entry.getValue().isIntegralNumber() || entry.getValue().asInt() < 0) {
                throw new TokenizerFileException(file + ": token '" + entry.getKey() + "' has id " + entry.getValue()
                        + ", not a non-negative integer");
            }
            encoder.put(entry.getKey(), entry.getValue().asInt());
        }
        return encoder;
    }

    private static List<String> readLines(Path file) throws IOException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new TokenizerFileException(file + ": expected UTF-8 text, found invalid bytes");
        }
    }

    private static int idOf(Map<String, Integer> encoder, String token, String where) {
        Integer id = encoder.get(token);
        if (id == null) {
            throw new TokenizerFileException(where + ": the merge names token '" + token + "', which is not in "
                    + ENCODER);
        }
        return id;
    }

    private static int[] column(List<int[]> rows, int c) {
        return rows.stream().mapToInt(r -> r[c]).toArray();
    }

    /**
     * Writes {@code encoder.json} and {@code vocab.bpe} for {@code tokenizer} into {@code dir}.
     *
     * @throws IllegalArgumentException if the tokenizer does more than these files can say: a normalizer,
     *                                  another pre-tokenizer, whole-piece lookup, or added tokens that are not special
     */
    public static void save(BpeTokenizer tokenizer, Path dir) throws IOException {
        TextPipeline pipeline = tokenizer.pipeline();
        boolean gpt2Splitting = pipeline.preTokenizer() instanceof ByteLevelSplit split && split.useRegex()
                && !split.addPrefixSpace();
        if (pipeline.normalizer() != null || !gpt2Splitting || pipeline.ignoreMerges()
                || tokenizer.addedTokens().stream().anyMatch(t -> !t.special() || t.normalized())) {
            throw new IllegalArgumentException("this tokenizer does more than " + ENCODER + " and " + MERGES
                    + " can describe; save it as tokenizer.json");
        }
        Files.createDirectories(dir);
        Map<String, Integer> encoder = new LinkedHashMap<>();
        for (int id = 0; id < tokenizer.vocabSize(); id++) {
            if (tokenizer.hasToken(id)) {
                String spelled = tokenizer.specialTokens().containsValue(id) ? null
                        : ByteUnicode.encode(tokenizer.bytesOf(id));
                if (spelled != null) {
                    encoder.put(spelled, id);
                }
            }
        }
        encoder.putAll(tokenizer.specialTokens());
        JSON.writeValue(dir.resolve(ENCODER).toFile(), encoder);
        StringBuilder merges = new StringBuilder("#version: 0.2\n");
        for (int r = 0; r < tokenizer.mergeCount(); r++) {
            merges.append(ByteUnicode.encode(tokenizer.bytesOf(tokenizer.mergeLeft(r)))).append(' ')
                    .append(ByteUnicode.encode(tokenizer.bytesOf(tokenizer.mergeRight(r)))).append('\n');
        }
        Files.writeString(dir.resolve(MERGES), merges, StandardCharsets.UTF_8);
    }
}
