package dev.score.rl.math;

import dev.score.rl.task.Task;
import dev.score.rl.task.Verifier;

/**
 * What every math task shares whatever its problems' source: the name, the MATH answer checks, the
 * canonical final answer and the paper's correction instruction.
 */
abstract sealed class MathAnswerTask implements Task permits MathTask, MathDatasetTask, RootCheckTask, ArithmeticChainTask {
    private static final Verifier VERIFIER = new MathVerifier();

    @Override
    public String name() {
        return "math";
    }

    @Override
    public Verifier verifier() {
        return VERIFIER;
    }

    @Override
    public String correctionInstruction() {
        return MathInstruction.CORRECTION;
    }

    /**
     * The attempt's final answer, normalized and with numbers spelled one way, so 0.5 and 1/2 give the
     * same string; {@code null} when the attempt proposes none.
     */
    @Override
    public String finalAnswer(String attempt) {
        return MathAnswers.canonical(MathAnswers.extract(attempt));
    }
}
