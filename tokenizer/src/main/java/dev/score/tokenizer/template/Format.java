package dev.score.tokenizer.template;

import java.util.List;
import java.util.Map;

/** Python's {@code str.format} for plain fields: {@code {}}, {@code {0}}, {@code {name}}, and doubled braces. */
final class Format {
    private Format() {
    }

    static String apply(String pattern, List<Object> args, Map<String, Object> kwargs) {
        StringBuilder out = new StringBuilder();
        int auto = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < pattern.length() && pattern.charAt(i + 1) == c) {
                out.append(c);
                i++;
            } else if (c == '{') {
                int close = pattern.indexOf('}', i);
                if (close < 0) {
                    throw new TemplateException("Single '{' encountered in format string");
                }
                String field = pattern.substring(i + 1, close);
                if (field.contains(":") || field.contains("!")) {
                    throw new TemplateException("format specs are not supported: {" + field + "}");
                }
                Object value;
                if (field.isEmpty()) {
                    value = positional(args, auto++);
                } else if (field.chars().allMatch(Character::isDigit)) {
                    value = positional(args, Integer.parseInt(field));
                } else if (kwargs.containsKey(field)) {
                    value = kwargs.get(field);
                } else {
                    throw new TemplateException("KeyError: '" + field + "'");
                }
                out.append(Values.str(value));
                i = close;
            } else if (c == '}') {
                throw new TemplateException("Single '}' encountered in format string");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Object positional(List<Object> args, int index) {
        if (index >= args.size()) {
            throw new TemplateException("Replacement index " + index + " out of range for positional args tuple");
        }
        return args.get(index);
    }
}
