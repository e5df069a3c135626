package dev.score.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tokenizer.json this project writes for its own tokenizers, and for GPT-2's vocabulary, loads in
 * Hugging Face's Rust library and gives the same ids there as here.
 */
class OwnTokenizerInRustTest {

    @Test
    void aTrainedTokenizerGivesTheSameIdsInTheRustLibrary(@TempDir Path dir) throws Exception {
        BpeTokenizer trained = BpeTrainer.train(Gpt2ParityTest.mixedText(), 900, SpecialTokens.ALL, true);
        TokenizerJson.save(trained, dir);
        assertSameIds(trained, dir, HfCorpus.texts(5, 500));
    }

    @Test
    void gpt2sVocabularySavedAsTokenizerJsonGivesTheSameIdsInTheRustLibrary(@TempDir Path dir) throws Exception {
        TokenizerJson.save(Gpt2Files.load(ReferenceEncoder.gpt2Dir()).withSpecialTokens(SpecialTokens.TURN_MARKERS),
                dir);
        BpeTokenizer loaded = TokenizerJson.load(dir);
        assertEquals(50260, loaded.vocabSize());
        assertSameIds(loaded, dir, HfCorpus.texts(6, 500));
    }

    private static void assertSameIds(BpeTokenizer ours, Path dir, List<String> texts) throws Exception {
        Set<String> specials = ours.specialTokens().keySet();
        try (HuggingFaceTokenizer rust = HfReference.rust(dir)) {
            for (String text : texts) {
                assertArrayEquals(ours.encode(text, specials), HfReference.ids(rust, text),
                        () -> HfTokenizerParityTest.escaped(text));
            }
        }
    }
}
