package dev.score.tokenizer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * The {@code Digits} pre-tokenizer: numeric characters (Unicode's Nd, Nl and No, Rust's {@code is_numeric})
 * become pieces of their own, each digit alone with {@code individual_digits}, else each run of them.
 */
public record DigitsSplit(boolean individualDigits) implements PreTokenizer {

    @Override
    public void split(String text, Consumer<String> pieces) {
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            int next = i + Character.charCount(c);
            if (isNumeric(c)) {
                if (start < i) {
                    pieces.accept(text.substring(start, i));
                }
                int end = next;
                while (!individualDigits && end < text.length() && isNumeric(text.codePointAt(end))) {
                    end += Character.charCount(text.codePointAt(end));
                }
                pieces.accept(text.substring(i, end));
                start = end;
                next = end;
            }
            i = next;
        }
        if (start < text.length()) {
            pieces.accept(text.substring(start));
        }
    }

    private static boolean isNumeric(int c) {
        int type = Character.getType(c);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("type", "Digits");
        json.put("individual_digits", individualDigits);
        return json;
    }
}
