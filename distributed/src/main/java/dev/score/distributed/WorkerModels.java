package dev.score.distributed;

import dev.score.engine.CausalLm;
import dev.score.engine.Tensor;
import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import dev.score.rl.rollout.AttemptDraws;
import dev.score.rl.train.KlEstimator;
import dev.score.rl.train.PolicyGradientStep;
import java.util.Map;

/**
 * One worker task's models and machinery, built from a run's {@link RunSetup}: the frozen reference, a policy
 * that takes each step's weights, the attempt sampler with its caches and the update with its workspace. A task
 * uses it alone; an executor keeps them between steps (see {@link Workers}).
 */
final class WorkerModels {
    final String run;
    final CausalLm reference;
    final CausalLm policy;
    final AttemptDraws draws;
    final PolicyGradientStep update;

    private WorkerModels(String run, CausalLm reference, CausalLm policy, AttemptDraws draws,
            PolicyGradientStep update) {
        this.run = run;
        this.reference = reference;
        this.policy = policy;
        this.draws = draws;
        this.update = update;
    }

    /**
     * Models for {@code setup} on a backend of {@code threads} threads. The vector backend needs the JVM's
     * {@code --add-modules jdk.incubator.vector}: without it this fails, never falling back to the slow reference.
     */
    static WorkerModels build(RunSetup setup, int threads) {
        requireVectorModule(setup.backend(), Backends.vectorApiAvailable());
        Backend backend = Backends.create(setup.backend(), threads);
        CausalLm reference = setup.reference().load(backend);
        CausalLm policy = setup.reference().load(backend);
        return new WorkerModels(setup.id(), reference, policy, new AttemptDraws(setup.draws()),
                new PolicyGradientStep(KlEstimator.parse(setup.estimator()), setup.clipNorm()));
    }

    /**
     * Refuses a backend other than the scalar reference in a JVM without the Vector API module: the vector backend
     * (and {@code auto}'s fallback) needs it, and a worker must never quietly compute with the slow reference.
     */
    static void requireVectorModule(String backend, boolean vectorApiAvailable) {
        if (!backend.equals("scalar") && !vectorApiAvailable) {
            throw new IllegalStateException("this executor's JVM was started without --add-modules "
                    + "jdk.incubator.vector, which the " + backend + " backend needs; train --spark appends it to "
                    + "spark.executor.extraJavaOptions, so something started this executor otherwise");
        }
    }

    /** Gives the policy the step's weights, by parameter name. */
    void load(Map<String, float[]> weights) {
        for (Map.Entry<String, Tensor> parameter : policy.parameters().entrySet()) {
            float[] values = weights.get(parameter.getKey());
            if (values == null) {
                throw new IllegalArgumentException("the step's weights lack " + parameter.getKey());
            }
            parameter.getValue().set(values);
        }
    }
}
