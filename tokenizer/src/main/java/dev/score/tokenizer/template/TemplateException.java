package dev.score.tokenizer.template;

/**
 * A chat template that cannot be parsed (the message names the line and what was expected), or one that failed
 * while rendering: a type error, an undefined value used, or the template's own {@code raise_exception(msg)},
 * whose message is exactly {@code msg}.
 */
public final class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }

    static TemplateException at(int line, String message) {
        return new TemplateException("line " + line + ": " + message);
    }
}
