package dev.score.rl.math;

/**
 * The two unit shapes that {@link AnswerNormalizer} drops, recognized by linear scans. They were regular
 * expressions, {@code (.*\d.*?)\s*\\text\{\s*[A-Za-z]+(?:\s+[A-Za-z]+)*\s*}(?:\^\{?[23]}?)?} and
 * {@code (NUMBER|[+-]?\\frac\{[^{}]*}\{[^{}]*}|\d+/\d+)\s+[A-Za-z]{2,}(?:\s+[A-Za-z]+)*}; the first
 * backtracks quadratically (a 100,000-digit answer took minutes) and the second recurses once per word, so
 * a long answer could overflow the stack. Each method returns exactly what the pattern's group 1 was,
 * with the pattern's own character classes: {@code \s} is {@code [ \t\n\x0B\f\r]}, {@code \d} is
 * {@code [0-9]}, and {@code .} is anything but a line terminator.
 */
final class UnitSuffixes {

    private static final String TEXT = "\\text{";

    private UnitSuffixes() {}

    /**
     * For "5 \text{cm}^2": "5". The text before a final {@code \text{words}} (perhaps squared or cubed) and
     * the spaces before it, when that text holds a digit and no line terminator; else null.
     */
    static String beforeTextUnit(String s) {
        // The unit holds letters and spaces only, so its \text is the last backslash of the answer.
        int command = s.lastIndexOf('\\');
        if (command < 0 || !s.startsWith(TEXT, command) || !isUnitTail(s, command + TEXT.length())) {
            return null;
        }
        int end = command;
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        boolean digit = false;
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (isLineTerminator(c)) {
                return null;
            }
            digit |= isDigit(c);
        }
        return digit ? s.substring(0, end) : null;
    }

    /** {@code \s*[A-Za-z]+(?:\s+[A-Za-z]+)*\s*}(?:\^\{?[23]}?)?} from {@code i} to the end. */
    private static boolean isUnitTail(String s, int i) {
        int n = s.length();
        while (i < n && isSpace(s.charAt(i))) {
            i++;
        }
        if (i >= n || !isLetter(s.charAt(i))) {
            return false;
        }
        while (i < n && (isLetter(s.charAt(i)) || isSpace(s.charAt(i)))) {
            i++;
        }
        if (i >= n || s.charAt(i) != '}') {
            return false;
        }
        i++;
        if (i == n) {
            return true;
        }
        if (s.charAt(i) != '^') {
            return false;
        }
        i++;
        if (i < n && s.charAt(i) == '{') {
            i++;
        }
        if (i >= n || (s.charAt(i) != '2' && s.charAt(i) != '3')) {
            return false;
        }
        i++;
        if (i < n && s.charAt(i) == '}') {
            i++;
        }
        return i == n;
    }

    /**
     * For "12 red apples": "12". A number, {@code \frac{a}{b}} or a/b followed by words, the first of two
     * letters or more; the number, or null when {@code s} is not of that shape.
     */
    static String numberBeforeWords(String s) {
        int space = 0;
        while (space < s.length() && !isSpace(s.charAt(space))) {
            space++;
        }
        if (isNumber(s, space) && wordsFrom(s, space)) {
            return s.substring(0, space);
        }
        int frac = fracEnd(s);
        if (frac > 0 && wordsFrom(s, frac)) {
            return s.substring(0, frac);
        }
        if (isSlashFraction(s, space) && wordsFrom(s, space)) {
            return s.substring(0, space);
        }
        return null;
    }

    /** {@code [+-]?(?:\d+(?:\.\d*)?|\.\d+)} is all of {@code s[0, end)}. */
    private static boolean isNumber(String s, int end) {
        int i = 0;
        if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = skipDigits(s, i, end);
        if (digits > i) {
            i = digits;
            if (i < end && s.charAt(i) == '.') {
                i = skipDigits(s, i + 1, end);
            }
            return i == end;
        }
        if (i < end && s.charAt(i) == '.') {
            int fraction = skipDigits(s, i + 1, end);
            return fraction > i + 1 && fraction == end;
        }
        return false;
    }

    /** {@code \d+/\d+} is all of {@code s[0, end)}. */
    private static boolean isSlashFraction(String s, int end) {
        int numerator = skipDigits(s, 0, end);
        if (numerator == 0 || numerator >= end || s.charAt(numerator) != '/') {
            return false;
        }
        int denominator = skipDigits(s, numerator + 1, end);
        return denominator > numerator + 1 && denominator == end;
    }

    /** Where {@code [+-]?\\frac\{[^{}]*}\{[^{}]*}} at the start of {@code s} ends, or -1. */
    private static int fracEnd(String s) {
        int i = s.startsWith("+") || s.startsWith("-") ? 1 : 0;
        if (!s.startsWith("\\frac{", i)) {
            return -1;
        }
        int numeratorEnd = braceFree(s, i + "\\frac{".length());
        if (numeratorEnd >= s.length() || s.charAt(numeratorEnd) != '}'
                || numeratorEnd + 1 >= s.length() || s.charAt(numeratorEnd + 1) != '{') {
            return -1;
        }
        int denominatorEnd = braceFree(s, numeratorEnd + 2);
        return denominatorEnd < s.length() && s.charAt(denominatorEnd) == '}' ? denominatorEnd + 1 : -1;
    }

    private static int braceFree(String s, int i) {
        while (i < s.length() && s.charAt(i) != '{' && s.charAt(i) != '}') {
            i++;
        }
        return i;
    }

    /** {@code \s+[A-Za-z]{2,}(?:\s+[A-Za-z]+)*} from {@code i} to the end. */
    private static boolean wordsFrom(String s, int i) {
        int n = s.length();
        boolean first = true;
        while (true) {
            int spaces = i;
            while (i < n && isSpace(s.charAt(i))) {
                i++;
            }
            int letters = i;
            while (i < n && isLetter(s.charAt(i))) {
                i++;
            }
            if (letters == spaces || i - letters < (first ? 2 : 1)) {
                return false;
            }
            if (i == n) {
                return true;
            }
            first = false;
        }
    }

    private static int skipDigits(String s, int i, int end) {
        while (i < end && isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isLineTerminator(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
}
