package dev.score.cli.launcher;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The jar's entry point: makes {@code java -jar engine.jar …} work whatever {@code java} the user typed.
 *
 * <p>The engine needs JDK 25 with the incubating Vector API module resolved, and a jar manifest
 * cannot add modules. So this class (compiled for release 17, so that an older default {@code java}
 * can load it) checks the running JVM: if it is new enough and already has
 * {@code jdk.incubator.vector}, it calls {@code dev.score.cli.Main} directly; otherwise it finds an
 * installed JDK 25+ and re-runs the same jar there with {@code --add-modules jdk.incubator.vector},
 * passing standard input and output through and returning the child's exit code.
 *
 * <p>Where it looks, in order: {@code $SCORE_JAVA_HOME}, {@code $JAVA_HOME}, the running JVM's own
 * home, then the usual install folders ({@code /usr/lib/jvm}, {@code /opt/java}, {@code /opt},
 * SDKMAN, macOS). The child's heap limit comes from {@code $SCORE_HEAP} ({@link WorkerHeap}); extra JVM
 * options for it from {@code $SCORE_JAVA_OPTS}. A command with {@code --spark} always runs in a child, with
 * Spark's libraries and module options ({@link SparkLaunch}).
 *
 * <p>The child never outlives this process: a SIGTERM, SIGINT or SIGHUP here is passed on to it, and the
 * child watches this process and stops when it is gone (a {@code kill -9} here runs no code of ours). A
 * signal this process was started with ignored ({@code nohup}'s SIGHUP) the JVM leaves ignored, so both go on.
 */
public final class Launcher {
    static final int REQUIRED_FEATURE = 25;
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    /** The methods of the kernels' VectorMath that take or return vectors (see {@link #relaunch}). */
    private static final List<String> LANE_FUNCTIONS = List.of("exp", "expFromZeroBound", "tanh", "sum");
    private static final String MAIN_CLASS = "dev.score.cli.Main";
    /** The system property that tells the worker JVM its launcher's PID (read by {@code LauncherWatch}). */
    public static final String LAUNCHER_PID_PROPERTY = "score.launcher.pid";
    private static final long STOP_GRACE_SECONDS = 10;

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        boolean spark = SparkLaunch.requested(args);
        if (runningJvmIsSuitable() && !spark) {
            invokeMain(args);
            return;
        }
        Optional<Path> javaHome = findJdk();
        if (!javaHome.isPresent()) {
            System.err.println("error: engine.jar needs JDK " + REQUIRED_FEATURE + " or newer, and none was found"
                    + " (this java is " + System.getProperty("java.version") + "). Install one under /usr/lib/jvm,"
                    + " or point SCORE_JAVA_HOME at it.");
            System.exit(2);
        }
        List<String> heap;
        try {
            heap = WorkerHeap.options(System.getenv(WorkerHeap.VARIABLE));
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(relaunch(javaHome.get(), heap, spark, args));
    }

    private static boolean runningJvmIsSuitable() {
        return Runtime.version().feature() >= REQUIRED_FEATURE
                && ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    private static void invokeMain(String[] args) throws Exception {
        try {
            Class.forName(MAIN_CLASS).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw (Error) cause;
        }
    }

    private static int relaunch(Path javaHome, List<String> heap, boolean spark, String[] args) throws IOException,
            InterruptedException, URISyntaxException {
        String classPath;
        try {
            classPath = spark ? SparkLaunch.classPath(ownJar()) : ownJar().toString();
        } catch (IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.add("--add-modules");
        command.add(VECTOR_MODULE);
        // The cuda backend's JNI libraries (JCuda) and its java.lang.foreign cuBLAS binding: allowed
        // outright, so that JDK 25 prints no restricted-method warning into the command's stderr.
        command.add("--enable-native-access=ALL-UNNAMED");
        // The throughput collector, with a bounded young generation: training and sampling reuse their
        // activation memory (engine's Workspace), so little is short-lived, and an unbounded young
        // generation would only grow the resident set by gigabytes while the JIT warms up.
        command.add("-XX:+UseParallelGC");
        command.add("-Xmn128m");
        command.addAll(heap);
        // The vector kernels hand vectors to VectorMath's lane functions (exp, tanh, lane sums). Where
        // C2 declines to inline one (a call site it does not count as hot, a caller already large),
        // every vector crossing that call is boxed on the heap: in some runs a gigabyte of garbage per
        // 15 s of training, in others none. These make it inline them wherever they are called.
        command.add("-XX:CompileCommand=quiet");
        for (String laneFunction : LANE_FUNCTIONS) {
            command.add("-XX:CompileCommand=inline,dev.score.kernels.VectorMath::" + laneFunction);
        }
        String extra = System.getenv("SCORE_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        // The worker ends itself when this process is gone, even after a kill -9 that runs no hook here.
        command.add("-D" + LAUNCHER_PID_PROPERTY + "=" + ProcessHandle.current().pid());
        if (spark) {
            command.addAll(SparkLaunch.jvmOptions());
        }
        command.add("-cp");
        command.add(classPath);
        command.add(MAIN_CLASS);
        command.addAll(Arrays.asList(args));
        Process child = new ProcessBuilder(command).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(child), "stop-worker"));
        return child.waitFor();
    }

    /**
     * Run on SIGTERM, SIGINT and SIGHUP of this process (and on its normal exit, when the worker has already
     * ended): passes the signal on as SIGTERM, and kills the worker if it has not ended within a grace period.
     */
    private static void stop(Process child) {
        if (!child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            if (!child.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Path ownJar() throws URISyntaxException {
        return Paths.get(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The first JDK home (a folder with bin/java and a release file) whose feature version suffices. */
    static Optional<Path> findJdk() {
        List<Path> candidates = new ArrayList<>();
        addEnv(candidates, "SCORE_JAVA_HOME");
        addEnv(candidates, "JAVA_HOME");
        candidates.add(Paths.get(System.getProperty("java.home")));
        String home = System.getProperty("user.home");
        for (String root : new String[] {"/usr/lib/jvm", "/opt/java", "/opt", "/usr/java",
                home + "/.sdkman/candidates/java", home + "/.jdks", "/Library/Java/JavaVirtualMachines"}) {
            candidates.addAll(childrenNewestFirst(Paths.get(root)));
        }
        for (Path candidate : candidates) {
            Path jdk = Files.isDirectory(candidate.resolve("Contents/Home")) ? candidate.resolve("Contents/Home")
                    : candidate;
            if (Files.isExecutable(jdk.resolve("bin").resolve("java")) && featureVersion(jdk) >= REQUIRED_FEATURE) {
                return Optional.of(jdk);
            }
        }
        return Optional.empty();
    }

    private static void addEnv(List<Path> candidates, String variable) {
        String value = System.getenv(variable);
        if (value != null && !value.isBlank()) {
            candidates.add(Paths.get(value));
        }
    }

    private static List<Path> childrenNewestFirst(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            List<Path> sorted = new ArrayList<>();
            children.filter(Files::isDirectory).forEach(sorted::add);
            sorted.sort((a, b) -> Integer.compare(featureVersion(b), featureVersion(a)));
            return sorted;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

    /** The JDK's feature version from its {@code release} file, or -1 when it cannot be read. */
    static int featureVersion(Path jdkHome) {
        Path release = jdkHome.resolve("release");
        if (!Files.isRegularFile(release)) {
            release = jdkHome.resolve("Contents" + File.separator + "Home").resolve("release");
        }
        try {
            Matcher m = JAVA_VERSION.matcher(new String(Files.readAllBytes(release), StandardCharsets.UTF_8));
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
