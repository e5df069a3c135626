package dev.score.rl.math;

/**
 * Finds the final answer of a solution. The answer line the project's solutions end with
 * ("The final answer is X.", also Minerva's "Final Answer: The final answer is X. I hope it is
 * correct.") wins over a box, because a model may box intermediate results; without such a line the
 * answer is the content of the last {@code \boxed{…}} or {@code \fbox{…}}, as in the MATH benchmark's
 * {@code last_boxed_only_string}.
 */
final class FinalAnswerLocator {

    private static final String MARKER = "the final answer is";
    private static final String MINERVA_TAIL = "I hope it is correct.";
    private static final String[] BOX_COMMANDS = {"\\boxed", "\\fbox"};

    private FinalAnswerLocator() {}

    /** The span of the final answer, or {@code null} when the text proposes none. */
    static AnswerSpan locate(String text) {
        if (text == null) {
            return null;
        }
        AnswerSpan line = afterLastMarker(text);
        return line != null ? line : lastBoxed(text);
    }

    /**
     * The content of the last box command, brace-matched. {@code null} when there is none or its
     * braces never close: a box cut off by the length limit proposes no answer.
     */
    static AnswerSpan lastBoxed(String text) {
        if (text == null) {
            return null;
        }
        int command = -1;
        int commandLength = 0;
        for (String name : BOX_COMMANDS) {
            int at = text.lastIndexOf(name);
            if (at > command) {
                command = at;
                commandLength = name.length();
            }
        }
        return command < 0 ? null : boxArgument(text, command + commandLength, text.length());
    }

    /** The text after the last marker, to the end of its line, with its dressing taken off. */
    private static AnswerSpan afterLastMarker(String text) {
        int marker = lastIndexOfIgnoreCase(text, MARKER);
        if (marker < 0) {
            return null;
        }
        int start = marker + MARKER.length();
        int lineEnd = text.indexOf('\n', start);
        int end = lineEnd < 0 ? text.length() : lineEnd;
        start = skipSpace(text, start, end);
        if (start < end && text.charAt(start) == ':') {
            start = skipSpace(text, start + 1, end);
        }
        end = trimEnd(text, start, end);
        if (endsWithIgnoreCase(text, start, end, MINERVA_TAIL)) {
            end = trimEnd(text, start, end - MINERVA_TAIL.length());
        }
        end = withoutTrailingPeriod(text, start, end);
        AnswerSpan inMath = insideMathDelimiters(text, start, end);
        if (inMath != null) {
            start = inMath.start();
            end = withoutTrailingPeriod(text, start, inMath.end());
        }
        AnswerSpan boxed = leadingBox(text, start, end);
        if (boxed != null) {
            return boxed;
        }
        return start < end ? new AnswerSpan(start, end) : null;
    }

    /** When the region opens with {@code $}, {@code $$} or {@code \(}: the first math span's content. */
    private static AnswerSpan insideMathDelimiters(String text, int start, int end) {
        if (text.startsWith("\\(", start)) {
            int close = text.indexOf("\\)", start + 2);
            return close >= 0 && close <= end ? trimmed(text, start + 2, close) : null;
        }
        if (start >= end || text.charAt(start) != '$') {
            return null;
        }
        String delimiter = text.startsWith("$$", start) ? "$$" : "$";
        int from = start + delimiter.length();
        for (int i = from; i + delimiter.length() <= end; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++; // an escaped character, \$ included, is never a delimiter
            } else if (text.startsWith(delimiter, i)) {
                return trimmed(text, from, i);
            }
        }
        return null;
    }

    /** When the region is a box command and its argument: the argument. */
    private static AnswerSpan leadingBox(String text, int start, int end) {
        for (String name : BOX_COMMANDS) {
            if (text.startsWith(name, start)) {
                AnswerSpan argument = boxArgument(text, start + name.length(), end);
                if (argument != null) {
                    return argument;
                }
            }
        }
        return null;
    }

    /**
     * The argument of a box command whose name ends at {@code from}: a brace group, or (the MATH
     * code's {@code "\\boxed "} case) the text after a space up to the next {@code $} or line end.
     */
    private static AnswerSpan boxArgument(String text, int from, int limit) {
        int open = skipSpace(text, from, limit);
        if (open < limit && text.charAt(open) == '{') {
            int close = Braces.matching(text, open, limit);
            return close < 0 ? null : nonEmpty(trimmed(text, open + 1, close));
        }
        if (open == from || open >= limit) {
            return null;
        }
        int stop = open;
        while (stop < limit && text.charAt(stop) != '$' && text.charAt(stop) != '\n') {
            stop++;
        }
        return nonEmpty(trimmed(text, open, stop));
    }

    private static AnswerSpan nonEmpty(AnswerSpan span) {
        return span.start() < span.end() ? span : null;
    }

    private static AnswerSpan trimmed(String text, int start, int end) {
        int s = skipSpace(text, start, end);
        return new AnswerSpan(s, trimEnd(text, s, end));
    }

    private static int withoutTrailingPeriod(String text, int start, int end) {
        return end > start && text.charAt(end - 1) == '.' ? trimEnd(text, start, end - 1) : end;
    }

    private static int skipSpace(String text, int start, int end) {
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        return start;
    }

    private static int trimEnd(String text, int start, int end) {
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    private static boolean endsWithIgnoreCase(String text, int start, int end, String suffix) {
        int from = end - suffix.length();
        return from >= start && text.regionMatches(true, from, suffix, 0, suffix.length());
    }

    // regionMatches, not toLowerCase: lower-casing can change the length of some strings, and with it
    // every index found in the copy.
    private static int lastIndexOfIgnoreCase(String text, String needle) {
        for (int i = text.length() - needle.length(); i >= 0; i--) {
            if (text.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }
}
