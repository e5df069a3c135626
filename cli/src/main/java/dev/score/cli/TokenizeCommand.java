package dev.score.cli;

import dev.score.tokenizer.BpeTokenizer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tokenize}: all of stdin, as one UTF-8 text, to token ids on one line. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Encode stdin (UTF-8, one text) to token ids, printed space-separated on one line.")
final class TokenizeCommand implements Callable<Integer> {
    @Mixin
    TokenizerOptions tokenizerOptions;

    @Option(names = "--allow-special", description = "Turn special tokens' spellings (e.g. <|endoftext|>) into their ids; "
            + "by default they are encoded as ordinary text.")
    boolean allowSpecial;

    @Override
    public Integer call() throws Exception {
        BpeTokenizer tokenizer = tokenizerOptions.load();
        String text = strictUtf8(System.in.readAllBytes(), "stdin");
        int[] ids = allowSpecial ? tokenizer.encode(text, tokenizer.specialTokens().keySet()) : tokenizer.encode(text);
        System.out.println(Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
        return 0;
    }

    /** Decodes with REPORT rather than the default replacement, so bad input is an error, not silent U+FFFDs. */
    static String strictUtf8(byte[] bytes, String source) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            return decoder.decode(buffer).toString();
        } catch (CharacterCodingException e) {
            throw new UserError(source + " is not valid UTF-8 (bad byte sequence at byte offset " + buffer.position()
                    + ")");
        }
    }
}
