package dev.score.rl.math;

/** The fixed instruction between the two attempts of a math problem, shared by every math task. */
public final class MathInstruction {

    /**
     * The paper's math correction instruction (Kumar et al. 2024, verbatim as in SCORE.md): it invites a
     * second attempt without saying whether the first was wrong.
     */
    public static final String CORRECTION = "There might be an error in the solution above because of lack of "
            + "understanding of the question. Please correct the error, if any, and rewrite the solution.";

    private MathInstruction() {}
}
