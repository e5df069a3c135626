package dev.score.tokenizer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Texts for tokenizer.json parity: GPT-2's awkward corpus (well-formed UTF-16 only: the Rust library takes
 * Unicode strings, which a lone surrogate is not), spellings and near-spellings of special tokens, and seeded
 * random strings over characters the regexes treat differently (contractions in both cases, digits of several
 * scripts, every kind of space and line break, marks, CJK, emoji with joiners).
 */
final class HfCorpus {
    private static final String[] ALPHABET = {
        "a", "b", "Z", "é", "ß", "ſ", "K", "İ", "e\u0301", "\u0308", "日", "本", "한", "ﾊ", "ж", "Ω", "ع", "ה",
        "'", "'s", "'S", "'ll", "'T", "'Re", "’", "0", "1", "7", "٣", "１", "½", "²", "Ⅻ",
        " ", " ", "  ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u0085", "\ufeff", "\u3000", "\u2028", "\u000b",
        ".", ",", "!", "?", "-", "_", "(", ")", "{", "\"", "$", "#", "=", "<", ">", "|", "/", "\\",
        "🙂", "👨‍👩‍👧", "👍🏽", "🏳️‍🌈", "1️⃣", "\u200d", "\u200b", "\u00ad",
        "<|", "|>", "im_", "end", "<think>", "</think>", "<|im_end|>", "<|im_start|>", "<|endoftext|>",
        "<|eot_id|>", "<|begin_of_text|>", "<|start_header_id|>", "<|reserved_special_token_5|>"
    };

    private HfCorpus() {
    }

    static List<String> texts(long seed, int randomCount) throws IOException {
        List<String> cases = new ArrayList<>();
        for (String text : Gpt2ParityTest.corpus()) {
            if (text.codePoints().noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
                cases.add(text);
            }
        }
        cases.addAll(List.of("<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n",
                "<think>\n\n</think>\n\n4", "<|im_end", "<|im_end|", "<<|im_end|>>", "<|im_end|><|im_end|>",
                "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>",
                "x <|eot_id|> y", "<|eot_id|>\n\n", "12345678901234567890", " 2024-12-03 ", "3.14159e-10",
                "x\n\n\n\ny", "   \n   \n", "a\r\n\r\nb", "    def f(x):\n        return x  # comment\n",
                "Wait, I think there's an error. Let me re-check: 47+38=85, not 75."));
        Random random = new Random(seed);
        for (int i = 0; i < randomCount; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(24);
            for (int j = 0; j < length; j++) {
                text.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            cases.add(text.toString());
        }
        return cases;
    }
}
