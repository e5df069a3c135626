package dev.score.distributed;

import dev.score.engine.CausalLm;
import dev.score.engine.CausalLms;
import dev.score.kernels.Backend;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A model directory as bytes (its {@code config.json} and weights), so that a worker on another machine,
 * which cannot read the driver's disk, loads the same model. A Spark broadcast carries it once per run.
 */
record ModelFiles(Map<String, byte[]> files) implements Serializable {
    ModelFiles {
        files = Map.copyOf(files);
    }

    /** The files {@code model} saves, read back from a scratch directory that is then deleted. */
    static ModelFiles of(CausalLm model) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("score-model-");
            model.save(dir.resolve("model"));
            Map<String, byte[]> files = new LinkedHashMap<>();
            try (Stream<Path> list = Files.list(dir.resolve("model"))) {
                for (Path file : list.sorted().toList()) {
                    files.put(file.getFileName().toString(), Files.readAllBytes(file));
                }
            }
            return new ModelFiles(files);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the model for the workers", e);
        } finally {
            delete(dir);
        }
    }

    /** The model these files hold, on {@code backend}, loaded through a scratch directory that is then deleted. */
    CausalLm load(Backend backend) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("score-model-");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Files.write(dir.resolve(file.getKey()), file.getValue());
            }
            return CausalLms.load(dir, backend);
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the model the driver sent", e);
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the scratch directory " + dir, e);
        }
    }
}
