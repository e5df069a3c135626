package dev.score.rl.code;

import java.util.List;

/** The expression tree. Parentheses leave no trace: the tree is the program's meaning, not its layout. */
sealed interface Expr {

    record IntLiteral(long value) implements Expr {
    }

    record BoolLiteral(boolean value) implements Expr {
    }

    record Variable(String name) implements Expr {
    }

    /** A call of a program's function or of a builtin ({@link Builtin}). */
    record Call(String function, List<Expr> arguments) implements Expr {
    }

    record ListLiteral(List<Expr> elements) implements Expr {
    }

    /** {@code [element for variable in source if filter]}; {@code filter} is null when absent. */
    record Comprehension(Expr element, String variable, Expr source, Expr filter) implements Expr {
    }

    /** {@code target[index]}. */
    record Index(Expr target, Expr index) implements Expr {
    }

    /** {@code target[from:to]}; either bound is null when omitted. */
    record Slice(Expr target, Expr from, Expr to) implements Expr {
    }

    record Negate(Expr operand) implements Expr {
    }

    record Not(Expr operand) implements Expr {
    }

    record Binary(BinaryOperator operator, Expr left, Expr right) implements Expr {
    }

    record If(Expr condition, Expr whenTrue, Expr whenFalse) implements Expr {
    }

    record Let(String name, Expr value, Expr body) implements Expr {
    }
}
