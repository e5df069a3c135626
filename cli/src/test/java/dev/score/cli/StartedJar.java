package dev.score.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar engine.jar …} started in the background, as a user's shell would start it: its stderr is
 * collected line by line while it runs, so a test can wait for a line, find the worker JVM the launcher
 * started, and send either process a signal.
 */
final class StartedJar implements AutoCloseable {
    private final Process launcher;
    private final List<String> stderr = new ArrayList<>();
    private final Thread reader;

    private StartedJar(Process launcher) {
        this.launcher = launcher;
        this.reader = new Thread(this::collect, "stderr-of-" + launcher.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the jar with {@code javaOptions} for the worker JVM ({@code $SCORE_JAVA_OPTS}). */
    static StartedJar start(String javaOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-jar", EngineJar.JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = builder.environment();
        env.put("SCORE_JAVA_OPTS", javaOptions);
        return new StartedJar(builder.start());
    }

    private void collect() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(launcher.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (stderr) {
                    stderr.add(line);
                    stderr.notifyAll();
                }
            }
        } catch (IOException e) {
            // The stream closes under the reader when the process is killed: its stderr ends there.
        }
    }

    /** Waits until a stderr line contains {@code text}; fails after {@code seconds}. */
    void awaitLine(String text, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (stderr) {
            while (stderr.stream().noneMatch(line -> line.contains(text))) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || !launcher.isAlive() && !reader.isAlive()) {
                    throw new AssertionError("no line with '" + text + "' within " + seconds + " s; stderr:\n"
                            + String.join("\n", stderr));
                }
                stderr.wait(Math.min(left, 200));
            }
        }
    }

    String stderr() {
        synchronized (stderr) {
            return String.join("\n", stderr);
        }
    }

    ProcessHandle launcher() {
        return launcher.toHandle();
    }

    /** The worker JVM the launcher re-ran the jar in. */
    ProcessHandle worker() throws InterruptedException {
        for (int tries = 0; tries < 100; tries++) {
            Optional<ProcessHandle> child = launcher.toHandle().children().findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the launcher started no worker JVM");
    }

    /** {@code kill -9} of the whole tree, the worker first, as a crash or an OOM killer would. */
    void killTree() throws InterruptedException {
        List<ProcessHandle> descendants = launcher.toHandle().descendants().toList();
        descendants.forEach(ProcessHandle::destroyForcibly);
        launcher.destroyForcibly();
        for (ProcessHandle p : descendants) {
            p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        }
        launcher.waitFor(30, TimeUnit.SECONDS);
    }

    /** Sends {@code signal} (e.g. "TERM", "HUP") to one process. */
    static void signal(ProcessHandle process, String signal) throws IOException, InterruptedException {
        int code = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start()
                .waitFor();
        if (code != 0) {
            throw new AssertionError("kill -" + signal + " " + process.pid() + " exited with " + code);
        }
    }

    /**
     * Whether this process ignores signal {@code number} (SIGHUP under {@code nohup}; SIGINT in a job a
     * non-interactive shell started with {@code &}): a launcher started from here inherits that, and the JVM
     * then leaves the signal ignored. Read from the {@code SigIgn} mask of /proc/self/status, whose bit n - 1
     * is signal n.
     */
    static boolean ignores(int number) throws IOException {
        String mask = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("SigIgn:")).findFirst().orElseThrow().substring(7).strip();
        return (Long.parseUnsignedLong(mask, 16) >>> (number - 1) & 1) != 0;
    }

    int waitFor(long seconds) throws InterruptedException {
        if (!launcher.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("still running after " + seconds + " s; stderr:\n" + stderr());
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
        return launcher.exitValue();
    }

    @Override
    public void close() {
        if (launcher.isAlive()) {
            try {
                killTree();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
