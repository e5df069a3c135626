package dev.score.benchmarks;

import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings, the backend parameter and the backend's life cycle that every kernel benchmark shares, so
 * that each benchmark only prepares its inputs. JMH takes the annotations and the {@code @Param} from this
 * superclass; a subclass may override {@code @OutputTimeUnit} and the others with its own. The one
 * {@code @Setup} here creates the backend before {@link #prepare} runs, so no ordering between setups
 * is involved. The forked JVM gets the flags engine.jar's launcher gives it: the Vector API module, and
 * C2 told to inline the lane functions that take vectors (see the launcher for why).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:CompileCommand=quiet",
        "-XX:CompileCommand=inline,dev.score.kernels.VectorMath::exp",
        "-XX:CompileCommand=inline,dev.score.kernels.VectorMath::expFromZeroBound",
        "-XX:CompileCommand=inline,dev.score.kernels.VectorMath::tanh",
        "-XX:CompileCommand=inline,dev.score.kernels.VectorMath::sum"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public abstract class KernelBenchmark {

    @Param({"scalar", "vector"})
    public String backendName;

    protected Backend backend;

    private final long seed;

    /** {@code seed} seeds the random that {@link #prepare} receives. */
    protected KernelBenchmark(long seed) {
        this.seed = seed;
    }

    /** Allocates and fills this benchmark's inputs and outputs on {@link #backend}. */
    protected abstract void prepare(SplittableRandom random);

    @Setup(Level.Trial)
    public void setUp() {
        backend = Backends.create(backendName, Runtime.getRuntime().availableProcessors());
        prepare(new SplittableRandom(seed));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }
}
