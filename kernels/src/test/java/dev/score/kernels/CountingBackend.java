package dev.score.kernels;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;

/**
 * A backend that runs every operation on another and counts the transfers between host and backend memory:
 * reads (values that come back to the host: {@code toArray}, {@code copyToHost}, the sums that return a
 * number, the token choices) and uploads ({@code fromArray}). A step whose count grows with the model's
 * size makes a round trip per layer or per parameter, which a GPU backend pays for in latency. Index arrays
 * passed as host arrays (token ids, targets, positions, masks) are arguments, not counted here.
 */
public final class CountingBackend {
    private static final Set<String> READS = Set.of("toArray", "copyToHost", "sum", "sumOfSquares", "argmaxRows",
            "drawRows");
    private static final Set<String> UPLOADS = Set.of("fromArray");

    private final Backend backend;
    private long reads;
    private long uploads;

    public CountingBackend(Backend inner) {
        InvocationHandler handler = (proxy, method, args) -> invoke(inner, method, args);
        this.backend = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                handler);
    }

    private Object invoke(Backend inner, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (READS.contains(name)) {
            reads++;
        } else if (UPLOADS.contains(name)) {
            uploads++;
        }
        try {
            return method.invoke(inner, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The backend to hand to the code under count. */
    public Backend backend() {
        return backend;
    }

    /** Values read back to the host since the last {@link #reset}. */
    public long reads() {
        return reads;
    }

    /** Arrays uploaded from the host since the last {@link #reset}. */
    public long uploads() {
        return uploads;
    }

    public void reset() {
        reads = 0;
        uploads = 0;
    }
}
