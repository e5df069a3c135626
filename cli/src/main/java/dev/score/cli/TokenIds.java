package dev.score.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Parses whitespace-separated token ids, checking each against the model's vocabulary and context. */
final class TokenIds {
    /** More digits than this cannot be an id below 2^31, whatever the vocabulary. */
    private static final int MAX_DIGITS = 10;

    private TokenIds() {
    }

    /**
     * One sequence per line of {@code file}, score's {@code --ids} (UTF-8); blank lines are skipped. Errors
     * name the file and line.
     */
    static List<int[]> readFile(Path file, int vocabSize, int maxLength) throws IOException {
        OptionPaths.readableFile("--ids", file);
        String text = TokenizeCommand.strictUtf8(Files.readAllBytes(file), file.toString());
        List<String> lines = text.lines().toList();
        List<int[]> sequences = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = file + ":" + (i + 1);
            int[] ids = parse(lines.get(i), where, vocabSize);
            if (ids.length > maxLength) {
                throw new UserError(where + ": sequence of " + ids.length + " tokens is longer than n_positions = "
                        + maxLength);
            }
            sequences.add(ids);
        }
        return sequences;
    }

    /**
     * The ids in {@code text}: ASCII digits only, so {@code +5}, {@code ٥} (Arabic-Indic) or {@code ５}
     * (fullwidth), which Java's integer parser accepts, are refused. {@code where} names the source in errors.
     */
    static int[] parse(String text, String where, int vocabSize) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return new int[0];
        }
        String[] fields = trimmed.split("\\s+");
        int[] ids = new int[fields.length];
        for (int j = 0; j < fields.length; j++) {
            String field = fields[j];
            if (!isAsciiNumber(field)) {
                throw new UserError(where + ": '" + OptionPaths.shown(field) + "' (item " + (j + 1)
                        + ") is not a token id (ASCII digits 0-9)");
            }
            long id = field.length() > MAX_DIGITS ? Long.MAX_VALUE : Long.parseLong(field);
            if (id >= vocabSize) {
                throw new UserError(where + ": token id " + OptionPaths.shown(field) + " (item " + (j + 1)
                        + ") is outside the vocabulary [0, " + vocabSize + ")");
            }
            ids[j] = (int) id;
        }
        return ids;
    }

    private static boolean isAsciiNumber(String field) {
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return !field.isEmpty();
    }
}
