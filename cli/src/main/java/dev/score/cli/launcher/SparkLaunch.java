package dev.score.cli.launcher;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What the worker JVM needs for {@code train --spark}: Spark and this project's distributed module, which are
 * kept out of engine.jar in {@code engine-spark/} beside it, and the JDK module options Spark needs on JDK 17+
 * (its own {@code JavaModuleOptions}, which {@code spark-submit} would add).
 */
final class SparkLaunch {
    static final String OPTION = "--spark";
    static final String LIBRARIES = "engine-spark";

    private static final List<String> JVM_OPTIONS = Arrays.asList("--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true", "--sun-misc-unsafe-memory-access=allow");

    private SparkLaunch() {
    }

    /** Whether the command asks for a Spark master ({@code --spark MASTER} or {@code --spark=MASTER}). */
    static boolean requested(String[] args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (arg.equals(OPTION) || arg.startsWith(OPTION + "=")) {
                return true;
            }
        }
        return false;
    }

    static List<String> jvmOptions() {
        return JVM_OPTIONS;
    }

    /**
     * The class path for a Spark run: {@code engine-spark/*} first (Spark's Jackson is newer than the one
     * engine.jar carries, and Spark's Scala module refuses an older one), then engine.jar.
     *
     * @throws IllegalStateException when {@code engine-spark/} is not beside the jar
     */
    static String classPath(Path jar) {
        Path libraries = jar.toAbsolutePath().getParent().resolve(LIBRARIES);
        if (!Files.isRegularFile(libraries.resolve("score-distributed.jar"))) {
            throw new IllegalStateException("--spark needs Spark and the distributed module in " + libraries
                    + ", which mvn install writes beside engine.jar; it is not there");
        }
        return libraries + File.separator + "*" + File.pathSeparator + jar;
    }
}
