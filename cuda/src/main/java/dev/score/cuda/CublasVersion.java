package dev.score.cuda;

/** cuBLAS's version number ({@code major·10000 + minor·100 + patch}) as {@code "major.minor"}. */
final class CublasVersion {

    private CublasVersion() {
    }

    static String text(int version) {
        return version / 10_000 + "." + version / 100 % 100;
    }
}
