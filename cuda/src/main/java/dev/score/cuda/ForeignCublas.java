package dev.score.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * cuBLAS through java.lang.foreign: the five functions the backend calls, bound against the first
 * libcublas that loads, so that a CUDA 13 machine (whose libcublas.so.13 JCublas 12.6 cannot link) still
 * multiplies on cuBLAS. Device pointers cross as their raw addresses ({@link CudaStorage#address}).
 *
 * <p>Where it looks: the file named by {@code -Dscore.cublas} or {@code $SCORE_CUBLAS}; then
 * libcublas.so.13, .12 and unversioned on the dynamic loader's path; then under {@code $CUDA_HOME} and
 * /usr/local/cuda. cublasSetStream is not called: the handle stays on the legacy default stream, the one
 * stream of the backend's kernels.
 */
final class ForeignCublas implements Blas {

    private static final int CUBLAS_STATUS_SUCCESS = 0;
    private static final int CUBLAS_OP_N = 0;
    private static final int CUBLAS_OP_T = 1;
    /** No TF32 or other reduced-precision math in sgemm. */
    private static final int CUBLAS_DEFAULT_MATH = 0;

    private final Arena arena = Arena.ofShared();
    private final MethodHandle sgemm;
    private final MethodHandle destroy;
    private final MemorySegment handle;
    /** alpha then beta, host memory cuBLAS reads at each call (its default pointer mode). */
    private final MemorySegment scalars = arena.allocate(JAVA_FLOAT, 2);
    private final String library;
    private final int version;
    private boolean closed;

    private ForeignCublas(SymbolLookup lookup, String library) throws Throwable {
        this.library = library;
        Linker linker = Linker.nativeLinker();
        MethodHandle create = linker.downcallHandle(find(lookup, "cublasCreate_v2", "cublasCreate"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        MethodHandle setMathMode = linker.downcallHandle(find(lookup, "cublasSetMathMode"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        MethodHandle getVersion = linker.downcallHandle(find(lookup, "cublasGetVersion_v2", "cublasGetVersion"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        sgemm = linker.downcallHandle(find(lookup, "cublasSgemm_v2", "cublasSgemm"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS,
                        ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        destroy = linker.downcallHandle(find(lookup, "cublasDestroy_v2", "cublasDestroy"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        MemorySegment handleSlot = arena.allocate(ADDRESS);
        check("cublasCreate", (int) create.invokeExact(handleSlot));
        handle = handleSlot.get(ADDRESS, 0);
        check("cublasSetMathMode", (int) setMathMode.invokeExact(handle, CUBLAS_DEFAULT_MATH));
        MemorySegment versionSlot = arena.allocate(JAVA_INT);
        check("cublasGetVersion", (int) getVersion.invokeExact(handle, versionSlot));
        version = versionSlot.get(JAVA_INT, 0);
    }

    /**
     * Binds the first libcublas that loads and creates a handle on the current context.
     *
     * @throws IllegalStateException naming the places tried when none loads, or the failing cuBLAS call
     */
    static ForeignCublas open() {
        List<String> tried = new ArrayList<>();
        for (String candidate : candidates()) {
            SymbolLookup lookup;
            try {
                lookup = candidate.contains("/")
                        ? SymbolLookup.libraryLookup(Path.of(candidate), Arena.global())
                        : SymbolLookup.libraryLookup(candidate, Arena.global());
            } catch (IllegalArgumentException e) {
                tried.add(candidate);
                continue;
            }
            try {
                return new ForeignCublas(lookup, candidate);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("cuBLAS from " + candidate + " failed: " + e, e);
            }
        }
        throw new IllegalStateException("no libcublas loads (tried " + String.join(", ", tried) + ")");
    }

    private static List<String> candidates() {
        List<String> candidates = new ArrayList<>();
        String named = System.getProperty("score.cublas", System.getenv("SCORE_CUBLAS"));
        if (named != null && !named.isBlank()) {
            candidates.add(named);
        }
        List<String> names = List.of("libcublas.so.13", "libcublas.so.12", "libcublas.so");
        candidates.addAll(names);
        List<String> folders = new ArrayList<>();
        String cudaHome = System.getenv("CUDA_HOME");
        if (cudaHome != null && !cudaHome.isBlank()) {
            folders.add(cudaHome + "/lib64");
        }
        folders.add("/usr/local/cuda/lib64");
        for (String folder : folders) {
            for (String name : names) {
                if (Files.exists(Path.of(folder, name))) {
                    candidates.add(folder + "/" + name);
                }
            }
        }
        return candidates;
    }

    private static MemorySegment find(SymbolLookup lookup, String... names) {
        for (String name : names) {
            var symbol = lookup.find(name);
            if (symbol.isPresent()) {
                return symbol.get();
            }
        }
        throw new IllegalStateException("libcublas has no " + String.join(" or ", names));
    }

    private static void check(String call, int status) {
        if (status != CUBLAS_STATUS_SUCCESS) {
            throw new IllegalStateException(call + " failed with cublasStatus_t " + status);
        }
    }

    @Override
    public synchronized void sgemm(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
            CudaStorage a, int lda, CudaStorage b, int ldb, float beta, CudaStorage c, int ldc) {
        scalars.setAtIndex(JAVA_FLOAT, 0, alpha);
        scalars.setAtIndex(JAVA_FLOAT, 1, beta);
        int status;
        try {
            status = (int) sgemm.invokeExact(handle, transposeA ? CUBLAS_OP_T : CUBLAS_OP_N,
                    transposeB ? CUBLAS_OP_T : CUBLAS_OP_N, m, n, k, scalars,
                    MemorySegment.ofAddress(a.address()), lda, MemorySegment.ofAddress(b.address()), ldb,
                    scalars.asSlice(Float.BYTES), MemorySegment.ofAddress(c.address()), ldc);
        } catch (Throwable e) {
            throw new IllegalStateException("cublasSgemm could not be called", e);
        }
        check("cublasSgemm", status);
    }

    @Override
    public String describe() {
        return "cuBLAS " + CublasVersion.text(version) + " via java.lang.foreign (" + library + ")";
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            check("cublasDestroy", (int) destroy.invokeExact(handle));
        } catch (Throwable e) {
            throw new IllegalStateException("cublasDestroy failed", e);
        } finally {
            arena.close();
        }
    }
}
