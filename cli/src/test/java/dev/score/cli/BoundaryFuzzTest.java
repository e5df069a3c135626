package dev.score.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.score.rl.train.ScoreConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option that takes a value, of every command, at boundary values (0, −1, 2^31−1, −2^31, 2^63−1, NaN,
 * Infinity, 1e400, the empty string, 100 000 characters): each run ends with exit code 0 or 2, never 1;
 * on 2 with exactly one {@code error:} line naming the option and no stack trace; and within a time bound,
 * so that a valid value of absurd size is refused at parse time rather than attempted. The options come
 * from picocli's model of the command line, so a new option is covered without touching this test.
 *
 * <p>Each command runs from a small command line that works (a tiny model, a few problems), with the one
 * option replaced. {@code train} and {@code pretrain} would run for minutes on any valid line, so theirs
 * end in a deliberate last error (a zero-step schedule, an unknown task) that only a bad fuzzed value
 * comes before.
 */
class BoundaryFuzzTest {
    private static final List<String> VALUES = List.of("0", "-1", "2147483647", "-2147483648",
            "9223372036854775807", "NaN", "Infinity", "1e400", "", "x".repeat(100_000));
    /** Per run; a refused value takes milliseconds, an accepted one a tiny model's work. */
    private static final long BOUND_NANOS = 10_000_000_000L;

    @TempDir
    static Path dir;
    private static Path model;
    private static Path corpus;
    private static Path ids;
    private static Path finishedRun;

    @BeforeAll
    static void tinyModelWithTokenizer() throws IOException {
        model = dir.resolve("model");
        corpus = dir.resolve("corpus.txt");
        ids = dir.resolve("ids.txt");
        Files.writeString(corpus, "What is 12 + 30? 12 + 30 = 42. The final answer is 42.\n");
        Files.writeString(ids, "1 2 3\n4 5\n");
        ok(InProcess.run(new byte[0], "init", "--out", model.toString(), "--layers", "1", "--dim", "8", "--heads", "2",
                "--vocab", "300", "--ctx", "512", "--threads", "1"));
        ok(InProcess.run(new byte[0], "train-tokenizer", "--corpus", corpus.toString(), "--vocab-size", "270", "--out",
                model.toString()));
        finishedRun = finishedRun(dir.resolve("finished-run"));
    }

    /** The files {@code summarize} reads of a finished run, written by hand: no training needed to fuzz it. */
    private static Path finishedRun(Path run) throws IOException {
        Files.createDirectories(run);
        ObjectMapper json = new ObjectMapper();
        Files.write(run.resolve("config.json"), json.writeValueAsBytes(ScoreConfig.defaults()));
        Files.writeString(run.resolve("metrics.json"), "{\"methods\": {\"base\": {}, \"score\": {\"settings\": {}}}}");
        Files.writeString(run.resolve("outcomes.jsonl"), """
                {"method": "base", "problem": "p1", "correct1": true, "correct2": false}
                {"method": "score", "problem": "p1", "correct1": true, "correct2": true}
                """);
        return run;
    }

    /**
     * A working command line per command as option → value, the text an intended last error names, and the
     * positional arguments that follow the options.
     */
    private record Base(Map<String, String> options, String sentinel, List<String> positional) {
    }

    private static Base base(String command, CommandSpec spec, Path scratch) {
        Map<String, String> o = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        String sentinel = null;
        String m = model.toString();
        String[] shape = {"--layers", "1", "--dim", "8", "--heads", "2", "--vocab", "16", "--ctx", "8"};
        switch (command) {
            case "init" -> {
                o.put("--out", scratch.resolve("init").toString());
                put(o, shape);
            }
            case "score" -> put(o, "--model", m, "--ids", ids.toString());
            case "generate" -> put(o, "--model", m, "--prompt-ids", "1 2", "--max-new-tokens", "2");
            case "tokenize", "detokenize" -> put(o, "--tokenizer", m);
            case "train-tokenizer" -> put(o, "--corpus", corpus.toString(), "--vocab-size", "270", "--out",
                    scratch.resolve("tok").toString());
            case "pretrain" -> {
                put(o, "--steps", "1", "--out", scratch.resolve("base").toString(), "--task", "none");
                sentinel = "--task";
            }
            case "eval" -> put(o, "--model", m, "--problems", "2", "--max-attempt-tokens", "2");
            case "train" -> {
                put(o, "--set", "schedule=I:0");
                sentinel = "schedule";
            }
            case "summarize" -> {
                put(o, "--out", scratch.resolve("summary").toString());
                positional.add(finishedRun.toString());
            }
            case "bench matmul" -> put(o, "--m", "2", "--k", "2", "--n", "2", "--seconds", "0.01");
            case "bench train" -> {
                put(o, shape);
                put(o, "--batch", "1", "--steps", "1", "--warmup", "0");
            }
            case "bench sample" -> {
                put(o, shape);
                put(o, "--batch", "1", "--prompt-len", "1", "--new-tokens", "1", "--repeats", "1", "--warmup", "0");
            }
            default -> throw new AssertionError("no working command line for " + command);
        }
        if (spec.findOption("--threads") != null) {
            o.put("--threads", "1");
        }
        return new Base(o, sentinel, positional);
    }

    /** Options of which a command line holds exactly one: the fuzzed one replaces its partner. */
    private static final List<Set<String>> EXCLUSIVE = List.of(Set.of("--prompt-ids", "--prompt"),
            Set.of("--gpt2", "--tokenizer"));

    @Test
    void everyOptionAtEveryBoundaryGivesExitCode0Or2AndOneErrorLine() throws IOException {
        List<String> failures = new ArrayList<>();
        int runs = 0;
        for (Map.Entry<String, CommandSpec> command : commands(new CommandLine(new Main()).getCommandSpec(), "")
                .entrySet()) {
            // A group's options can be listed twice (by the group and by the command): each is fuzzed once.
            Set<String> seen = new HashSet<>();
            for (OptionSpec option : command.getValue().options()) {
                if (option.arity().max() == 0 || option.usageHelp() || option.versionHelp()
                        || !seen.add(option.longestName())) {
                    continue;
                }
                for (String value : VALUES) {
                    Path scratch = Files.createTempDirectory(dir, "case");
                    Base base = base(command.getKey(), command.getValue(), scratch);
                    String given = option.type() == Path.class ? scratch.resolve(value).toString() : value;
                    List<String> args = arguments(command.getKey(), base, option.longestName(), given);
                    InProcess.Result result = InProcess.run("12 + 30".getBytes(StandardCharsets.UTF_8),
                            args.toArray(String[]::new));
                    runs++;
                    String problem = problem(result, option.longestName(), base.sentinel());
                    if (problem != null) {
                        failures.add(command.getKey() + " " + option.longestName() + " "
                                + (value.length() > 20 ? value.length() + " chars" : "'" + value + "'") + ": " + problem);
                    }
                }
            }
        }
        assertTrue(runs > 500, runs + " runs: the command model lost its options");
        assertEquals(List.of(), failures);
    }

    /** What breaks the contract in {@code result}, or null. */
    private static String problem(InProcess.Result result, String option, String sentinel) {
        if (result.nanos() > BOUND_NANOS) {
            return "took " + result.nanos() / 1_000_000 + " ms";
        }
        if (result.exitCode() == 0) {
            return null;
        }
        if (result.exitCode() != 2) {
            return "exit code " + result.exitCode() + ": " + abbreviated(result.stderr());
        }
        List<String> errors = result.stderr().lines().filter(l -> l.startsWith("error:")).toList();
        if (errors.size() != 1 || result.stderr().contains("\tat ") || result.stderr().contains("Exception")) {
            return "not one clean error line: " + abbreviated(result.stderr());
        }
        String line = errors.getFirst();
        if (!line.contains(option) && (sentinel == null || !line.contains(sentinel))) {
            return "the error does not name " + option + ": " + abbreviated(line);
        }
        return null;
    }

    private static List<String> arguments(String command, Base base, String option, String value) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        Set<String> partners = EXCLUSIVE.stream().filter(s -> s.contains(option)).findFirst().orElse(Set.of());
        base.options().forEach((name, v) -> {
            if (!name.equals(option) && !partners.contains(name)) {
                args.add(name);
                args.add(v);
            }
        });
        args.add(option);
        args.add(value);
        args.addAll(base.positional());
        return args;
    }

    /** Every runnable command by its full name ({@code bench matmul}), from picocli's model. */
    private static Map<String, CommandSpec> commands(CommandSpec spec, String prefix) {
        Map<String, CommandSpec> found = new LinkedHashMap<>();
        spec.subcommands().forEach((name, sub) -> {
            String full = (prefix + " " + name).strip();
            if (sub.getSubcommands().isEmpty()) {
                found.put(full, sub.getCommandSpec());
            } else {
                found.putAll(commands(sub.getCommandSpec(), full));
            }
        });
        return found;
    }

    private static void put(Map<String, String> options, String... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            options.put(pairs[i], pairs[i + 1]);
        }
    }

    private static void ok(InProcess.Result result) {
        assertEquals(0, result.exitCode(), result.stderr());
    }

    private static String abbreviated(String text) {
        return text.length() <= 400 ? text : text.substring(0, 400) + "…";
    }
}
