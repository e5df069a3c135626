package dev.score.cli;

import dev.score.rl.compare.SeedSummary;
import dev.score.rl.compare.SeedsDirectory;
import dev.score.rl.report.SummaryReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code summarize}: finished runs of one job under different seeds, run apart (each seed's run is
 * deterministic), combined into the table {@code train --seeds} prints.
 */
@Command(name = "summarize", mixinStandardHelpOptions = true,
        description = "Combine finished train runs that differ in the seed alone into one table: per method the mean "
                + "± standard deviation over seeds, each seed's paired 95% intervals, and the intervals pooled over "
                + "every (seed, problem) pair. Runs of other methods at one seed (train --method M, from the same "
                + "base model) join. Runs whose configs differ otherwise, of another task, seeds without the same "
                + "methods, or a method given twice at a seed are refused.")
final class SummarizeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "A run directory that train wrote (one seed), or "
            + "one that train --seeds wrote (all its seeds).")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write summary.json and report.html into DIR "
            + "(created if needed).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (out != null) {
            OptionPaths.writableDirectory("--out", out);
        }
        List<Path> seedRuns = new ArrayList<>();
        for (Path run : runs) {
            OptionPaths.directory("RUN_DIR", run);
            if (SeedsDirectory.holdsSeeds(run)) {
                seedRuns.addAll(new SeedsDirectory(run).seedRuns());
            } else {
                seedRuns.add(run);
            }
        }
        SeedSummary summary = SeedSummary.of(seedRuns);
        if (out != null) {
            Files.createDirectories(out);
            SeedsDirectory written = new SeedsDirectory(out);
            summary.write(written.summary());
            SummaryReport.write(written.summary(), written.report());
        }
        System.out.print(summary.table());
        if (out != null) {
            System.out.println("summary: " + new SeedsDirectory(out).summary());
        }
        return 0;
    }
}
