package dev.score.cuda;

import java.util.List;

/** Errors from native loading and the driver turned into the one-line reasons the provider reports. */
final class Reasons {

    /** The longest a reason's detail grows before it is cut. */
    private static final int MAX_LENGTH = 240;

    /** How JCuda's LibUtils begins the stack traces it folds into a load failure's message. */
    private static final String NESTED_TRACES = "---(start of nested stack traces)---";

    private static final String LINK_ERROR = UnsatisfiedLinkError.class.getName() + ": ";

    private Reasons() {
    }

    /**
     * The error's message on one line. JCuda's load failures carry the stack traces of each way it tried
     * to load its library; of those, the last attempt's error says what was missing (e.g.
     * {@code libcuda.so.1: cannot open shared object file}), and only that is kept.
     */
    static String oneLine(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        if (message.contains(NESTED_TRACES)) {
            List<String> attempts = message.lines().filter(line -> line.startsWith(LINK_ERROR)).toList();
            if (!attempts.isEmpty()) {
                // "…: /tmp/libJCudaDriver-….so: libcuda.so.1: cannot open …": keep what follows the extracted file.
                message = attempts.getLast().substring(LINK_ERROR.length()).replaceFirst("^/\\S+\\.so: ", "");
            }
        }
        String line = message.replaceAll("\\s+", " ").strip();
        return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH) + "…";
    }
}
