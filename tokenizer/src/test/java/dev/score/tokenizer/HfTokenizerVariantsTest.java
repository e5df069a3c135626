package dev.score.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parts of {@code tokenizer.json} that the two real files do not use — every split behaviour, inverted
 * splits, literal patterns, {@code Digits}, {@code ByteLevel} with its own regex and a prefix space, other
 * normal forms and sequences of them, added tokens that strip white space, match single words only or match
 * the normalized text — each planted into Qwen3's file and held to the Rust library on the same texts.
 */
class HfTokenizerVariantsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NUMBERS_OR_SPACE = "\\p{N}+| ";
    private static ObjectNode qwen3;
    private static List<String> texts;

    @BeforeAll
    static void load() throws Exception {
        qwen3 = (ObjectNode) JSON.readTree(HfReference.qwen3().resolve(TokenizerJson.FILE).toFile());
        texts = HfCorpus.texts(3, 400);
    }

    static Stream<Arguments> variants() {
        return Stream.of(
                variant("Split Removed", root -> splitThenBytes(root, split(NUMBERS_OR_SPACE, "Removed", false))),
                variant("Split Isolated inverted", root -> splitThenBytes(root, split(NUMBERS_OR_SPACE, "Isolated", true))),
                variant("Split MergedWithPrevious", root -> splitThenBytes(root, split(NUMBERS_OR_SPACE, "MergedWithPrevious", false))),
                variant("Split MergedWithNext", root -> splitThenBytes(root, split(NUMBERS_OR_SPACE, "MergedWithNext", false))),
                variant("Split Contiguous", root -> splitThenBytes(root, split("\\p{N}| ", "Contiguous", false))),
                variant("Split MergedWithNext inverted", root -> splitThenBytes(root, split("\\s", "MergedWithNext", true))),
                variant("Split on a literal string", root -> {
                    ObjectNode split = split("", "MergedWithPrevious", false);
                    split.putObject("pattern").put("String", "a");
                    splitThenBytes(root, split);
                }),
                variant("Digits one by one, then ByteLevel's regex", root -> root.set("pre_tokenizer",
                        sequence(JSON.createObjectNode().put("type", "Digits").put("individual_digits", true),
                                byteLevel(false, true)))),
                variant("Digits in runs, then ByteLevel's regex", root -> root.set("pre_tokenizer",
                        sequence(JSON.createObjectNode().put("type", "Digits").put("individual_digits", false),
                                byteLevel(false, true)))),
                variant("ByteLevel alone with a prefix space", root -> root.set("pre_tokenizer", byteLevel(true, true))),
                variant("NFKC", root -> root.set("normalizer", JSON.createObjectNode().put("type", "NFKC"))),
                variant("Sequence of NFD and NFKC", root -> {
                    ObjectNode normalizer = JSON.createObjectNode().put("type", "Sequence");
                    normalizer.putArray("normalizers").add(JSON.createObjectNode().put("type", "NFD"))
                            .add(JSON.createObjectNode().put("type", "NFKC"));
                    root.set("normalizer", normalizer);
                }),
                variant("ignore_merges on Qwen3", root -> ((ObjectNode) root.get("model")).put("ignore_merges", true)),
                variant("added tokens with every flag", root -> {
                    // Ids as the library gives them: a text the vocabulary spells keeps its id there.
                    ArrayNode added = (ArrayNode) root.get("added_tokens");
                    JsonNode vocab = root.get("model").get("vocab");
                    added.add(token(151669, "<mask>", true, false, true, false, false));
                    added.add(token(151670, "<|im_end|>x", true, false, false, true, false));
                    added.add(token(vocab.get("end").asInt(), "end", false, true, false, false, false));
                    added.add(token(vocab.get("ab").asInt(), "ab", false, true, true, true, true));
                    added.add(token(151671, "café", false, false, false, false, true));
                    added.add(token(151672, "e\u0301t", false, false, false, false, true));
                    added.add(token(151673, "日本", true, false, true, true, false));
                    added.add(token(vocab.has("im_") ? vocab.get("im_").asInt() : 151674, "im_", false, false, false, false, false));
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void idsEqualTheRustLibrarys(String name, Consumer<ObjectNode> plant, @TempDir Path dir) throws Exception {
        ObjectNode root = qwen3.deepCopy();
        plant.accept(root);
        JSON.writeValue(dir.resolve(TokenizerJson.FILE).toFile(), root);
        BpeTokenizer ours = TokenizerJson.load(dir);
        List<String> cases = new java.util.ArrayList<>(texts);
        cases.addAll(List.of("a <mask> b", "a<mask>  b", "x <|im_end|>x  y", "the end ending bend end.", "ab abc ab",
                "café cafe\u0301 CAFÉ", "ete\u0301t e\u0301t", "日本 日本語 日本", "an im_end im_", "a1b22c333 4444"));
        try (HuggingFaceTokenizer rust = HfReference.rust(dir)) {
            for (String text : cases) {
                assertArrayEquals(HfReference.ids(rust, text), ours.encode(text, ours.specialTokens().keySet()),
                        () -> name + ": " + HfTokenizerParityTest.escaped(text));
            }
        }
    }

    @Test
    void aVariantSavedByUsLoadsInTheRustLibraryWithTheSameIds(@TempDir Path dir) throws Exception {
        ObjectNode root = qwen3.deepCopy();
        root.set("pre_tokenizer", sequence(JSON.createObjectNode().put("type", "Digits").put("individual_digits", true),
                split(NUMBERS_OR_SPACE, "MergedWithNext", false), byteLevel(false, false)));
        Files.createDirectories(dir.resolve("in"));
        JSON.writeValue(dir.resolve("in").resolve(TokenizerJson.FILE).toFile(), root);
        BpeTokenizer read = TokenizerJson.load(dir.resolve("in"));
        TokenizerJson.save(read, dir.resolve("out"));
        BpeTokenizer reread = TokenizerJson.load(dir.resolve("out"));
        try (HuggingFaceTokenizer rust = HfReference.rust(dir.resolve("out"))) {
            for (String text : texts) {
                int[] expected = read.encode(text, read.specialTokens().keySet());
                assertArrayEquals(expected, HfReference.ids(rust, text), () -> HfTokenizerParityTest.escaped(text));
                assertArrayEquals(expected, reread.encode(text, reread.specialTokens().keySet()));
            }
        }
        assertEquals(read.vocabSize(), reread.vocabSize());
    }

    private static Arguments variant(String name, Consumer<ObjectNode> plant) {
        return Arguments.of(name, plant);
    }

    private static void splitThenBytes(ObjectNode root, ObjectNode split) {
        root.set("pre_tokenizer", sequence(split, byteLevel(false, false)));
    }

    private static ObjectNode split(String regex, String behavior, boolean invert) {
        ObjectNode split = JSON.createObjectNode().put("type", "Split");
        split.putObject("pattern").put("Regex", regex);
        return split.put("behavior", behavior).put("invert", invert);
    }

    private static ObjectNode byteLevel(boolean addPrefixSpace, boolean useRegex) {
        return JSON.createObjectNode().put("type", "ByteLevel").put("add_prefix_space", addPrefixSpace)
                .put("trim_offsets", false).put("use_regex", useRegex);
    }

    private static ObjectNode sequence(JsonNode... steps) {
        ObjectNode sequence = JSON.createObjectNode().put("type", "Sequence");
        ArrayNode list = sequence.putArray("pretokenizers");
        for (JsonNode step : steps) {
            list.add(step);
        }
        return sequence;
    }

    private static ObjectNode token(int id, String content, boolean special, boolean singleWord, boolean lstrip,
            boolean rstrip, boolean normalized) {
        return JSON.createObjectNode().put("id", id).put("content", content).put("single_word", singleWord)
                .put("lstrip", lstrip).put("rstrip", rstrip).put("normalized", normalized).put("special", special);
    }
}
