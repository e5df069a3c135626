package dev.score.cli;

import dev.score.rl.train.ClusterSteps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import picocli.CommandLine.Option;

/**
 * {@code train}'s options for running every RL step data-parallel on Apache Spark. The Spark steps live in the
 * distributed module, outside engine.jar: the launcher puts {@code engine-spark/} on the class path when a
 * master is given, and {@link #open} finds them there as a {@link ClusterSteps.Provider} service.
 */
final class SparkOptions {
    @Option(names = "--spark", paramLabel = "MASTER", description = "Run each RL step's sampling and gradients on a "
            + "Spark cluster: local[N] (N executor threads in this JVM), spark://HOST:PORT (a standalone cluster), or "
            + "what spark-submit was given. Validation, checkpoints, metrics and the report stay here. Needs "
            + "engine-spark/ beside engine.jar (mvn install builds it).")
    String master;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE", description = "A Spark setting for --spark "
            + "(repeatable), e.g. --spark-conf spark.executor.memory=4g.")
    List<String> settings = List.of();

    @Range(min = 0, max = 4096)
    @Option(names = "--spark-shards", paramLabel = "N", defaultValue = "0", description = "Shards each step's batch is "
            + "cut into, one Spark task each; a run repeats itself for the same seed and shards. 0 (the default): "
            + "one per core Spark reports when the application starts.")
    int shards;

    /** The cluster steps these options ask for, on workers computing with {@code backend}; empty without --spark. */
    Optional<ClusterSteps> open(String backend) {
        if (master == null) {
            if (!settings.isEmpty() || shards != 0) {
                throw new UserError("--spark-conf and --spark-shards need --spark MASTER");
            }
            return Optional.empty();
        }
        if (master.isBlank()) {
            throw new UserError("--spark: expected a master such as local[2] or spark://host:7077");
        }
        Map<String, String> conf = new LinkedHashMap<>();
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw new UserError("--spark-conf " + OptionPaths.shown(setting) + ": expected KEY=VALUE, e.g. "
                        + "spark.executor.memory=4g");
            }
            conf.put(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
        }
        ClusterSteps.Provider provider = ServiceLoader.load(ClusterSteps.Provider.class).findFirst()
                .orElseThrow(() -> new UserError("--spark: the Spark steps are not on the class path; they are "
                        + "engine-spark/ beside engine.jar (built by mvn install), which java -jar engine.jar adds "
                        + "when it is there"));
        ClusterSteps steps = provider.open(new ClusterSteps.Spec(master, conf, shards, backend));
        System.err.println("spark: " + steps.description());
        return Optional.of(steps);
    }
}
