package dev.score.distributed;

import dev.score.engine.CausalLm;
import dev.score.kernels.Backend;
import dev.score.rl.rollout.RolloutSampler;
import dev.score.rl.train.ClusterSteps;
import dev.score.tokenizer.BpeTokenizer;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** The Spark application a {@code train --spark} job starts: its settings, executor JVM options and shipped jars. */
final class SparkSettings {
    static final String EXECUTOR_OPTIONS = "spark.executor.extraJavaOptions";

    /**
     * What every executor JVM runs with, whatever else its options say: the Vector API module the kernels need
     * (without it a worker fails; it never falls back to the scalar reference), native access for the CUDA
     * backend, and the inlining of the kernels' lane functions that the launcher asks of a local worker (see
     * {@code Launcher}: without it, vectors crossing those calls may be boxed on the heap).
     */
    static final List<String> EXECUTOR_JVM_OPTIONS = List.of("--add-modules=jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED", "-XX:CompileCommand=quiet",
            "-XX:CompileCommand=inline,dev.score.kernels.VectorMath::exp",
            "-XX:CompileCommand=inline,dev.score.kernels.VectorMath::expFromZeroBound",
            "-XX:CompileCommand=inline,dev.score.kernels.VectorMath::tanh",
            "-XX:CompileCommand=inline,dev.score.kernels.VectorMath::sum");

    /** Classes of each of our modules an executor runs: the jars they come from are what it needs of ours. */
    private static final List<Class<?>> SHIPPED = List.of(Backend.class, BpeTokenizer.class, CausalLm.class,
            RolloutSampler.class, SparkSettings.class);

    private SparkSettings() {
    }

    /**
     * The spec's master and settings over what {@code spark-submit} or {@code spark.*} system properties set,
     * with {@link #EXECUTOR_JVM_OPTIONS} appended to the executors' options.
     */
    static SparkConf conf(ClusterSteps.Spec spec) {
        SparkConf conf = new SparkConf().setMaster(spec.master());
        if (!conf.contains("spark.app.name")) {
            conf.setAppName("score train");
        }
        spec.settings().forEach(conf::set);
        String given = conf.get(EXECUTOR_OPTIONS, "").trim();
        conf.set(EXECUTOR_OPTIONS, (given.isEmpty() ? "" : given + " ") + String.join(" ", EXECUTOR_JVM_OPTIONS));
        return conf;
    }

    /**
     * Adds the jars of our code to the application when its executors are other JVMs (a {@code local} master
     * runs them in this one): {@code engine.jar} and this module's jar for the command line.
     */
    static void shipJars(JavaSparkContext spark) {
        if (spark.isLocal()) {
            return;
        }
        Set<String> shipped = new LinkedHashSet<>();
        for (String jar : spark.jars()) {
            shipped.add(Path.of(jar.replaceFirst("^[a-z]+:", "")).getFileName().toString());
        }
        for (Class<?> type : SHIPPED) {
            Path jar = codeSource(type);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("train --spark on a cluster ships the jars of our code to the "
                        + "executors, but " + type.getName() + " was loaded from the directory " + jar
                        + "; run it from engine.jar and engine-spark/score-distributed.jar");
            }
            if (shipped.add(jar.getFileName().toString())) {
                spark.addJar(jar.toString());
            }
        }
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the code source of " + type.getName() + " is not a file", e);
        }
    }
}
