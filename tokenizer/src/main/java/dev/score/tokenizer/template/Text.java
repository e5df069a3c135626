package dev.score.tokenizer.template;

/** Python's notion of whitespace and its string-literal escapes, which jinja2 inherits. */
final class Text {
    private Text() {
    }

    /** Python's {@code str.isspace} for one UTF-16 unit (every Python space is in the BMP). */
    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    static boolean isBlank(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (!isSpace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    static String lstrip(String s) {
        int start = 0;
        while (start < s.length() && isSpace(s.charAt(start))) {
            start++;
        }
        return s.substring(start);
    }

    static String strip(String s) {
        return lstrip(rstrip(s));
    }

    /** Decodes the escape at {@code s[at]} (a backslash) into {@code out}; returns the offset after it. */
    static int unescape(String s, int at, StringBuilder out) {
        char c = s.charAt(at + 1);
        switch (c) {
            case 'n' -> out.append('\n');
            case 't' -> out.append('\t');
            case 'r' -> out.append('\r');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'v' -> out.append('\u000b');
            case 'a' -> out.append('\u0007');
            case '\\', '\'', '"' -> out.append(c);
            case '\n' -> {
                // A backslash before a newline continues the literal on the next line.
            }
            case 'x' -> {
                return hex(s, at, 2, out);
            }
            case 'u' -> {
                return hex(s, at, 4, out);
            }
            case 'U' -> {
                return hex(s, at, 8, out);
            }
            default -> {
                if (c >= '0' && c <= '7') {
                    int end = at + 1;
                    while (end < s.length() && end < at + 4 && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
                        end++;
                    }
                    out.appendCodePoint(Integer.parseInt(s.substring(at + 1, end), 8));
                    return end;
                }
                // Python keeps an unknown escape as written.
                out.append('\\').append(c);
            }
        }
        return at + 2;
    }

    private static int hex(String s, int at, int digits, StringBuilder out) {
        int start = at + 2;
        if (start + digits > s.length()) {
            throw new TemplateException("truncated \\" + s.charAt(at + 1) + " escape in a string literal");
        }
        try {
            out.appendCodePoint(Integer.parseInt(s.substring(start, start + digits), 16));
        } catch (IllegalArgumentException e) {
            throw new TemplateException("bad \\" + s.charAt(at + 1) + " escape in a string literal");
        }
        return start + digits;
    }
}
