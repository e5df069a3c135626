package dev.score.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and loading in both formats, and the errors malformed files get. */
class TokenizerFilesTest {
    @Test
    void ourFormatSavesAndLoads(@TempDir Path dir) throws Exception {
        String text = Gpt2ParityTest.mixedText();
        BpeTokenizer trained = BpeTrainer.train(text, 420, SpecialTokens.ALL);
        TokenizerJson.save(trained, dir);
        BpeTokenizer loaded = Tokenizers.load(dir);
        assertArrayEquals(trained.encode(text), loaded.encode(text));
        assertEquals(trained.specialTokens(), loaded.specialTokens());
        assertEquals(trained.vocabSize(), loaded.vocabSize());
    }

    @Test
    void gpt2FormatSavesAndLoadsATrainedTokenizer(@TempDir Path dir) throws Exception {
        String text = Gpt2ParityTest.mixedText();
        BpeTokenizer trained = BpeTrainer.train(text, 420, SpecialTokens.ALL);
        Gpt2Files.save(trained, dir);
        BpeTokenizer loaded = Gpt2Files.load(dir);
        assertArrayEquals(trained.encode(text), loaded.encode(text));
        assertEquals(trained.specialTokens(), loaded.specialTokens());
    }

    @Test
    void gpt2sOwnFilesSurviveBothFormats(@TempDir Path dir) throws Exception {
        BpeTokenizer gpt2 = Gpt2Files.load(ReferenceEncoder.gpt2Dir());
        String text = Gpt2ParityTest.mixedText();
        Gpt2Files.save(gpt2, dir.resolve("gpt2"));
        TokenizerJson.save(gpt2, dir.resolve("ours"));
        assertArrayEquals(gpt2.encode(text), Gpt2Files.load(dir.resolve("gpt2")).encode(text));
        assertArrayEquals(gpt2.encode(text), TokenizerJson.load(dir.resolve("ours")).encode(text));
    }

    @Test
    void turnMarkersFollowGpt2sVocabulary() throws Exception {
        BpeTokenizer gpt2 = Gpt2Files.load(ReferenceEncoder.gpt2Dir()).withSpecialTokens(SpecialTokens.TURN_MARKERS);
        assertEquals(50256, gpt2.specialId(SpecialTokens.END_OF_TEXT));
        assertEquals(50257, gpt2.specialId(SpecialTokens.PROBLEM));
        assertEquals(50259, gpt2.specialId(SpecialTokens.INSTRUCTION));
        assertEquals(50260, gpt2.vocabSize());
    }

    @Test
    void badJsonIsNamed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("encoder.json"), "{\"a\": 1,");
        Files.writeString(dir.resolve("vocab.bpe"), "#version: 0.2\n");
        String message = assertThrows(TokenizerFileException.class, () -> Gpt2Files.load(dir)).getMessage();
        assertTrue(message.contains("encoder.json") && message.contains("not valid JSON"), message);
    }

    @Test
    void aMergeNamingAnUnknownTokenIsNamedWithItsLine(@TempDir Path dir) throws Exception {
        Gpt2Files.save(BpeTrainer.train("hello hello", 260, List.of()), dir);
        Files.writeString(dir.resolve("vocab.bpe"), "qq zz\n", java.nio.file.StandardOpenOption.APPEND);
        String message = assertThrows(TokenizerFileException.class, () -> Gpt2Files.load(dir)).getMessage();
        assertTrue(message.contains("vocab.bpe:") && message.contains("'qq'"), message);
    }

    @Test
    void aMalformedMergeLineIsNamed(@TempDir Path dir) throws Exception {
        Gpt2Files.save(BpeTrainer.train("hello hello", 260, List.of()), dir);
        Files.writeString(dir.resolve("vocab.bpe"), "#version: 0.2\nh e l\n");
        String message = assertThrows(TokenizerFileException.class, () -> Gpt2Files.load(dir)).getMessage();
        assertTrue(message.contains("vocab.bpe:2"), message);
    }

    @Test
    void ourFormatRejectsAMergeOfUndefinedIds(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokenizer.json"), "{\"format\": \"score-bpe-1\", \"byte_tokens\": "
                + java.util.stream.IntStream.range(0, 256).boxed().toList() + ", \"merges\": [[1, 999, 256]]}");
        String message = assertThrows(TokenizerFileException.class, () -> TokenizerJson.load(dir)).getMessage();
        assertTrue(message.contains("tokenizer.json") && message.contains("999"), message);
    }
}
