package dev.score.tokenizer.template;

/**
 * A chat template that cannot be parsed (the message names the line and what was expected), or one that failed
 * while rendering: a type error, an undefined value used, or the template's own {@code raise_exception(msg)},
 * whose message is exactly {@code msg}.
 */
public final class TemplateException extends RuntimeException {
    /** Whether the message is final: already names its line, or is the template's own raise_exception text. */
    private final boolean located;

    public TemplateException(String message) {
        this(message, false);
    }

    private TemplateException(String message, boolean located) {
        super(message);
        this.located = located;
    }

    static TemplateException at(int line, String message) {
        return new TemplateException("line " + line + ": " + message, true);
    }

    /** What {@code raise_exception(message)} throws: exactly the template's message. */
    static TemplateException raised(String message) {
        return new TemplateException(message, true);
    }

    /** This failure, said to come from {@code line} unless its message is already final. */
    TemplateException locate(int line) {
        return located ? this : at(line, getMessage());
    }
}
