package dev.score.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * What a splitting pre-tokenizer does with the parts of a text that its pattern matched, as Hugging Face's
 * {@code SplitDelimiterBehavior}: drop them, keep each as a piece of its own, glue each to the piece before
 * or after it, or glue runs of adjacent matches into one piece.
 */
public enum SplitBehavior {
    REMOVED("Removed"), ISOLATED("Isolated"), MERGED_WITH_PREVIOUS("MergedWithPrevious"),
    MERGED_WITH_NEXT("MergedWithNext"), CONTIGUOUS("Contiguous");

    private final String jsonName;

    SplitBehavior(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name {@code tokenizer.json} gives it. */
    public String jsonName() {
        return jsonName;
    }

    /** The behaviour {@code tokenizer.json} names {@code name}, or null. */
    public static SplitBehavior ofJsonName(String name) {
        for (SplitBehavior behavior : values()) {
            if (behavior.jsonName.equals(name)) {
                return behavior;
            }
        }
        return null;
    }

    /**
     * The pieces as [start, end) char ranges of {@code text}, given its parts: {@code bounds[i]} to
     * {@code bounds[i + 1]} is part i, and {@code matched[i]} says whether the pattern matched it. The parts
     * cover the text in order; empty pieces are left out.
     */
    List<int[]> pieces(int[] bounds, boolean[] matched) {
        int parts = matched.length;
        List<int[]> out = new ArrayList<>(parts);
        switch (this) {
            case REMOVED -> {
                for (int i = 0; i < parts; i++) {
                    if (!matched[i]) {
                        out.add(new int[] {bounds[i], bounds[i + 1]});
                    }
                }
            }
            case ISOLATED -> {
                for (int i = 0; i < parts; i++) {
                    out.add(new int[] {bounds[i], bounds[i + 1]});
                }
            }
            case MERGED_WITH_PREVIOUS -> {
                // A match right after a part that was not one extends that part; the first part, or a match
                // after a match, starts a piece.
                boolean previousMatched = false;
                for (int i = 0; i < parts; i++) {
                    if (matched[i] && !previousMatched && !out.isEmpty()) {
                        out.get(out.size() - 1)[1] = bounds[i + 1];
                    } else {
                        out.add(new int[] {bounds[i], bounds[i + 1]});
                    }
                    previousMatched = matched[i];
                }
            }
            case MERGED_WITH_NEXT -> {
                // The mirror image: walked from the end, a match right before a part that was not one
                // extends that part back.
                boolean nextMatched = false;
                for (int i = parts - 1; i >= 0; i--) {
                    if (matched[i] && !nextMatched && !out.isEmpty()) {
                        out.get(out.size() - 1)[0] = bounds[i];
                    } else {
                        out.add(new int[] {bounds[i], bounds[i + 1]});
                    }
                    nextMatched = matched[i];
                }
                java.util.Collections.reverse(out);
            }
            case CONTIGUOUS -> {
                boolean previousMatched = false;
                for (int i = 0; i < parts; i++) {
                    if (matched[i] && previousMatched) {
                        out.get(out.size() - 1)[1] = bounds[i + 1];
                    } else {
                        out.add(new int[] {bounds[i], bounds[i + 1]});
                    }
                    previousMatched = matched[i];
                }
            }
        }
        out.removeIf(range -> range[0] == range[1]);
        return out;
    }
}
