package dev.score.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our reading of the real Qwen3 and Llama 3 {@code tokenizer.json} gives the Rust library's ids on the
 * awkward corpus and on random strings, special tokens allowed, and decodes any ids as it does.
 */
class HfTokenizerParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path dir(String model) throws Exception {
        return model.equals("qwen3") ? HfReference.qwen3() : HfReference.llama3();
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3", "llama3"})
    void idsEqualTheRustLibrarys(String model) throws Exception {
        BpeTokenizer ours = TokenizerJson.load(dir(model));
        try (HuggingFaceTokenizer rust = HfReference.rust(dir(model))) {
            Set<String> specials = ours.specialTokens().keySet();
            for (String text : HfCorpus.texts(model.hashCode(), 1500)) {
                assertArrayEquals(HfReference.ids(rust, text), ours.encode(text, specials), () -> escaped(text));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3", "llama3"})
    void everyTokenSpelledOutEncodesAsTheRustLibraryEncodesIt(String model) throws Exception {
        BpeTokenizer ours = TokenizerJson.load(dir(model));
        try (HuggingFaceTokenizer rust = HfReference.rust(dir(model))) {
            for (String text : tokenTexts(ours)) {
                assertArrayEquals(HfReference.ids(rust, text), ours.encode(text), () -> escaped(text));
            }
        }
    }

    /** The text of every token whose bytes are whole UTF-8, each also after a space and a letter. */
    static List<String> tokenTexts(BpeTokenizer tokenizer) {
        List<String> texts = new java.util.ArrayList<>();
        java.nio.charset.CharsetDecoder utf8 = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
        for (int id = 0; id < tokenizer.vocabSize(); id++) {
            if (tokenizer.hasToken(id) && !tokenizer.specialTokens().containsValue(id)) {
                try {
                    String text = utf8.decode(java.nio.ByteBuffer.wrap(tokenizer.bytesOf(id))).toString();
                    texts.add(text);
                    texts.add("x " + text);
                } catch (java.nio.charset.CharacterCodingException e) {
                    // A piece of a multi-byte character: no text spells it alone.
                }
            }
        }
        return texts;
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3", "llama3"})
    void anyIdsDecodeAsTheRustLibraryDecodesThem(String model) throws Exception {
        BpeTokenizer ours = TokenizerJson.load(dir(model));
        try (HuggingFaceTokenizer rust = HfReference.rust(dir(model))) {
            for (String text : HfCorpus.texts(7, 200)) {
                int[] ids = ours.encode(text, ours.specialTokens().keySet());
                assertEquals(text.isEmpty() ? "" : HfReference.decode(rust, ids), ours.decode(ids), () -> escaped(text));
            }
            // Random ids split multi-byte characters across tokens and mix in special tokens.
            Random random = new Random(11);
            for (int i = 0; i < 500; i++) {
                int[] ids = IntStream.range(0, 1 + random.nextInt(8)).map(j -> random.nextInt(ours.vocabSize()))
                        .filter(ours::hasToken).toArray();
                assertEquals(HfReference.decode(rust, ids), ours.decode(ids), () -> Arrays.toString(ids));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3", "llama3"})
    void specialSpellingsAreOrdinaryTextUnlessAllowed(String model) throws Exception {
        BpeTokenizer ours = TokenizerJson.load(dir(model));
        for (String special : ours.specialTokens().keySet()) {
            String text = "a" + special + " b";
            int[] ids = ours.encode(text);
            assertFalse(Arrays.stream(ids).anyMatch(id -> id == ours.specialId(special)), special);
            assertEquals(text, ours.decode(ids));
            assertTrue(Arrays.stream(ours.encode(text, Set.of(special))).anyMatch(id -> id == ours.specialId(special)));
        }
    }

    /**
     * The texts tell the files' parts apart: reading Llama 3 without its {@code ignore_merges}, or Qwen3
     * without its NFC normalizer, gives other ids than the Rust library does on them. A parity test whose
     * texts never exercised those parts would pass with either bug.
     */
    @ParameterizedTest
    @ValueSource(strings = {"qwen3", "llama3"})
    void thePartsEachFileNeedsChangeTheCorpussIds(String model, @TempDir Path tmp) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(dir(model).resolve(TokenizerJson.FILE).toFile());
        if (model.equals("llama3")) {
            ((ObjectNode) root.get("model")).put("ignore_merges", false);
        } else {
            root.putNull("normalizer");
        }
        Files.createDirectories(tmp);
        JSON.writeValue(tmp.resolve(TokenizerJson.FILE).toFile(), root);
        BpeTokenizer planted = TokenizerJson.load(tmp);
        try (HuggingFaceTokenizer rust = HfReference.rust(dir(model))) {
            List<String> texts = new java.util.ArrayList<>(HfCorpus.texts(model.hashCode(), 1500));
            texts.addAll(tokenTexts(planted));
            long differing = texts.stream().filter(text -> !Arrays.equals(HfReference.ids(rust, text),
                    planted.encode(text, planted.specialTokens().keySet()))).count();
            assertTrue(differing > 0, "no text of the corpus tells the planted bug apart");
        }
    }

    static String escaped(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return out.length() > 300 ? out.substring(0, 300) + "…" : out.toString();
    }
}
