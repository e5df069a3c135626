package dev.score.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bench}: speed measurements, each printing one JSON line. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure speed on random data; each subcommand prints one JSON line.",
        subcommands = {BenchMatmulCommand.class, BenchTrainCommand.class, BenchSampleCommand.class})
final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
