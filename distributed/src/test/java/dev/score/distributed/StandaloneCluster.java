package dev.score.distributed;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: a master and {@code workers} workers, each a JVM of its own
 * started the way Spark's scripts start them. A worker launches its executors from {@code SPARK_HOME/jars}; here
 * that is a folder of links to {@code engine-spark/}'s Spark jars (what a user ships), without ours, which the
 * driver must ship itself.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 90_000;

    private final List<Process> processes = new ArrayList<>();
    private final Path masterLog;
    private final int port;

    private StandaloneCluster(Path masterLog, int port) {
        this.masterLog = masterLog;
        this.port = port;
    }

    /** Starts the cluster in {@code dir}, each worker with one core and {@code workerMemory} (e.g. {@code 1g}). */
    static StandaloneCluster start(Path dir, Path engineSpark, int workers, String workerMemory) throws Exception {
        Path home = sparkHome(dir.resolve("spark-home"), engineSpark);
        int port = freePort();
        StandaloneCluster cluster = new StandaloneCluster(dir.resolve("master.log"), port);
        try {
            cluster.launch(home, "org.apache.spark.deploy.master.Master", cluster.masterLog, "--host", "127.0.0.1",
                    "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort()));
            for (int w = 0; w < workers; w++) {
                Path work = Files.createDirectories(dir.resolve("worker-" + w));
                cluster.launch(home, "org.apache.spark.deploy.worker.Worker", dir.resolve("worker-" + w + ".log"),
                        "--host", "127.0.0.1", "--cores", "1", "--memory", workerMemory, "--work-dir",
                        work.toString(), "--webui-port", Integer.toString(freePort()), cluster.master());
            }
            cluster.awaitWorkers(workers);
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    String master() {
        return "spark://127.0.0.1:" + port;
    }

    /** {@code SPARK_HOME} as a worker reads it: a {@code RELEASE} file and {@code jars/}. */
    private static Path sparkHome(Path home, Path engineSpark) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        Files.writeString(home.resolve("RELEASE"), "Spark from engine-spark/, for tests\n");
        try (Stream<Path> list = Files.list(engineSpark)) {
            for (Path jar : list.filter(p -> p.toString().endsWith(".jar")).toList()) {
                if (!jar.getFileName().toString().startsWith("score-")) {
                    Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
                }
            }
        }
        return home;
    }

    private void launch(Path home, String mainClass, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(JavaModuleOptions.defaultModuleOptionArray()));
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(home.resolve("jars") + "/*");
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        processes.add(builder.start());
    }

    private void awaitWorkers(int workers) throws Exception {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("a cluster JVM exited: " + process.info().commandLine().orElse("?")
                            + "; see " + masterLog.getParent());
                }
            }
            String log = Files.exists(masterLog) ? Files.readString(masterLog) : "";
            if (log.split("Registering worker", -1).length - 1 >= workers) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the workers did not register with the master in " + START_TIMEOUT_MS
                + " ms; see " + masterLog);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stops the workers' executors, the workers and the master. */
    @Override
    public void close() {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
