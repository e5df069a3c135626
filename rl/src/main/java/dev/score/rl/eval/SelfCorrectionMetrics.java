package dev.score.rl.eval;

import dev.score.rl.task.Task;
import java.util.List;
import java.util.Objects;

/**
 * The paper's metrics over a set of two-attempt results, all fractions of the problems: accuracy at
 * each attempt, Δ(t1,t2) = Δ^{i→c} − Δ^{c→i}, the share of attempts 2 that propose a different final
 * answer than attempt 1 (the collapse diagnostic), the share of attempts whose final answer can be read,
 * the histogram of edit-distance ratios between the attempts in {@value #BINS} bins over [0, 1], and how
 * many problems were too long for the model's context ({@code tooLong}: counted among the problems, wrong
 * at both attempts).
 */
public record SelfCorrectionMetrics(int problems, double accT1, double accT2, double delta, double deltaI2C,
        double deltaC2I, double changedAnswerRate, double parseableRate, double meanEditRatio,
        int[] editRatioHistogram, int tooLong) {

    public static final int BINS = 10;

    public static SelfCorrectionMetrics of(List<AttemptPair> pairs, Task task) {
        int n = pairs.size();
        if (n == 0) {
            throw new IllegalArgumentException("no results to measure");
        }
        int right1 = 0;
        int right2 = 0;
        int fixed = 0;
        int broken = 0;
        int changed = 0;
        int parseable = 0;
        int tooLong = 0;
        double editSum = 0;
        int[] histogram = new int[BINS];
        for (AttemptPair pair : pairs) {
            tooLong += pair.tooLong() ? 1 : 0;
            right1 += pair.correct1() ? 1 : 0;
            right2 += pair.correct2() ? 1 : 0;
            fixed += !pair.correct1() && pair.correct2() ? 1 : 0;
            broken += pair.correct1() && !pair.correct2() ? 1 : 0;
            String answer1 = task.finalAnswer(pair.attempt1());
            String answer2 = task.finalAnswer(pair.attempt2());
            changed += Objects.equals(answer1, answer2) ? 0 : 1;
            parseable += (answer1 != null ? 1 : 0) + (answer2 != null ? 1 : 0);
            double ratio = EditDistance.ratio(pair.attempt1(), pair.attempt2());
            editSum += ratio;
            histogram[Math.min(BINS - 1, (int) (ratio * BINS))]++;
        }
        return new SelfCorrectionMetrics(n, (double) right1 / n, (double) right2 / n, (double) (right2 - right1) / n,
                (double) fixed / n, (double) broken / n, (double) changed / n, parseable / (2.0 * n), editSum / n,
                histogram, tooLong);
    }

    /** The paper's row in percent: Acc@t1, Acc@t2, Δ, Δ^{i→c}, Δ^{c→i}. */
    public String row(String method) {
        return String.format(java.util.Locale.ROOT, "| %s | %.1f | %.1f | %+.1f | %.1f | %.1f |", method,
                100 * accT1, 100 * accT2, 100 * delta, 100 * deltaI2C, 100 * deltaC2I);
    }
}
