package dev.score.rl.code;

import dev.score.engine.Rng;
import dev.score.rl.task.Problem;
import dev.score.rl.task.Split;
import dev.score.rl.task.Task;
import dev.score.rl.task.Verifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * MBPP-like programming problems in the project's small language (docs/CODE_LANGUAGE.md): a one-line
 * spec of a function f, a reference program, and three tests. Problems are generated from templates
 * over five levels; a problem's tests and id depend only on its statement, so the same statement is
 * the same problem whichever seed drew it. An attempt is correct when it passes all three tests in the
 * sandbox.
 */
public final class CodeTask implements Task {
    private static final List<List<ProblemTemplate>> LEVELS = List.of(ArithmeticTemplates.ALL, ConditionalTemplates.ALL,
            TwoArgumentTemplates.ALL, ListTemplates.ALL, CompositeTemplates.ALL);
    private static final int TESTS_PER_PROBLEM = 3;
    /** Draws in a row that found no new problem after which a level of a split counts as exhausted. */
    private static final int MAX_MISSES = 20_000;
    private static final int MUTATION_TRIES = 30;

    private final Sandbox sandbox = Sandbox.withDefaultLimits();

    @Override
    public String name() {
        return "code";
    }

    /**
     * Takes the levels in turn (1, 2, 3, 4, 5, 1, ...) so that every level is equally represented; for
     * each, draws a template of that level and its parameters until the statement hashes into
     * {@code split} and is new. A level counts as exhausted after {@link #MAX_MISSES} draws in a row
     * found nothing new; fewer than {@code count} problems come back only when every level is.
     */
    @Override
    public List<Problem> problems(Split split, int count, long seed) {
        Rng rng = new Rng(seed);
        Set<String> statements = new HashSet<>();
        List<Problem> problems = new ArrayList<>();
        boolean[] exhausted = new boolean[LEVELS.size()];
        int exhaustedLevels = 0;
        for (int slot = 0; problems.size() < count && exhaustedLevels < LEVELS.size(); slot++) {
            int level = slot % LEVELS.size();
            if (exhausted[level]) {
                continue;
            }
            Problem problem = drawNew(level + 1, split, statements, rng);
            if (problem == null) {
                exhausted[level] = true;
                exhaustedLevels++;
            } else {
                problems.add(problem);
            }
        }
        return List.copyOf(problems);
    }

    private static Problem drawNew(int level, Split split, Set<String> statements, Rng rng) {
        List<ProblemTemplate> templates = LEVELS.get(level - 1);
        for (int miss = 0; miss < MAX_MISSES; miss++) {
            ProblemSpec spec = templates.get(rng.nextInt(templates.size())).draw(rng);
            if (Split.of(spec.statement()) == split && statements.add(spec.statement())) {
                return problem(level, spec);
            }
        }
        return null;
    }

    /** The problem with three distinct test inputs drawn from a generator seeded by the statement. */
    static Problem problem(int level, ProblemSpec spec) {
        long hash = stableHash(spec.statement());
        Rng rng = new Rng(hash);
        Set<String> calls = new HashSet<>();
        List<String> tests = new ArrayList<>();
        for (int t = 0; t < TESTS_PER_PROBLEM; t++) {
            for (int attempt = 0; attempt < 20; attempt++) {
                List<Value> arguments = spec.inputs().draw(rng, t);
                String call = Program.ENTRY + "(" + arguments.stream().map(Value::show).collect(Collectors.joining(", ")) + ")";
                if (calls.add(call)) {
                    tests.add(call + " == " + spec.answer().apply(arguments).show());
                    break;
                }
            }
        }
        String solution = Program.parse(spec.solution()).canonical();
        return new Problem("code-" + level + "-" + Long.toHexString(hash), level, spec.statement(), solution,
                String.join("\n", tests));
    }

    @Override
    public Verifier verifier() {
        return (problem, attempt) -> attempt != null && report(problem, attempt).allPassed();
    }

    /** How {@code attempt} fares on the problem's tests, with the first failure explained. */
    public TestReport report(Problem problem, String attempt) {
        return sandbox.run(attempt, problem.oracle());
    }

    @Override
    public String correctionInstruction() {
        return "There might be an error in the solution above because of lack of understanding of the question. "
                + "Please correct the error, if any, and rewrite the solution. Only output the final correct program!";
    }

    /** The program in canonical layout, or null when the attempt does not parse. */
    @Override
    public String finalAnswer(String attempt) {
        if (attempt == null) {
            return null;
        }
        try {
            return Program.parse(attempt).canonical();
        } catch (CodeError e) {
            return null;
        }
    }

    /**
     * The reference with one planted bug that makes at least one test fail. Some mutations change
     * nothing the tests can see (a constant the tests never reach), so several are tried; if none fails,
     * f returns a constant that fails the first test.
     */
    @Override
    public String flawedSolution(Problem problem, Rng rng) {
        Program reference = Program.parse(problem.solution());
        for (int i = 0; i < MUTATION_TRIES; i++) {
            String candidate = ProgramMutator.mutate(reference, rng).canonical();
            if (!verifier().isCorrect(problem, candidate)) {
                return candidate;
            }
        }
        Definition entry = reference.byName().get(Program.ENTRY);
        String head = Program.ENTRY + "(" + String.join(", ", entry.parameters()) + ") = ";
        for (String constant : List.of("0", "1", "[]")) {
            if (!verifier().isCorrect(problem, head + constant)) {
                return head + constant;
            }
        }
        throw new IllegalStateException("no wrong program found for " + problem.id());
    }

    /** A 64-bit FNV-1a hash of the text, finished with a SplitMix64 mix: stable across JVMs and runs. */
    static long stableHash(String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
