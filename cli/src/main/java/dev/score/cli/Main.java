package dev.score.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar engine.jar COMMAND …}: the engine's command line. Bad input (a missing file, a
 * malformed id, a corrupted checkpoint) ends with one line on stderr and exit code 2; a bug ends
 * with exit code 1 (and a stack trace only when {@code SCORE_DEBUG} is set).
 */
@Command(name = "engine.jar", mixinStandardHelpOptions = true, version = "engine 0.1.0",
        description = "A pure-JVM transformer and RL engine that teaches language models to self-correct.",
        subcommands = {InitCommand.class, ScoreCommand.class, GenerateCommand.class, TokenizeCommand.class,
            DetokenizeCommand.class, TrainTokenizerCommand.class, PretrainCommand.class, EvalCommand.class, TrainCommand.class,
            SummarizeCommand.class,
            BenchCommand.class})
public final class Main implements Runnable {
    static final int BAD_INPUT = 2;
    static final int INTERNAL_ERROR = 1;

    public static void main(String[] args) {
        LauncherWatch.start();
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (the tests call this directly). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((e, arguments) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("error: " + e.getMessage());
            err.println("try: java -jar engine.jar " + e.getCommandLine().getCommandName() + " --help");
            err.flush();
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (System.getenv("SCORE_DEBUG") != null) {
                e.printStackTrace(err);
            }
            int code = UserError.isUserError(e) ? BAD_INPUT : INTERNAL_ERROR;
            err.println((code == BAD_INPUT ? "error: " : "internal error: ") + UserError.describe(e));
            err.flush();
            return code;
        });
        cli.setExecutionStrategy(parsed -> {
            OptionRanges.check(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // Sizes that pass every range check can still exceed this JVM's heap together.
            long heap = Runtime.getRuntime().maxMemory();
            // The example asks for half as much again as this heap, whole gigabytes, at least 2.
            long larger = Math.max(2, (long) Math.ceil(heap * 1.5 / (1L << 30)));
            System.err.println("error: out of memory (" + heap / (1 << 20) + " MiB heap): choose smaller sizes or "
                    + "counts, or give it a larger heap, e.g. SCORE_HEAP=" + larger + "g");
            return BAD_INPUT;
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
