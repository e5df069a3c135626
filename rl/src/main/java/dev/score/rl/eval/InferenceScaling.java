package dev.score.rl.eval;

import dev.score.rl.task.Problem;
import dev.score.rl.task.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper's inference-time scaling comparison at equal sample budgets: for each K, majority voting over
 * 2K independent first attempts ("parallel") against K first attempts each followed by one self-correction,
 * voting over the K second attempts ("sequential"). Both spend 2K samples per problem.
 */
public final class InferenceScaling {
    public static final List<Integer> BUDGETS = List.of(1, 2, 4, 8, 16);

    /**
     * Accuracy of the majority answer for one K, and sequential minus parallel with its paired-bootstrap 95 %
     * interval over the problems.
     */
    public record Point(int k, double parallel, double sequential, PairedBootstrap.Interval sequentialMinusParallel) {
    }

    private InferenceScaling() {
    }

    /** How many two-attempt samples per problem {@link #measure} needs: 2·max K first attempts. */
    public static int samplesPerProblem() {
        return 2 * BUDGETS.get(BUDGETS.size() - 1);
    }

    /**
     * {@code samples.get(i)} holds the {@link #samplesPerProblem()} sampled two-attempt results of problem
     * {@code i} (temperature 0.7 in the paper); {@code seed} draws the bootstrap's resamples.
     */
    public static List<Point> measure(List<List<AttemptPair>> samples, Task task, long seed) {
        List<Point> points = new ArrayList<>();
        for (int k : BUDGETS) {
            int parallel = 0;
            int sequential = 0;
            boolean[] parallelRight = new boolean[samples.size()];
            boolean[] sequentialRight = new boolean[samples.size()];
            for (int i = 0; i < samples.size(); i++) {
                List<AttemptPair> pairs = samples.get(i);
                if (pairs.size() < 2 * k) {
                    throw new IllegalArgumentException("K = " + k + " needs " + 2 * k + " samples per problem, got "
                            + pairs.size());
                }
                List<String> firsts = new ArrayList<>();
                List<Boolean> firstsRight = new ArrayList<>();
                for (AttemptPair pair : pairs.subList(0, 2 * k)) {
                    firsts.add(pair.attempt1());
                    firstsRight.add(pair.correct1());
                }
                List<String> seconds = new ArrayList<>();
                List<Boolean> secondsRight = new ArrayList<>();
                for (AttemptPair pair : pairs.subList(0, k)) {
                    seconds.add(pair.attempt2());
                    secondsRight.add(pair.correct2());
                }
                parallelRight[i] = majorityIsRight(firsts, firstsRight, task);
                sequentialRight[i] = majorityIsRight(seconds, secondsRight, task);
                parallel += parallelRight[i] ? 1 : 0;
                sequential += sequentialRight[i] ? 1 : 0;
            }
            points.add(new Point(k, (double) parallel / samples.size(), (double) sequential / samples.size(),
                    PairedBootstrap.meanDifference(sequentialRight, parallelRight, PairedBootstrap.RESAMPLES, seed + k)));
        }
        return points;
    }

    /**
     * Whether the most common final answer is right; ties go to the answer seen first, attempts without a
     * readable answer do not vote, and with no votes at all the result is wrong.
     */
    static boolean majorityIsRight(List<String> attempts, List<Boolean> right, Task task) {
        Map<String, Integer> votes = new HashMap<>();
        Map<String, Boolean> answerIsRight = new HashMap<>();
        String best = null;
        for (int i = 0; i < attempts.size(); i++) {
            String answer = task.finalAnswer(attempts.get(i));
            if (answer == null) {
                continue;
            }
            int count = votes.merge(answer, 1, Integer::sum);
            answerIsRight.putIfAbsent(answer, right.get(i));
            if (best == null || count > votes.get(best)) {
                best = answer;
            }
        }
        return best != null && answerIsRight.get(best);
    }

    /** Problems repeated {@link #samplesPerProblem()} times each, in order, ready to sample in one pass. */
    public static List<Problem> repeated(List<Problem> problems) {
        List<Problem> rows = new ArrayList<>();
        for (Problem p : problems) {
            for (int i = 0; i < samplesPerProblem(); i++) {
                rows.add(p);
            }
        }
        return rows;
    }
}
