package dev.score.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Training, round trips and special tokens on a tokenizer of our own (minbpe's tests, in Java). */
class BpeTrainerTest {
    @Test
    void wikipediasExampleGivesItsKnownIds() {
        // Wikipedia's BPE example (also minbpe's): three merges turn "aaabdaaabac" into "XdXac".
        BpeTokenizer tokenizer = BpeTrainer.train("aaabdaaabac", 256 + 3, List.of());
        assertArrayEquals(new int[] {258, 100, 258, 97, 99}, tokenizer.encode("aaabdaaabac"));
        assertEquals("aaabdaaabac", tokenizer.decode(new int[] {258, 100, 258, 97, 99}));
        assertEquals(259, tokenizer.vocabSize());
    }

    @Test
    void trainingIsDeterministicAndReachesTheTargetSize() throws Exception {
        String corpus = Gpt2ParityTest.mixedText();
        BpeTokenizer first = BpeTrainer.train(corpus, 400, SpecialTokens.ALL);
        BpeTokenizer second = BpeTrainer.train(corpus, 400, SpecialTokens.ALL);
        assertEquals(400, first.vocabSize());
        assertArrayEquals(first.encode(corpus), second.encode(corpus));
        int bytes = corpus.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertTrue(first.encode(corpus).length < bytes * 0.7, "merges compress the text they were trained on");
        assertEquals(399, first.specialId(SpecialTokens.INSTRUCTION));
    }

    @Test
    void digitsApartLeavesEveryDigitItsOwnToken() {
        String corpus = "What is 48+37? 48+37=85. The final answer is 85. 1000 1000 1000 2024 2024 ".repeat(50);
        BpeTokenizer merged = BpeTrainer.train(corpus, 300, SpecialTokens.ALL);
        BpeTokenizer apart = BpeTrainer.train(corpus, 300, SpecialTokens.ALL, true);
        assertTrue(merged.encode("1000").length < 4, "without the option digit runs merge");
        assertArrayEquals(new int[] {'1', '0', '0', '0'}, apart.encode("1000"));
        assertArrayEquals(new int[] {' ', '2', '0', '2', '4'}, apart.encode(" 2024"));
        assertTrue(apart.encode(" final answer").length <= 2, "words still merge");
        assertEquals(corpus, apart.decode(apart.encode(corpus)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?", "a", "🙂", "hello world", "日本語 and e\u0301 \n\n  x", "<|endoftext|>"})
    void roundTrips(String text) throws Exception {
        BpeTokenizer tokenizer = BpeTrainer.train(Gpt2ParityTest.mixedText(), 350, SpecialTokens.ALL);
        assertEquals(text, tokenizer.decode(tokenizer.encode(text)));
    }

    @Test
    void theWholeFileRoundTrips() throws Exception {
        String text = Gpt2ParityTest.mixedText();
        BpeTokenizer tokenizer = BpeTrainer.train(text, 350, SpecialTokens.ALL);
        assertEquals(text, tokenizer.decode(tokenizer.encode(text)));
    }

    @Test
    void specialTokensAreMatchedOnlyWhereAllowed() {
        BpeTokenizer tokenizer = BpeTrainer.train("hello world, hello again", 300, SpecialTokens.ALL);
        int eot = tokenizer.specialId(SpecialTokens.END_OF_TEXT);
        int problem = tokenizer.specialId(SpecialTokens.PROBLEM);
        String text = "<|problem|>hello<|endoftext|>";
        for (int id : tokenizer.encode(text)) {
            assertTrue(id != eot && id != problem, "ordinary text never produces a special token");
        }
        int[] allowed = tokenizer.encode(text, Set.of(SpecialTokens.END_OF_TEXT, SpecialTokens.PROBLEM));
        assertEquals(problem, allowed[0]);
        assertEquals(eot, allowed[allowed.length - 1]);
        assertEquals(text, tokenizer.decode(allowed));
        int[] onlyEot = tokenizer.encode(text, Set.of(SpecialTokens.END_OF_TEXT));
        assertTrue(onlyEot[0] != problem);
        assertEquals(eot, onlyEot[onlyEot.length - 1]);
    }

    @Test
    void decodingHalfAUtf8SequenceDoesNotThrow() {
        BpeTokenizer tokenizer = BpeTrainer.train("x", 256, List.of());
        int[] emoji = tokenizer.encode("🙂");
        assertEquals(4, emoji.length);
        assertEquals("\uFFFD", tokenizer.decode(new int[] {emoji[0], emoji[1]}));
        assertEquals("a\uFFFDb", tokenizer.decode(new int[] {'a', emoji[3], 'b'}));
    }

    @Test
    void tooSmallAVocabularyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> BpeTrainer.train("abc", 258, SpecialTokens.ALL));
    }
}
