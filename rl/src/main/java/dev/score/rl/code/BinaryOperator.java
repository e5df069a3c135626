package dev.score.rl.code;

import dev.score.rl.code.Token.Kind;

/** The infix operators, with their spelling and binding strength (higher binds tighter). */
enum BinaryOperator {
    OR("or", 1), AND("and", 2),
    EQ("==", 4), NE("!=", 4), LT("<", 4), LE("<=", 4), GT(">", 4), GE(">=", 4),
    ADD("+", 5), SUB("-", 5),
    MUL("*", 6), DIV("/", 6), MOD("%", 6);

    /** Binding strength of {@code not}, between {@code and} and the comparisons. */
    static final int NOT_PRECEDENCE = 3;
    /** Binding strength of unary minus, above every binary operator. */
    static final int NEGATE_PRECEDENCE = 7;

    final String symbol;
    final int precedence;

    BinaryOperator(String symbol, int precedence) {
        this.symbol = symbol;
        this.precedence = precedence;
    }

    /** Comparisons do not chain: {@code a < b < c} is a syntax error rather than a surprise. */
    boolean isComparison() {
        return precedence == 4;
    }

    static BinaryOperator of(Kind kind) {
        return switch (kind) {
            case OR -> OR;
            case AND -> AND;
            case EQ -> EQ;
            case NE -> NE;
            case LT -> LT;
            case LE -> LE;
            case GT -> GT;
            case GE -> GE;
            case PLUS -> ADD;
            case MINUS -> SUB;
            case STAR -> MUL;
            case SLASH -> DIV;
            case PERCENT -> MOD;
            default -> null;
        };
    }
}
