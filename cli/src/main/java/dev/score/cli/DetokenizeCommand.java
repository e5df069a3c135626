package dev.score.cli;

import dev.score.tokenizer.BpeTokenizer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code detokenize}: whitespace-separated token ids on stdin to their text on stdout. */
@Command(name = "detokenize", mixinStandardHelpOptions = true,
        description = "Decode whitespace-separated token ids from stdin and print their text (UTF-8, nothing added); "
                + "bytes that do not form valid UTF-8 become U+FFFD.")
final class DetokenizeCommand implements Callable<Integer> {
    @Mixin
    TokenizerOptions tokenizerOptions;

    @Override
    public Integer call() throws Exception {
        BpeTokenizer tokenizer = tokenizerOptions.load();
        String input = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        int[] ids = TokenIds.parse(input, "stdin", tokenizer.vocabSize());
        for (int j = 0; j < ids.length; j++) {
            if (!tokenizer.hasToken(ids[j])) {
                throw new UserError("stdin: token id " + ids[j] + " (item " + (j + 1) + ") is not in the vocabulary");
            }
        }
        // The bytes are written, not a String through System.out, whose charset follows the locale.
        System.out.write(tokenizer.decode(ids).getBytes(StandardCharsets.UTF_8));
        System.out.flush();
        return 0;
    }
}
