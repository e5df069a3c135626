package dev.score.rl.code;

import dev.score.engine.Rng;

/** A family of problems (one phrasing, one program shape): draws the parameters of one member. */
@FunctionalInterface
interface ProblemTemplate {
    ProblemSpec draw(Rng rng);
}
