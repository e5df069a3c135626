package dev.score.rl.train;

import dev.score.engine.io.AtomicFiles;
import dev.score.engine.io.CheckpointException;
import dev.score.engine.io.CrashPoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints of one training run, under {@code checkpoint/}. Each save is one directory,
 * {@code step-00000150/} (the policy's config.json and model.safetensors beside its training_state files),
 * written under a temporary name and renamed into place only once every file in it is on disk: a rename
 * is atomic, so a process killed at any moment leaves either the new save whole or none of it, and the
 * save before it untouched. Once the new save is in place the older ones are removed. {@link #latest}
 * returns the newest whole save and clears away what an interrupted save left behind: a partial
 * directory, or older saves not yet removed.
 */
public final class Checkpoints {
    private static final Pattern SAVE = Pattern.compile("step-(\\d{1,18})");
    private static final String PARTIAL = ".partial";

    /** Writes the files of one save into a directory. */
    public interface Writer {
        void writeInto(Path dir) throws IOException;
    }

    private final Path root;

    public Checkpoints(Path root) {
        this.root = root;
    }

    /** The directory of the save after step {@code step}. */
    public Path directory(long step) {
        return root.resolve(String.format("step-%08d", step));
    }

    /** Saves the state after {@code step} as one unit; returns its directory. */
    public Path save(long step, Writer writer) throws IOException {
        Files.createDirectories(root);
        Path target = directory(step);
        if (Files.exists(target)) {
            // A whole save of this step is already there; runs are deterministic, so it holds the same
            // state, and replacing it would leave a moment with no whole save at all.
            return target;
        }
        // Only the process holding the run's lock writes here, so a fixed partial name cannot clash; one
        // left by a killed process is removed first.
        Path partial = root.resolve("." + target.getFileName() + PARTIAL);
        deleteTree(partial);
        Files.createDirectory(partial);
        writer.writeInto(partial);
        AtomicFiles.syncDirectory(partial);
        CrashPoints.pass(partial, "written");
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.syncDirectory(root);
        CrashPoints.pass(target, "renamed");
        for (Path other : entries()) {
            if (!other.equals(target)) {
                deleteTree(other);
            }
        }
        CrashPoints.pass(root, "cleaned");
        return target;
    }

    /**
     * The newest whole save, if any, after removing partial ones. A checkpoint directory holding files of
     * its own is the single-directory layout of earlier versions, which {@link #save} never writes and
     * this class cannot pair up safely: it is refused rather than silently started over.
     */
    public Optional<Saved> latest() throws IOException {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        List<Saved> saves = new ArrayList<>();
        for (Path entry : entries()) {
            String name = entry.getFileName().toString();
            Matcher m = SAVE.matcher(name);
            if (name.endsWith(PARTIAL)) {
                deleteTree(entry);
            } else if (m.matches() && Files.isDirectory(entry)) {
                saves.add(new Saved(Long.parseLong(m.group(1)), entry));
            } else if (!name.startsWith(".")) {
                throw new CheckpointException(entry, "not a checkpoint save (" + root + " holds only step-N "
                        + "directories); a checkpoint of an earlier version cannot be resumed: start a new run");
            }
        }
        saves.sort(Comparator.comparingLong(Saved::step));
        // A kill between a save's rename and the removal of the older ones leaves those behind.
        for (Saved older : saves.subList(0, Math.max(0, saves.size() - 1))) {
            deleteTree(older.dir());
        }
        return saves.isEmpty() ? Optional.empty() : Optional.of(saves.getLast());
    }

    /** One whole save: the step it was taken after, and its directory. */
    public record Saved(long step, Path dir) {
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> list = Files.list(root)) {
            return list.sorted().toList();
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(path)) {
            all = new ArrayList<>(walk.toList());
        }
        all.sort(Comparator.reverseOrder());
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
