package dev.score.tokenizer.template;

/**
 * jinja2's default {@code Undefined}: prints as nothing, is false, iterates as empty, and fails on anything
 * else (attribute access, arithmetic, calls) with {@code hint} saying what was missing.
 */
record Undefined(String hint) {
    TemplateException error() {
        return new TemplateException(hint);
    }

    static Undefined name(String name) {
        return new Undefined("'" + name + "' is undefined");
    }

    static Undefined attribute(Object owner, Object name) {
        return new Undefined("'" + Values.typeName(owner) + " object' has no attribute '" + name + "'");
    }
}
