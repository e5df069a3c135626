package dev.score.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.PatternSyntaxException;

/**
 * Hugging Face's {@code tokenizer.json} (the {@code tokenizers} library's format) for byte-level BPE, the kind
 * GPT-2, Llama 3, Qwen2/2.5/3 and SmolLM2 ship: a {@code BPE} model whose merges are {@code "a b"} strings or
 * {@code ["a", "b"]} pairs, optionally {@code ignore_merges}; an {@code NFC}/{@code NFD}/{@code NFKC}/{@code NFKD}
 * normalizer or a {@code Sequence} of them; {@code ByteLevel}, {@code Split}, {@code Digits} and
 * {@code Sequence} pre-tokenizers; {@code added_tokens} with all their flags; a {@code ByteLevel} decoder.
 * Anything else (a WordPiece or Unigram model, another normalizer or pre-tokenizer) is refused with an error
 * that names the file and the JSON path of the part.
 */
final class HfTokenizerJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Path file;

    private HfTokenizerJson(Path file) {
        this.file = file;
    }

    /** The tokenizer {@code root}, the JSON of {@code file}, describes. */
    static BpeTokenizer load(Path file, JsonNode root) {
        return new HfTokenizerJson(file).read(root);
    }

    private BpeTokenizer read(JsonNode root) {
        object(root, "the top level");
        JsonNode model = object(root.path("model"), "model");
        String type = model.path("type").asText("BPE");
        if (!type.equals("BPE")) {
            throw refused("model.type", "a " + type + " model (only byte-level BPE is supported)");
        }
        if (!model.path("dropout").isNull() && !model.path("dropout").isMissingNode()
                && model.path("dropout").asDouble(1) != 0) {
            throw refused("model.dropout", "BPE dropout (encoding would be random)");
        }
        if (model.path("byte_fallback").asBoolean(false)) {
            throw refused("model.byte_fallback", "byte fallback (a SentencePiece-style BPE, not a byte-level one)");
        }
        for (String affix : List.of("continuing_subword_prefix", "end_of_word_suffix")) {
            if (!model.path(affix).asText("").isEmpty()) {
                throw refused("model." + affix, "a subword affix (\"" + model.path(affix).asText() + "\")");
            }
        }
        boolean ignoreMerges = bool(model, "ignore_merges", "model");

        Map<String, Integer> vocab = vocab(object(model.path("vocab"), "model.vocab"));
        int[] byteTokens = new int[256];
        for (int b = 0; b < 256; b++) {
            Integer id = vocab.get(String.valueOf(ByteUnicode.charOf(b)));
            if (id == null) {
                throw new TokenizerFileException(file + ": model.vocab: no token for byte " + b + " ('"
                        + ByteUnicode.charOf(b) + "'), so this is not a byte-level vocabulary");
            }
            byteTokens[b] = id;
        }
        JsonNode merges = array(model.path("merges"), "model.merges");
        int n = merges.size();
        int[] left = new int[n];
        int[] right = new int[n];
        int[] result = new int[n];
        for (int r = 0; r < n; r++) {
            String where = "model.merges[" + r + "]";
            String[] pair = mergePair(merges.get(r), where);
            left[r] = known(vocab, pair[0], where);
            right[r] = known(vocab, pair[1], where);
            result[r] = known(vocab, pair[0] + pair[1], where);
        }
        // Every token but the bytes is given by its spelling: a file's merges need not come in the order that
        // builds the tokens up (Llama 3's name tokens that later merges make, and make most tokens twice).
        Map<Integer, String> others = new TreeMap<>();
        java.util.Set<Integer> bytes = new java.util.HashSet<>();
        for (int id : byteTokens) {
            bytes.add(id);
        }
        vocab.forEach((spelled, id) -> {
            if (!bytes.contains(id)) {
                others.put(id, spelled);
            }
        });

        List<AddedToken> added = addedTokens(root.path("added_tokens"), vocab);
        TextNormalizer normalizer = normalizer(root.path("normalizer"), "normalizer");
        JsonNode preTokenizerJson = root.path("pre_tokenizer");
        if (preTokenizerJson.isNull() || preTokenizerJson.isMissingNode()) {
            throw refused("pre_tokenizer", "no pre-tokenizer (a byte-level BPE needs ByteLevel)");
        }
        PreTokenizer preTokenizer = preTokenizer(preTokenizerJson, "pre_tokenizer");
        if (!hasByteLevel(preTokenizer)) {
            throw refused("pre_tokenizer", "pre-tokenization without a ByteLevel step (not a byte-level BPE)");
        }
        JsonNode decoder = root.path("decoder");
        if (!decoder.isObject() || !decoder.path("type").asText().equals("ByteLevel")) {
            throw refused("decoder", decoder.isObject() ? "a " + decoder.path("type").asText() + " decoder"
                    : "no decoder (a byte-level BPE decodes with ByteLevel)");
        }
        JsonNode postProcessor = root.path("post_processor").isMissingNode() ? NODES.nullNode()
                : root.path("post_processor");
        TextPipeline pipeline = new TextPipeline(normalizer, preTokenizer, ignoreMerges, postProcessor, decoder);
        try {
            return new BpeTokenizer(byteTokens, left, right, result, others, added, pipeline);
        } catch (IllegalArgumentException e) {
            throw new TokenizerFileException(file + ": " + e.getMessage());
        }
    }

    private Map<String, Integer> vocab(JsonNode vocab) {
        Map<String, Integer> ids = new HashMap<>();
        Map<Integer, String> seen = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String where = "model.vocab[\"" + entry.getKey() + "\"]";
            int id = id(entry.getValue(), where);
            String before = seen.put(id, entry.getKey());
            if (before != null) {
                throw new TokenizerFileException(file + ": " + where + ": id " + id + " is also the id of \""
                        + before + "\"");
            }
            ids.put(entry.getKey(), id);
        }
        return ids;
    }

    private String[] mergePair(JsonNode merge, String where) {
        if (merge.isTextual()) {
            String[] parts = merge.asText().split(" ", -1);
            if (parts.length != 2) {
                throw new TokenizerFileException(file + ": " + where + ": expected \"left right\", found \""
                        + merge.asText() + "\"");
            }
            return parts;
        }
        if (merge.isArray() && merge.size() == 2 && merge.get(0).isTextual() && merge.get(1).isTextual()) {
            return new String[] {merge.get(0).asText(), merge.get(1).asText()};
        }
        throw new TokenizerFileException(file + ": " + where + ": expected \"left right\" or [\"left\", \"right\"]");
    }

    private int known(Map<String, Integer> vocab, String token, String where) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new TokenizerFileException(file + ": " + where + ": \"" + token + "\" is not in model.vocab");
        }
        return id;
    }

    /**
     * The added tokens, each holding the id Hugging Face's library gives it: the id of the model's token that
     * its text spells, else the next after the vocabulary and the added tokens before it. The library
     * renumbers a token whose listed id disagrees (warning at most), which would leave its id meaning one thing
     * here and another there, so such a file is refused.
     */
    private List<AddedToken> addedTokens(JsonNode list, Map<String, Integer> vocab) {
        List<AddedToken> added = new ArrayList<>();
        Map<String, Integer> addedIds = new HashMap<>();
        if (list.isMissingNode() || list.isNull()) {
            return added;
        }
        array(list, "added_tokens");
        for (int i = 0; i < list.size(); i++) {
            String where = "added_tokens[" + i + "]";
            JsonNode token = object(list.get(i), where);
            JsonNode content = token.path("content");
            if (!content.isTextual()) {
                throw new TokenizerFileException(file + ": " + where + ".content: expected a string");
            }
            boolean special = bool(token, "special", where);
            // The library's default: special tokens match the raw text, the others the normalized text.
            boolean normalized = token.has("normalized") ? bool(token, "normalized", where) : !special;
            int id = id(token.path("id"), where + ".id");
            Integer libraryId = vocab.containsKey(content.asText()) ? vocab.get(content.asText())
                    : addedIds.containsKey(content.asText()) ? addedIds.get(content.asText())
                    : addedIds.values().stream().max(Integer::compare).filter(max -> max >= vocab.size())
                            .map(max -> max + 1).orElse(vocab.size());
            if (id != libraryId) {
                throw new TokenizerFileException(file + ": " + where + ": \"" + content.asText() + "\" is listed with id "
                        + id + ", but Hugging Face's library gives it id " + libraryId + " (the model's token it spells, "
                        + "else the next id after the vocabulary and the added tokens before it)");
            }
            addedIds.put(content.asText(), id);
            added.add(new AddedToken(content.asText(), id, special,
                    bool(token, "single_word", where), bool(token, "lstrip", where), bool(token, "rstrip", where),
                    normalized));
        }
        return added;
    }

    private TextNormalizer normalizer(JsonNode json, String where) {
        if (json.isNull() || json.isMissingNode()) {
            return null;
        }
        String type = type(json, where);
        switch (type) {
            case "NFC", "NFD", "NFKC", "NFKD" -> {
                return new TextNormalizer.UnicodeForm(Normalizer.Form.valueOf(type));
            }
            case "Sequence" -> {
                JsonNode steps = array(json.path("normalizers"), where + ".normalizers");
                List<TextNormalizer> list = new ArrayList<>();
                for (int i = 0; i < steps.size(); i++) {
                    list.add(normalizer(object(steps.get(i), where + ".normalizers[" + i + "]"),
                            where + ".normalizers[" + i + "]"));
                }
                return new TextNormalizer.Sequence(list);
            }
            default -> throw refused(where, "the normalizer " + type);
        }
    }

    private PreTokenizer preTokenizer(JsonNode json, String where) {
        String type = type(json, where);
        switch (type) {
            case "ByteLevel" -> {
                return new ByteLevelSplit(bool(json, "add_prefix_space", where),
                        json.has("use_regex") ? bool(json, "use_regex", where) : true,
                        json.has("trim_offsets") ? bool(json, "trim_offsets", where) : true,
                        Gpt2Pretokenizer.Space.UNICODE);
            }
            case "Split" -> {
                JsonNode pattern = object(json.path("pattern"), where + ".pattern");
                boolean literal = pattern.has("String");
                JsonNode source = literal ? pattern.path("String") : pattern.path("Regex");
                if (!source.isTextual()) {
                    throw new TokenizerFileException(file + ": " + where + ".pattern: expected {\"Regex\": ...} or "
                            + "{\"String\": ...}");
                }
                SplitBehavior behavior = SplitBehavior.ofJsonName(json.path("behavior").asText());
                if (behavior == null) {
                    throw refused(where + ".behavior", "the split behavior \"" + json.path("behavior").asText()
                            + "\"");
                }
                try {
                    return RegexSplit.of(source.asText(), literal, behavior, bool(json, "invert", where));
                } catch (PatternSyntaxException e) {
                    throw new TokenizerFileException(file + ": " + where + ".pattern: a regex Java cannot read: "
                            + e.getDescription() + " at index " + e.getIndex());
                }
            }
            case "Digits" -> {
                return new DigitsSplit(bool(json, "individual_digits", where));
            }
            case "Sequence" -> {
                JsonNode steps = array(json.path("pretokenizers"), where + ".pretokenizers");
                List<PreTokenizer> list = new ArrayList<>();
                for (int i = 0; i < steps.size(); i++) {
                    list.add(preTokenizer(steps.get(i), where + ".pretokenizers[" + i + "]"));
                }
                return new PreTokenizerSequence(list);
            }
            default -> throw refused(where, "the pre-tokenizer " + type);
        }
    }

    private static boolean hasByteLevel(PreTokenizer preTokenizer) {
        return preTokenizer instanceof ByteLevelSplit
                || (preTokenizer instanceof PreTokenizerSequence sequence
                        && sequence.steps().stream().anyMatch(HfTokenizerJson::hasByteLevel));
    }

    /** The {@code tokenizer.json} of {@code tokenizer}, which Hugging Face's library loads with the same ids. */
    static ObjectNode write(BpeTokenizer tokenizer) {
        ObjectNode root = NODES.objectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (AddedToken token : tokenizer.addedTokens()) {
            added.addObject().put("id", token.id()).put("content", token.content())
                    .put("single_word", token.singleWord()).put("lstrip", token.lstrip())
                    .put("rstrip", token.rstrip()).put("normalized", token.normalized())
                    .put("special", token.special());
        }
        TextPipeline pipeline = tokenizer.pipeline();
        root.set("normalizer", pipeline.normalizer() == null ? NODES.nullNode() : pipeline.normalizer().toJson());
        root.set("pre_tokenizer", pipeline.preTokenizer().toJson());
        root.set("post_processor", pipeline.postProcessor());
        root.set("decoder", pipeline.decoder());
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", pipeline.ignoreMerges());
        ObjectNode vocab = model.putObject("vocab");
        Map<String, Integer> ids = new HashMap<>();
        for (int id : tokenizer.modelTokenIds()) {
            String spelled = tokenizer.spellingOf(id);
            Integer before = ids.put(spelled, id);
            if (before != null && before != id) {
                throw new IllegalArgumentException("tokens " + before + " and " + id + " are both spelled \""
                        + spelled + "\", which tokenizer.json cannot tell apart");
            }
            vocab.put(spelled, id);
        }
        ArrayNode merges = model.putArray("merges");
        for (int r = 0; r < tokenizer.mergeCount(); r++) {
            merges.addArray().add(tokenizer.spellingOf(tokenizer.mergeLeft(r)))
                    .add(tokenizer.spellingOf(tokenizer.mergeRight(r)));
        }
        return root;
    }

    private JsonNode object(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new TokenizerFileException(file + ": " + where + ": expected an object");
        }
        return node;
    }

    private JsonNode array(JsonNode node, String where) {
        if (!node.isArray()) {
            throw new TokenizerFileException(file + ": " + where + ": expected an array");
        }
        return node;
    }

    private String type(JsonNode json, String where) {
        object(json, where);
        if (!json.path("type").isTextual()) {
            throw new TokenizerFileException(file + ": " + where + ".type: expected a string");
        }
        return json.path("type").asText();
    }

    private boolean bool(JsonNode json, String field, String where) {
        JsonNode value = json.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new TokenizerFileException(file + ": " + where + "." + field + ": expected true or false");
        }
        return value.asBoolean();
    }

    private int id(JsonNode value, String where) {
        if (!value.isInt() || value.asInt() < 0) {
            throw new TokenizerFileException(file + ": " + where + ": expected an id (an integer ≥ 0)");
        }
        return value.asInt();
    }

    private TokenizerFileException refused(String where, String what) {
        return new TokenizerFileException(file + ": " + where + ": " + what + " is not supported");
    }
}
