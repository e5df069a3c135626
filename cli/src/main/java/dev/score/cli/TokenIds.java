package dev.score.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Parses whitespace-separated token ids, checking each against the model's vocabulary and context. */
final class TokenIds {
    private TokenIds() {
    }

    /** One sequence per line of {@code file}; blank lines are skipped. Errors name the file and line. */
    static List<int[]> readFile(Path file, int vocabSize, int maxLength) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
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

    /** The ids in {@code text}; {@code where} names the source in errors. */
    static int[] parse(String text, String where, int vocabSize) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return new int[0];
        }
        String[] fields = trimmed.split("\\s+");
        int[] ids = new int[fields.length];
        for (int j = 0; j < fields.length; j++) {
            int id;
            try {
                id = Integer.parseInt(fields[j]);
            } catch (NumberFormatException e) {
                throw new UserError(where + ": '" + fields[j] + "' (item " + (j + 1) + ") is not a token id");
            }
            if (id < 0 || id >= vocabSize) {
                throw new UserError(where + ": token id " + id + " (item " + (j + 1)
                        + ") is outside the vocabulary [0, " + vocabSize + ")");
            }
            ids[j] = id;
        }
        return ids;
    }
}
