package dev.score.tokenizer.template;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's string formatting: {@code str.format} for plain fields ({@code {}}, {@code {0}}, {@code {name}},
 * doubled braces) and {@code pattern % args} for the s, r, d, i, f, x and % conversions.
 */
final class Format {
    private static final Pattern CONVERSION = Pattern.compile(
            "%(?:\\(([^)]*)\\))?([-+ 0#]*)(\\d+)?(?:\\.(\\d+))?([srdifxX%])");

    private Format() {
    }

    /**
     * {@code pattern % args}: a tuple gives one value per conversion; a dict (or anything Python takes for a
     * mapping, as a list or undefined) feeds {@code %(key)s} and may go unused; any other value is the one value.
     */
    static String percent(String pattern, Object args) {
        boolean mappingLike = args instanceof Map<?, ?> || (args instanceof List<?> && !(args instanceof Tuple))
                || args instanceof Undefined;
        List<?> values = args instanceof Tuple t ? t : mappingLike ? List.of() : Collections.singletonList(args);
        Matcher m = CONVERSION.matcher(pattern);
        StringBuilder out = new StringBuilder();
        int next = 0;
        int last = 0;
        while (m.find()) {
            out.append(pattern, last, m.start());
            last = m.end();
            char type = m.group(5).charAt(0);
            if (type == '%') {
                out.append('%');
                continue;
            }
            Object value;
            if (m.group(1) != null) {
                if (!(args instanceof Map<?, ?> map)) {
                    throw new TemplateException("format requires a mapping");
                }
                value = Values.lookup(map, m.group(1));
            } else if (mappingLike && next == 0) {
                value = args;
                next++;
                mappingLike = false;
            } else if (next < values.size()) {
                value = values.get(next++);
            } else {
                throw new TemplateException("not enough arguments for format string");
            }
            out.append(convert(value, m.group(2), m.group(3), m.group(4), type));
        }
        if (next < values.size()) {
            throw new TemplateException("not all arguments converted during string formatting");
        }
        return out.append(pattern.substring(last)).toString();
    }

    private static String convert(Object value, String flags, String width, String precision, char type) {
        String text = switch (type) {
            case 's' -> Values.str(value);
            case 'r' -> Values.repr(value);
            case 'd', 'i' -> {
                requireNumber(value, type);
                String digits = Long.toString(value instanceof Double d ? (long) (double) d : Values.toLong(value));
                yield sign(digits, flags);
            }
            case 'f' -> {
                requireNumber(value, type);
                yield sign(new java.math.BigDecimal(Values.toDouble(value)).setScale(precision == null ? 6
                        : Integer.parseInt(precision), java.math.RoundingMode.HALF_EVEN).toPlainString(), flags);
            }
            default -> {
                requireNumber(value, type);
                String hex = Long.toHexString(Math.abs(Values.toLong(value)));
                yield sign((Values.toLong(value) < 0 ? "-" : "") + (type == 'X' ? hex.toUpperCase() : hex), flags);
            }
        };
        if (type == 's' || type == 'r') {
            if (precision != null) {
                text = text.substring(0, Math.min(text.length(), Integer.parseInt(precision)));
            }
        }
        int pad = width == null ? 0 : Integer.parseInt(width) - text.codePointCount(0, text.length());
        if (pad <= 0) {
            return text;
        }
        if (flags.contains("-")) {
            return text + " ".repeat(pad);
        }
        if (flags.contains("0") && type != 's' && type != 'r') {
            boolean signed = text.startsWith("-") || text.startsWith("+") || text.startsWith(" ");
            return signed ? text.charAt(0) + "0".repeat(pad) + text.substring(1) : "0".repeat(pad) + text;
        }
        return " ".repeat(pad) + text;
    }

    private static String sign(String digits, String flags) {
        if (digits.startsWith("-")) {
            return digits;
        }
        return flags.contains("+") ? "+" + digits : flags.contains(" ") ? " " + digits : digits;
    }

    private static void requireNumber(Object value, char type) {
        if (!Values.isNumber(value)) {
            throw new TemplateException("%" + type + " format: a real number is required, not "
                    + Values.typeName(value));
        }
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
