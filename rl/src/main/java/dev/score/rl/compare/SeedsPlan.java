package dev.score.rl.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.score.engine.io.AtomicFiles;
import dev.score.engine.io.CheckpointException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a run of several seeds does beyond its config: how many seeds (the config's {@code seed} is the
 * first, then each next integer) and, optionally, the sweep run on the first seed. Saved as
 * {@code plan.json}, so that {@code --resume} repeats the same job.
 */
public record SeedsPlan(int seeds, Optional<SweepSpec> sweep) {
    /** At most this many seeds: each is a whole training of every method. */
    public static final int MAX_SEEDS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    public SeedsPlan {
        if (seeds < 1 || seeds > MAX_SEEDS) {
            throw new IllegalArgumentException("seeds must be from 1 to " + MAX_SEEDS + ", got " + seeds);
        }
    }

    /** The seeds in order, {@code first} first. */
    public List<Long> seedsFrom(long first) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            out.add(first + i);
        }
        return out;
    }

    void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("seeds", seeds);
        sweep.ifPresent(s -> root.putObject("sweep").put("key", s.key()).set("values", JSON.valueToTree(s.values())));
        AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    public static SeedsPlan read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, "not valid JSON: " + e.getOriginalMessage());
        }
        String expected = "expected {\"seeds\": N} with an optional \"sweep\": {\"key\": KEY, \"values\": [TEXT, …]}";
        if (root == null || !root.path("seeds").canConvertToInt()) {
            throw new CheckpointException(file, expected);
        }
        JsonNode sweep = root.path("sweep");
        try {
            if (sweep.isMissingNode()) {
                return new SeedsPlan(root.get("seeds").asInt(), Optional.empty());
            }
            if (!sweep.path("key").isTextual() || !sweep.path("values").isArray()) {
                throw new CheckpointException(file, expected);
            }
            List<String> values = new ArrayList<>();
            sweep.get("values").forEach(v -> values.add(v.asText()));
            return new SeedsPlan(root.get("seeds").asInt(),
                    Optional.of(new SweepSpec(sweep.get("key").asText(), values)));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, e.getMessage());
        }
    }
}
