package dev.score.tokenizer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Split} pre-tokenizer: a regex (or a literal string) marks parts of the text, and
 * {@link SplitBehavior} says what becomes of them; {@code invert} swaps matched and unmatched parts first.
 * Regexes are Oniguruma's in Hugging Face's library. Java's engine reads the patterns these models ship the
 * same way once {@code \s}, {@code \w} and {@code \p{..}} are Unicode's ({@code UNICODE_CHARACTER_CLASS}, which
 * also makes {@code (?i)} fold Unicode case); the parity tests hold it to the Rust library.
 */
public record RegexSplit(String source, boolean literal, SplitBehavior behavior, boolean invert, Pattern pattern)
        implements PreTokenizer {

    /** @throws java.util.regex.PatternSyntaxException if {@code source} is not a regex Java can run */
    public static RegexSplit of(String source, boolean literal, SplitBehavior behavior, boolean invert) {
        Pattern pattern = literal ? Pattern.compile(Pattern.quote(source))
                : Pattern.compile(source, Pattern.UNICODE_CHARACTER_CLASS);
        return new RegexSplit(source, literal, behavior, invert, pattern);
    }

    @Override
    public void split(String text, Consumer<String> pieces) {
        List<Integer> bounds = new ArrayList<>();
        List<Boolean> matched = new ArrayList<>();
        bounds.add(0);
        Matcher m = pattern.matcher(text);
        int previous = 0;
        while (m.find()) {
            if (m.start() > previous) {
                bounds.add(m.start());
                matched.add(false);
            }
            bounds.add(m.end());
            matched.add(true);
            previous = m.end();
        }
        if (previous < text.length()) {
            bounds.add(text.length());
            matched.add(false);
        }
        int[] at = bounds.stream().mapToInt(Integer::intValue).toArray();
        boolean[] isMatch = new boolean[matched.size()];
        for (int i = 0; i < isMatch.length; i++) {
            isMatch[i] = matched.get(i) != invert;
        }
        for (int[] range : behavior.pieces(at, isMatch)) {
            pieces.accept(text.substring(range[0], range[1]));
        }
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("type", "Split");
        json.putObject("pattern").put(literal ? "String" : "Regex", source);
        json.put("behavior", behavior.jsonName());
        json.put("invert", invert);
        return json;
    }
}
