package dev.score.tokenizer.template;

/** One lexical token; {@code text} is the literal's decoded value for strings, the raw text otherwise. */
record Token(Kind kind, String text, int line) {
    enum Kind {
        TEXT, VARIABLE_BEGIN, VARIABLE_END, BLOCK_BEGIN, BLOCK_END, NAME, STRING, INTEGER, FLOAT, OPERATOR, EOF
    }

    boolean is(Kind k, String value) {
        return kind == k && text.equals(value);
    }

    boolean isOperator(String op) {
        return is(Kind.OPERATOR, op);
    }

    boolean isName(String name) {
        return is(Kind.NAME, name);
    }

    String describe() {
        return switch (kind) {
            case EOF -> "end of template";
            case VARIABLE_END -> "'}}'";
            case BLOCK_END -> "'%}'";
            case STRING -> "string literal";
            case TEXT -> "template text";
            default -> "'" + text + "'";
        };
    }
}
