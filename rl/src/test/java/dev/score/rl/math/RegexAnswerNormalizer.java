package dev.score.rl.math;

import java.util.regex.Pattern;

/**
 * The normalizer as it was before its unit patterns and unwrapping became linear scans, kept as the oracle
 * that the rewrite must agree with on short inputs (where the old patterns are fast). The rest of this text
 * is the original's:
 *
 * <p>The MATH benchmark's answer normalization: Hendrycks et al.'s {@code strip_string} (the MATH
 * repository's {@code math_equivalence.py}) with the additions of Minerva's
 * {@code normalize_final_answer} (Lewkowycz et al. 2022). Each step names the rule it follows; where
 * it departs from the original it says why.
 */
final class RegexAnswerNormalizer {

    /** A signed integer or decimal. */
    private static final String NUMBER = "[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)";
    /** A number, a {@code \frac} of numbers or a slash fraction, the forms a bare unit may follow. */
    private static final Pattern NUMBER_THEN_WORDS = Pattern.compile(
            "(" + NUMBER + "|[+-]?\\\\frac\\{[^{}]*}\\{[^{}]*}|\\d+/\\d+)\\s+[A-Za-z]{2,}(?:\\s+[A-Za-z]+)*");
    /** Something with a digit, then a {@code \text} of words (a unit), perhaps squared or cubed. */
    private static final Pattern TRAILING_TEXT_UNIT =
            Pattern.compile("(.*\\d.*?)\\s*\\\\text\\{\\s*[A-Za-z]+(?:\\s+[A-Za-z]+)*\\s*}(?:\\^\\{?[23]}?)?");
    private static final Pattern GROUPED_THOUSANDS = Pattern.compile("-?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?");
    private static final Pattern SIMPLE_INTEGER = Pattern.compile("-?(?:0|[1-9]\\d*)");

    private RegexAnswerNormalizer() {}

    static String normalize(String answer) {
        if (answer == null) {
            return null;
        }
        String s = answer.replace("\n", "");
        // strip_string: a doubled backslash (an escaping artifact) stands for one.
        s = s.replace("\\\\", "\\");
        // strip_string removes the negative thin space \!; Minerva also \; and "\ ". \, and \: are the
        // same kind of spacing command, so they go too.
        s = s.replace("\\!", "").replace("\\;", "").replace("\\,", "").replace("\\:", "").replace("\\ ", " ");
        // strip_string: display and text fractions are fractions.
        s = s.replace("tfrac", "frac").replace("dfrac", "frac");
        // strip_string removes \left and \right; only as whole commands here, so \rightarrow survives.
        s = removeCommand(s, "\\left");
        s = removeCommand(s, "\\right");
        // strip_string: degrees.
        s = s.replace("^{\\circ}", "").replace("^\\circ", "");
        // strip_string: dollar signs; Minerva: the $ math delimiters.
        s = s.replace("\\$", "").replace("$", "");
        // Minerva: \mbox is \text.
        s = s.replace("\\mbox", "\\text");
        s = removeRightUnits(s);
        // strip_string: percent signs.
        s = s.replace("\\%", "").replace("%", "");
        s = addLeadingZeros(s);
        s = dropShortLeftSide(s);
        s = s.replaceAll("\\s+", "");
        // Minerva: \text{X} and \textbf{X} are X; a whole \boxed{X} is X.
        s = unwrap(s, "\\text");
        s = unwrap(s, "\\textbf");
        s = unwrapWhole(s, "\\boxed");
        s = fixSqrt(s);
        s = fixFracs(s);
        // Minerva: a sentence's closing period is not part of the answer.
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        s = removeThousandsSeparators(s);
        s = fixSlashFraction(s);
        // strip_string: 0.5 is written \frac{1}{2}.
        return s.equals("0.5") ? "\\frac{1}{2}" : s;
    }

    /** Removes a command where it stands alone, not where it begins a longer command name. */
    private static String removeCommand(String s, String command) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            int end = i + command.length();
            if (s.startsWith(command, i) && (end == s.length() || !Character.isLetter(s.charAt(end)))) {
                i = end;
            } else {
                out.append(s.charAt(i++));
            }
        }
        return out.toString();
    }

    /**
     * strip_string's {@code _remove_right_units}: what follows {@code \text{ } (a unit written with a
     * leading space) is dropped. Minerva drops unit words from a fixed list; here, more generally, a
     * trailing {@code \text{word}} after a number (5\text{cm}, 3\text{cm}^2) and bare words after a lone
     * number (5 cm, 12 apples) are dropped. One-letter words stay, so 3 i is not 3.
     */
    static String removeRightUnits(String s) {
        int unit = s.indexOf("\\text{ ");
        if (unit > 0 && !s.substring(0, unit).isBlank()) {
            s = s.substring(0, unit);
        }
        var trailingText = TRAILING_TEXT_UNIT.matcher(s.strip());
        if (trailingText.matches()) {
            s = trailingText.group(1);
        }
        var numberThenWords = NUMBER_THEN_WORDS.matcher(s.strip());
        return numberThenWords.matches() ? numberThenWords.group(1) : s;
    }

    /** strip_string: ".5" is "0.5", also after a space or an opening brace; and "-.5" is "-0.5". */
    private static String addLeadingZeros(String s) {
        s = s.replace(" .", " 0.").replace("{.", "{0.");
        String t = s.strip();
        if (t.startsWith(".")) {
            return "0" + t;
        }
        return t.startsWith("-.") ? "-0" + t.substring(1) : s;
    }

    /**
     * strip_string: "x = 5" and "k=5" are 5; the left side is dropped when it is at most two characters
     * (here counted without spaces, so "x = 5" and "x=5" agree) and there is exactly one "=".
     */
    private static String dropShortLeftSide(String s) {
        int equals = s.indexOf('=');
        if (equals < 0 || s.indexOf('=', equals + 1) >= 0) {
            return s;
        }
        return s.substring(0, equals).strip().length() <= 2 ? s.substring(equals + 1) : s;
    }

    /** Replaces every {@code command{X}} by X; a group that does not close is left as it is. */
    private static String unwrap(String s, String command) {
        String open = command + "{";
        int at = s.indexOf(open);
        while (at >= 0) {
            int brace = at + command.length();
            int close = Braces.matching(s, brace, s.length());
            if (close < 0) {
                return s;
            }
            s = s.substring(0, at) + s.substring(brace + 1, close) + s.substring(close + 1);
            at = s.indexOf(open, at);
        }
        return s;
    }

    private static String unwrapWhole(String s, String command) {
        int brace = command.length();
        if (s.startsWith(command + "{") && Braces.matching(s, brace, s.length()) == s.length() - 1) {
            return s.substring(brace + 1, s.length() - 1);
        }
        return s;
    }

    /**
     * strip_string's {@code _fix_sqrt}: {@code \sqrt2} is {@code \sqrt{2}} (TeX takes one token). Done
     * after spaces are removed, and with a command as one token ({@code \sqrt\pi}), where the original
     * wraps any one character, so garbles a space, a command or an index ({@code \sqrt[3]{x}}).
     */
    private static String fixSqrt(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        int i = 0;
        while (i < s.length()) {
            int argument = i + "\\sqrt".length();
            int end = s.startsWith("\\sqrt", i) ? tokenEnd(s, argument) : -1;
            if (end < 0 || "{}[".indexOf(s.charAt(argument)) >= 0) {
                out.append(s.charAt(i++));
                continue;
            }
            out.append("\\sqrt{").append(s, argument, end).append('}');
            i = end;
        }
        return out.toString();
    }

    /**
     * strip_string's {@code _fix_fracs}: {@code \frac12} is {@code \frac{1}{2}} and {@code \frac1{b}}
     * is {@code \frac{1}{b}}. A command counts as one token ({@code \frac\pi2} is
     * {@code \frac{\pi}{2}}), where the original splits it into characters.
     */
    private static String fixFracs(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        int i = 0;
        while (i < s.length()) {
            int first = i + "\\frac".length();
            int firstEnd = s.startsWith("\\frac", i) ? tokenEnd(s, first) : -1;
            if (firstEnd < 0 || firstEnd >= s.length() || "{}".indexOf(s.charAt(first)) >= 0
                    || s.charAt(firstEnd) == '}') {
                out.append(s.charAt(i++));
                continue;
            }
            out.append("\\frac{").append(s, first, firstEnd).append('}');
            if (s.charAt(firstEnd) == '{') {
                i = firstEnd;
            } else {
                int secondEnd = tokenEnd(s, firstEnd);
                out.append('{').append(s, firstEnd, secondEnd).append('}');
                i = secondEnd;
            }
        }
        return out.toString();
    }

    /**
     * Where the TeX token starting at {@code at} ends: after a command name ({@code \pi}) or after one
     * character; -1 when nothing starts there.
     */
    private static int tokenEnd(String s, int at) {
        if (at >= s.length()) {
            return -1;
        }
        if (s.charAt(at) != '\\') {
            return at + 1;
        }
        int end = at + 1;
        while (end < s.length() && Character.isLetter(s.charAt(end))) {
            end++;
        }
        return end == at + 1 ? Math.min(at + 2, s.length()) : end;
    }

    /**
     * Minerva: "100,000" is 100000, and "{,}" is no separator. Only well-formed thousands groups lose
     * their commas (Minerva removes every comma of an all-digit answer, which makes the list 1,2 into 12).
     */
    private static String removeThousandsSeparators(String s) {
        s = s.replace("{,}", ",");
        return GROUPED_THOUSANDS.matcher(s).matches() ? s.replace(",", "") : s;
    }

    /** strip_string's {@code _fix_a_slash_b}: "a/b" of two plain integers is {@code \frac{a}{b}}. */
    private static String fixSlashFraction(String s) {
        int slash = s.indexOf('/');
        if (slash < 0 || s.indexOf('/', slash + 1) >= 0) {
            return s;
        }
        String a = s.substring(0, slash);
        String b = s.substring(slash + 1);
        if (SIMPLE_INTEGER.matcher(a).matches() && SIMPLE_INTEGER.matcher(b).matches()) {
            return "\\frac{" + a + "}{" + b + "}";
        }
        return s;
    }
}
