package dev.score.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Load failures and driver errors become one short line that names what is missing. */
class ReasonsTest {

    @Test
    void jcudasFoldedStackTracesGiveWayToTheMissingLibrary() {
        String message = """
                Error while loading native library "JCudaDriver-12.6.0-linux-x86_64"
                Operating system name: Linux
                ---(start of nested stack traces)---
                Stack trace from the attempt to load the library as a file:
                java.lang.UnsatisfiedLinkError: no JCudaDriver-12.6.0-linux-x86_64 in java.library.path: /usr/lib
                \tat java.base/java.lang.ClassLoader.loadLibrary(ClassLoader.java:2285)
                Stack trace from the attempt to load the library as a resource:
                java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open \
                shared object file: No such file or directory
                \tat java.base/jdk.internal.loader.NativeLibraries.load(Native Method)
                ---(end of nested stack traces)---
                """;
        assertEquals("libcuda.so.1: cannot open shared object file: No such file or directory",
                Reasons.oneLine(new UnsatisfiedLinkError(message)));
    }

    @Test
    void otherMessagesAreFoldedOntoOneLineAndCut() {
        assertEquals("CUDA_ERROR_NO_DEVICE", Reasons.oneLine(new IllegalStateException("CUDA_ERROR_NO_DEVICE")));
        assertEquals("a b c", Reasons.oneLine(new IllegalStateException("a\n b\tc ")));
        assertEquals("IllegalStateException", Reasons.oneLine(new IllegalStateException()));
        String longest = Reasons.oneLine(new IllegalStateException("x".repeat(1000)));
        assertTrue(longest.length() <= 241 && longest.endsWith("…"), longest);
    }
}
