package dev.score.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our encoder loaded from GPT-2's own files gives the reference encoder's ids on a corpus of awkward cases,
 * and decoding gives the text back.
 */
class Gpt2ParityTest {
    private static BpeTokenizer gpt2;

    @BeforeAll
    static void load() throws Exception {
        gpt2 = Gpt2Files.load(ReferenceEncoder.gpt2Dir());
    }

    static String mixedText() throws IOException {
        try (InputStream in = Gpt2ParityTest.class.getResourceAsStream("mixed.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static List<String> corpus() throws IOException {
        List<String> cases = new ArrayList<>(List.of(
                "", " ", "  ", "\n", "\n\n\n", " \n ", "\t\t x", "a", "A", "hello world", "Hello World!",
                "   leading", "trailing   ", "two  spaces  between", "line\nbreak", "crlf\r\nline", "\u00a0nbsp\u00a0",
                "\u3000ideographic space", "\ufeffbom", "\u2028\u2029", "\u000b\u000c vt ff",
                "it's", "It'S", "we'll they're I've she'd you'm 'll", "'s", "'", "''", "don't!'s", "rock 'n' roll",
                "café", "naïve", "e\u0301", "n\u0303o\u0308", "Z\u0364\u0351a\u0308\u0347", "\u0301\u0301 lone marks",
                "日本語", "中文字符测试", "한국어", "ﾊﾝｶｸ", "🙂", "👋🌍", "👨‍👩‍👧‍👦", "🏳️‍🌈", "👍🏽", "1️⃣",
                " 🙂 x", "a🙂b", "\ud83d", "x\udc00y", "\ud800\ud800",
                "0", "1234567890", "3.14159", " 42", "½ ² Ⅻ ٣", "１２３", "12abc34", "$100,000.00",
                "https://example.com/a?b=c&d=e", "<|endoftext|>", "a<|endoftext|>b", "<|problem|> <|attempt|>",
                "\u0000\u0001\u007f", "\u00ad soft hyphen", "\u200b zero width", "\u200d", "Ωmega µ ß ǅ",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "Supercalifragilisticexpialidocious" .repeat(30),
                "!!!???...,,,;;;:::", "\"},\"", "\"],[\"", "'),('", "{\"a\":[1,2,{\"b\":\"c\"}]}"));
        String mixed = mixedText();
        cases.add(mixed);
        cases.addAll(Arrays.asList(mixed.split("\n")));
        Random random = new Random(20240917);
        String alphabet = "ab cd\n\t'sé日🙂1.,-!\u0301\u00a0";
        for (int i = 0; i < 200; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                int at = random.nextInt(alphabet.length());
                char c = alphabet.charAt(at);
                if (Character.isHighSurrogate(c)) {
                    s.append(c).append(alphabet.charAt(at + 1));
                } else if (!Character.isLowSurrogate(c)) {
                    s.append(c);
                }
            }
            cases.add(s.toString());
        }
        StringBuilder longWord = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            longWord.append((char) ('a' + random.nextInt(26)));
        }
        cases.add(longWord.toString());
        return cases;
    }

    @Test
    void idsEqualTheReferenceEncoders() throws Exception {
        List<String> cases = corpus();
        List<int[]> expected = ReferenceEncoder.encode(cases);
        assertEquals(cases.size(), expected.size());
        for (int i = 0; i < cases.size(); i++) {
            assertArrayEquals(expected.get(i), gpt2.encode(cases.get(i)), "case " + i + ": " + escaped(cases.get(i)));
        }
    }

    @Test
    void decodingGivesTheTextBack() throws Exception {
        for (String text : corpus()) {
            boolean wellFormed = text.codePoints().noneMatch(c -> c >= Character.MIN_SURROGATE
                    && c <= Character.MAX_SURROGATE);
            if (wellFormed) {
                assertEquals(text, gpt2.decode(gpt2.encode(text)), escaped(text));
            }
        }
    }

    @Test
    void aWorkedExampleHasGpt2sKnownIds() {
        // GPT-2's ids for "Hello world" are well known: "Hello" = 15496, " world" = 995.
        assertArrayEquals(new int[] {15496, 995}, gpt2.encode("Hello world"));
        assertEquals(50257, gpt2.vocabSize());
        assertEquals(50256, gpt2.specialId(SpecialTokens.END_OF_TEXT));
    }

    private static String escaped(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return out.length() > 200 ? out.substring(0, 200) + "…" : out.toString();
    }
}
