package dev.score.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.score.cli.EngineJar.Run;
import dev.score.engine.io.Gpt2Config;
import dev.score.engine.io.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar's process tree killed with {@code kill -9} at every file boundary of a checkpoint write,
 * and at random moments, then resumed: every resumed run ends with the same metrics, the same best model
 * and the same final checkpoint as a run never interrupted. Also: the worker JVM never outlives its
 * launcher, and a run directory has one writer at a time.
 *
 * <p>The boundaries come from {@code -Dscore.crash-points} (engine's {@code CrashPoints}): the uninterrupted
 * run lists them, and a killed run pauses at one, so that the kill lands exactly there.
 */
class KilledRunJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] RUN = {"--set", "schedule=I:2,II:2", "--set", "checkpoint_every=2", "--set",
        "eval_every=2", "--set", "problems_per_step=2", "--set", "samples_per_problem=2", "--set",
        "max_attempt_tokens=16", "--set", "validation_problems=4", "--set", "test_problems=4", "--set",
        "train_problems=50"};

    @TempDir
    static Path dir;
    static Path base;
    static Path whole;
    /** The crash points of one uninterrupted run, in order, each relative to its run directory. */
    static List<String> points = new ArrayList<>();

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        base = dir.resolve("base");
        Run pretrain = EngineJar.run(new byte[0], "pretrain", "--steps", "2", "--out", base.toString());
        assertEquals(0, pretrain.exitCode(), pretrain.stderr());
        whole = dir.resolve("whole");
        try (StartedJar run = StartedJar.start("-Dscore.crash-points=list", train(whole))) {
            assertEquals(0, run.waitFor(300), run.stderr());
            String prefix = "crash point: " + whole + "/";
            run.stderr().lines().filter(line -> line.startsWith(prefix))
                    .forEach(line -> points.add(line.substring(prefix.length())));
        }
    }

    private static String[] train(Path out) {
        List<String> args = new ArrayList<>(List.of("train", "--model", base.toString(), "--out", out.toString()));
        args.addAll(List.of(RUN));
        return args.toArray(String[]::new);
    }

    /** A fresh run into {@code out}, or its resumption once it has begun. */
    private static String[] trainOrResume(Path out) {
        return Files.isRegularFile(out.resolve("config.json")) ? new String[] {"train", "--resume", out.toString()}
                : train(out);
    }

    /**
     * One run killed at each boundary in turn, each kill landing in the process that resumed after the one
     * before: the first step's metrics line (no checkpoint yet), the best model half written, every file of
     * the first checkpoint written and renamed inside its partial directory, that directory complete but
     * not renamed, renamed into place, and the second checkpoint renamed beside the first (two whole saves).
     */
    @Test
    void aKillAtEveryFileBoundaryOfACheckpointResumesBitIdentically() throws Exception {
        List<String> boundaries = new ArrayList<>(List.of("score/metrics.jsonl#appended",
                "score/best/model.safetensors#written"));
        points.stream().filter(p -> p.startsWith("score/checkpoint/.step-00000002.partial")).forEach(boundaries::add);
        boundaries.addAll(List.of("score/checkpoint/step-00000002#renamed", "score/checkpoint/step-00000004#renamed"));
        assertEquals(13, boundaries.size(), "four files written and renamed, the directory: " + boundaries);
        assertTrue(points.containsAll(boundaries), "each boundary is one the run passes: " + points);
        Path out = dir.resolve("killed-at-every-boundary");
        for (String boundary : boundaries) {
            try (StartedJar run = StartedJar.start("-Dscore.crash-points=pause:" + boundary, trainOrResume(out))) {
                run.awaitLine("crash point reached: " + out + "/" + boundary, 300);
                run.killTree();
            }
        }
        resumeAndCompare(out, "killed at " + boundaries);
    }

    @Test
    void aKillAtRandomMomentsResumesBitIdentically() throws Exception {
        Random random = new Random(18);
        Path out = dir.resolve("killed-at-random");
        List<Long> delays = new ArrayList<>();
        for (int kill = 0; kill < 3; kill++) {
            long delayMs = random.nextInt(3000);
            delays.add(delayMs);
            try (StartedJar run = StartedJar.start("", trainOrResume(out))) {
                run.awaitLine("score [", 300);
                Thread.sleep(delayMs);
                run.killTree();
            }
        }
        resumeAndCompare(out, "killed " + delays + " ms into training");
    }

    /** The Linux numbers of the signals sent to the launcher. */
    private static final Map<String, Integer> SIGNAL_NUMBERS = Map.of("KILL", 9, "TERM", 15, "HUP", 1, "INT", 2);

    @Test
    void theWorkerDiesWithItsLauncherAndARunHasOneWriter() throws Exception {
        for (String signal : List.of("KILL", "TERM", "HUP", "INT")) {
            Path out = dir.resolve("orphan-" + signal);
            String pause = "score/metrics.jsonl#appended";
            try (StartedJar run = StartedJar.start("-Dscore.crash-points=pause:" + pause, train(out))) {
                run.awaitLine("crash point reached: " + out + "/" + pause, 300);
                ProcessHandle worker = run.worker();
                if (signal.equals("KILL")) {
                    Run second = EngineJar.run(new byte[0], "train", "--resume", out.toString());
                    EngineJar.assertOneLineError(second, "in use by process " + worker.pid());
                }
                StartedJar.signal(run.launcher(), signal);
                if (StartedJar.ignores(SIGNAL_NUMBERS.get(signal))) {
                    // Started with the signal ignored (nohup, a background job), the launcher ignores it too, as
                    // its user asked, and the run goes on until a signal it does not ignore.
                    worker.onExit().completeOnTimeout(worker, 3, TimeUnit.SECONDS).join();
                    assertTrue(worker.isAlive() && run.launcher().isAlive(), "an ignored SIG" + signal
                            + " leaves the run going");
                    StartedJar.signal(run.launcher(), "TERM");
                }
                worker.onExit().completeOnTimeout(worker, 20, TimeUnit.SECONDS).join();
                assertFalse(worker.isAlive(), "the worker ends within 20 s of the launcher's SIG" + signal);
            }
        }
    }

    /** Resumes {@code out} to the end and checks it against the uninterrupted run. */
    private static void resumeAndCompare(Path out, String what) throws Exception {
        Run resumed = EngineJar.run(new byte[0], trainOrResume(out));
        assertEquals(0, resumed.exitCode(), what + ": " + resumed.stderr());
        assertEquals(stepLines(whole), stepLines(out), what + ": metrics.jsonl");
        assertEquals(Files.readString(whole.resolve("metrics.json")), Files.readString(out.resolve("metrics.json")),
                what + ": metrics.json");
        assertArrayEquals(Files.readAllBytes(whole.resolve("score/best/model.safetensors")),
                Files.readAllBytes(out.resolve("score/best/model.safetensors")), what + ": best model");
        Path last = Path.of("score", "checkpoint", "step-00000004");
        assertEquals(List.of(last.getFileName().toString()), names(out.resolve("score/checkpoint")),
                what + ": one whole checkpoint, nothing partial left");
        assertArrayEquals(Files.readAllBytes(whole.resolve(last).resolve("model.safetensors")),
                Files.readAllBytes(out.resolve(last).resolve("model.safetensors")), what + ": checkpointed weights");
        Gpt2Config config = Gpt2Config.read(whole.resolve(last).resolve("config.json"));
        TrainingState expected = TrainingState.load(whole.resolve(last), config);
        TrainingState actual = TrainingState.load(out.resolve(last), config);
        assertEquals(expected.step(), actual.step(), what);
        assertArrayEquals(expected.rngState(), actual.rngState(), what + ": generator state");
        expected.firstMoments().forEach((name, m) -> assertArrayEquals(m, actual.firstMoments().get(name), name));
        expected.secondMoments().forEach((name, v) -> assertArrayEquals(v, actual.secondMoments().get(name), name));
    }

    private static List<ObjectNode> stepLines(Path run) throws IOException {
        List<ObjectNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("score/metrics.jsonl"))) {
            ObjectNode node = (ObjectNode) JSON.readTree(line);
            node.remove(List.of("seconds", "tokens_per_s"));
            lines.add(node);
        }
        return lines;
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> list = Files.list(directory)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
