package dev.score.tokenizer.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Python str operations, by code point as Python counts (an emoji is one character, not two). */
final class Strings {
    private Strings() {
    }

    static List<String> characters(String s) {
        List<String> out = new ArrayList<>();
        s.codePoints().forEach(c -> out.add(Character.toString(c)));
        return out;
    }

    static String strip(String s, Object chars, boolean left, boolean right) {
        if (chars == null || chars instanceof Undefined) {
            String out = left ? Text.lstrip(s) : s;
            return right ? Text.rstrip(out) : out;
        }
        String set = (String) chars;
        int[] cps = s.codePoints().toArray();
        int start = 0;
        int end = cps.length;
        while (left && start < end && set.indexOf(Character.toString(cps[start])) >= 0) {
            start++;
        }
        while (right && end > start && set.indexOf(Character.toString(cps[end - 1])) >= 0) {
            end--;
        }
        return new String(cps, start, end - start);
    }

    /** Python's {@code str.split}: on runs of whitespace when {@code sep} is null, else on each {@code sep}. */
    static List<Object> split(String s, String sep, long maxsplit) {
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && Text.isSpace(s.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    return out;
                }
                if (maxsplit >= 0 && out.size() == maxsplit) {
                    out.add(Text.rstrip(s.substring(i)));
                    return out;
                }
                int start = i;
                while (i < n && !Text.isSpace(s.charAt(i))) {
                    i++;
                }
                out.add(s.substring(start, i));
            }
        }
        if (sep.isEmpty()) {
            throw new TemplateException("empty separator");
        }
        int start = 0;
        int found;
        while ((maxsplit < 0 || out.size() < maxsplit) && (found = s.indexOf(sep, start)) >= 0) {
            out.add(s.substring(start, found));
            start = found + sep.length();
        }
        out.add(s.substring(start));
        return out;
    }

    static List<Object> rsplit(String s, String sep, long maxsplit) {
        if (maxsplit < 0) {
            return split(s, sep, maxsplit);
        }
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            int end = s.length();
            while (true) {
                while (end > 0 && Text.isSpace(s.charAt(end - 1))) {
                    end--;
                }
                if (end == 0) {
                    break;
                }
                if (out.size() == maxsplit) {
                    out.add(Text.lstrip(s.substring(0, end)));
                    break;
                }
                int stop = end;
                while (end > 0 && !Text.isSpace(s.charAt(end - 1))) {
                    end--;
                }
                out.add(s.substring(end, stop));
            }
            return out.reversed();
        }
        if (sep.isEmpty()) {
            throw new TemplateException("empty separator");
        }
        int end = s.length();
        int found;
        while (out.size() < maxsplit && (found = s.lastIndexOf(sep, end - sep.length())) >= 0) {
            out.add(s.substring(found + sep.length(), end));
            end = found;
        }
        out.add(s.substring(0, end));
        return out.reversed();
    }

    static String replace(String s, String old, String replacement, long count) {
        if (count < 0) {
            return s.replace(old, replacement);
        }
        StringBuilder out = new StringBuilder();
        int start = 0;
        int done = 0;
        int found;
        while (done < count && (found = s.indexOf(old, start)) >= 0) {
            out.append(s, start, found).append(replacement);
            start = found + old.length();
            if (old.isEmpty()) {
                if (start >= s.length()) {
                    break;
                }
                out.appendCodePoint(s.codePointAt(start));
                start += Character.charCount(s.codePointAt(start));
            }
            done++;
        }
        return out.append(s.substring(Math.min(start, s.length()))).toString();
    }

    static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Python's {@code str.title}: a cased character after an uncased one starts a word. */
    static String title(String s) {
        StringBuilder out = new StringBuilder();
        boolean previousCased = false;
        for (int c : s.codePoints().toArray()) {
            out.append(previousCased ? Character.toString(c).toLowerCase(Locale.ROOT) : titleCase(c));
            previousCased = isCased(c);
        }
        return out.toString();
    }

    static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int first = s.codePointAt(0);
        return titleCase(first) + s.substring(Character.charCount(first)).toLowerCase(Locale.ROOT);
    }

    private static String titleCase(int c) {
        int t = Character.toTitleCase(c);
        return t != c || !Character.isLowerCase(c) ? Character.toString(t)
                : Character.toString(c).toUpperCase(Locale.ROOT);
    }

    private static boolean isCased(int c) {
        return Character.isUpperCase(c) || Character.isLowerCase(c) || Character.isTitleCase(c);
    }

    /** Python's {@code str.find} as a code-point index. */
    static long find(String s, String sub, boolean last) {
        int at = last ? s.lastIndexOf(sub) : s.indexOf(sub);
        return at < 0 ? -1 : s.codePointCount(0, at);
    }

    static long count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.codePointCount(0, s.length()) + 1L;
        }
        long n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            n++;
        }
        return n;
    }

    /** Python's {@code str.splitlines}: on any line boundary Python knows, the boundaries dropped. */
    static List<String> splitlines(String s) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                out.add(s.substring(start, i));
                i += 2;
                start = i;
            } else if (c == '\n' || c == '\r' || c == '\u000b' || c == '\f' || (c >= '\u001c' && c <= '\u001e')
                    || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                out.add(s.substring(start, i));
                start = ++i;
            } else {
                i++;
            }
        }
        if (start < s.length()) {
            out.add(s.substring(start));
        }
        return out;
    }
}
