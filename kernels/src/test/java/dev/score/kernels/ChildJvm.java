package dev.score.kernels;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * What a test needs to start a JVM of its own on the kernels and their tests: the java command of the
 * JVM running the tests, and the class path.
 */
final class ChildJvm {

    private ChildJvm() {
    }

    /** The java launcher of this JVM. */
    static String java() {
        return ProcessHandle.current().info().command().orElseThrow();
    }

    /** The kernels' classes and their test classes, wherever the build put them. */
    static String classPath() {
        return String.join(File.pathSeparator, codeSource(VectorBackend.class), codeSource(ChildJvm.class));
    }

    private static String codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
