package dev.score.rl.code;

/** The functions every program can call. A program may not define a function with one of these names. */
enum Builtin {
    LEN("len", 1, 1), SUM("sum", 1, 1), RANGE("range", 1, 2), ABS("abs", 1, 1), MIN("min", 1, 2), MAX("max", 1, 2);

    final String spelling;
    final int minArity;
    final int maxArity;

    Builtin(String spelling, int minArity, int maxArity) {
        this.spelling = spelling;
        this.minArity = minArity;
        this.maxArity = maxArity;
    }

    static Builtin named(String name) {
        for (Builtin b : values()) {
            if (b.spelling.equals(name)) {
                return b;
            }
        }
        return null;
    }
}
