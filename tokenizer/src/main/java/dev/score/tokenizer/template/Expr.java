package dev.score.tokenizer.template;

import java.util.List;

/** An expression inside {@code {{ }}} or a tag; {@code line} is where it starts, for error messages. */
sealed interface Expr {
    int line();

    record Literal(Object value, int line) implements Expr {
    }

    record Name(String name, int line) implements Expr {
    }

    /** {@code obj.name}: attribute first, then item (jinja2's getattr). */
    record Attribute(Expr object, String name, int line) implements Expr {
    }

    /** {@code obj[key]}: item first, then attribute (jinja2's getitem). */
    record Item(Expr object, Expr key, int line) implements Expr {
    }

    /** {@code obj[start:stop:step]}; absent bounds are null. */
    record Slice(Expr object, Expr start, Expr stop, Expr step, int line) implements Expr {
    }

    record Call(Expr callee, List<Expr> args, List<Keyword> kwargs, int line) implements Expr {
    }

    record Keyword(String name, Expr value) {
    }

    record Filter(Expr value, String name, List<Expr> args, List<Keyword> kwargs, int line) implements Expr {
    }

    record Test(Expr value, String name, List<Expr> args, boolean negated, int line) implements Expr {
    }

    record Binary(String op, Expr left, Expr right, int line) implements Expr {
    }

    /** A comparison chain {@code a < b <= c}, as Python evaluates it. */
    record Compare(Expr first, List<String> ops, List<Expr> rest, int line) implements Expr {
    }

    record Unary(String op, Expr operand, int line) implements Expr {
    }

    record And(Expr left, Expr right, int line) implements Expr {
    }

    record Or(Expr left, Expr right, int line) implements Expr {
    }

    /** {@code then if condition else otherwise}; a missing else is undefined. */
    record Conditional(Expr condition, Expr then, Expr otherwise, int line) implements Expr {
    }

    record ListLiteral(List<Expr> items, int line) implements Expr {
    }

    record TupleLiteral(List<Expr> items, int line) implements Expr {
    }

    record DictLiteral(List<Expr> keys, List<Expr> values, int line) implements Expr {
    }
}
