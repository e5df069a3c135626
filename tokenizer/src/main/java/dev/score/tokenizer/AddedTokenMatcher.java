package dev.score.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Finds added tokens in a text as Hugging Face's {@code AddedVocabulary} does: leftmost match first, the
 * longest of those that start there, matches never overlapping; a {@code singleWord} match inside a word is
 * dropped (and the search goes on after it), {@code lstrip} and {@code rstrip} take the white space beside a
 * match into it.
 */
final class AddedTokenMatcher {
    /** Receives a text's parts in order: ordinary text between matches, and the ids of matches. */
    interface Parts {
        void text(String part);

        void token(int id);
    }

    private record Candidate(String pattern, AddedToken token) {
    }

    // Candidates by their first char, longest first, so the first that matches at a position is the longest.
    private final Map<Character, Candidate[]> byFirstChar = new HashMap<>();

    /** Matches {@code tokens}, each spelled as {@code patternOf} gives its content (empty spellings never match). */
    AddedTokenMatcher(List<AddedToken> tokens, UnaryOperator<String> patternOf) {
        Map<Character, List<Candidate>> lists = new HashMap<>();
        for (AddedToken token : tokens) {
            String pattern = patternOf.apply(token.content());
            if (!pattern.isEmpty()) {
                lists.computeIfAbsent(pattern.charAt(0), c -> new ArrayList<>()).add(new Candidate(pattern, token));
            }
        }
        lists.forEach((c, list) -> {
            list.sort(Comparator.comparingInt((Candidate candidate) -> candidate.pattern.length()).reversed());
            byFirstChar.put(c, list.toArray(Candidate[]::new));
        });
    }

    boolean isEmpty() {
        return byFirstChar.isEmpty();
    }

    void split(String text, Parts parts) {
        int done = 0;
        int i = 0;
        while (i < text.length()) {
            Candidate found = longestAt(text, i);
            if (found == null) {
                i++;
                continue;
            }
            int start = i;
            int stop = i + found.pattern.length();
            i = stop;
            AddedToken token = found.token;
            if (token.singleWord() && (endsWithWord(text, start) || startsWithWord(text, stop))) {
                continue;
            }
            if (token.lstrip()) {
                start = Math.max(spaceRunStart(text, start), done);
            }
            if (token.rstrip()) {
                stop = spaceRunEnd(text, stop);
                i = stop;
            }
            if (done < start) {
                parts.text(text.substring(done, start));
            }
            parts.token(token.id());
            done = stop;
        }
        if (done < text.length()) {
            parts.text(text.substring(done));
        }
    }

    private Candidate longestAt(String text, int at) {
        Candidate[] candidates = byFirstChar.get(text.charAt(at));
        if (candidates != null) {
            for (Candidate candidate : candidates) {
                if (text.startsWith(candidate.pattern, at)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    // Rust's regex \w, which the library's single-word test uses: alphabetic, marks, decimal digits,
    // connector punctuation and the two joiners.
    private static boolean isWordChar(int c) {
        if (Character.isAlphabetic(c) || c == 0x200C || c == 0x200D) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK || type == Character.DECIMAL_DIGIT_NUMBER
                || type == Character.CONNECTOR_PUNCTUATION;
    }

    private static boolean endsWithWord(String text, int end) {
        return end > 0 && isWordChar(text.codePointBefore(end));
    }

    private static boolean startsWithWord(String text, int start) {
        return start < text.length() && isWordChar(text.codePointAt(start));
    }

    private static int spaceRunStart(String text, int end) {
        int i = end;
        while (i > 0 && UnicodeSpace.is(text.codePointBefore(i))) {
            i -= Character.charCount(text.codePointBefore(i));
        }
        return i;
    }

    private static int spaceRunEnd(String text, int start) {
        int i = start;
        while (i < text.length() && UnicodeSpace.is(text.codePointAt(i))) {
            i += Character.charCount(text.codePointAt(i));
        }
        return i;
    }
}
