package dev.score.rl.code;

import dev.score.rl.code.Expr.Binary;
import dev.score.rl.code.Expr.BoolLiteral;
import dev.score.rl.code.Expr.Call;
import dev.score.rl.code.Expr.Comprehension;
import dev.score.rl.code.Expr.If;
import dev.score.rl.code.Expr.Index;
import dev.score.rl.code.Expr.IntLiteral;
import dev.score.rl.code.Expr.Let;
import dev.score.rl.code.Expr.ListLiteral;
import dev.score.rl.code.Expr.Negate;
import dev.score.rl.code.Expr.Not;
import dev.score.rl.code.Expr.Slice;
import dev.score.rl.code.Expr.Variable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a tree in the canonical layout: single spaces around infix operators and after commas, no
 * space inside brackets, one definition per line, and parentheses only where precedence needs them.
 * Parsing the output gives the same tree back, so two programs that differ only in layout print alike.
 */
final class Printer {
    private static final int LOWEST = 0;
    private static final int POSTFIX = 8;

    private Printer() {
    }

    static String print(Program program) {
        return program.definitions().stream().map(Printer::print).collect(Collectors.joining("\n"));
    }

    static String print(Definition d) {
        return d.name() + "(" + String.join(", ", d.parameters()) + ") = " + print(d.body(), LOWEST);
    }

    static String print(Expr e) {
        return print(e, LOWEST);
    }

    /** {@code e} as it must be written where only operators binding at least {@code context} may appear bare. */
    private static String print(Expr e, int context) {
        int precedence = precedence(e);
        String text = switch (e) {
            case IntLiteral(long value) -> Long.toString(value);
            case BoolLiteral(boolean value) -> Boolean.toString(value);
            case Variable(String name) -> name;
            case Call(String function, List<Expr> arguments) -> function + "(" + list(arguments) + ")";
            case ListLiteral(List<Expr> elements) -> "[" + list(elements) + "]";
            case Comprehension(Expr element, String variable, Expr source, Expr filter) ->
                    "[" + print(element, LOWEST) + " for " + variable + " in " + print(source, LOWEST)
                            + (filter == null ? "" : " if " + print(filter, LOWEST)) + "]";
            case Index(Expr target, Expr index) -> print(target, POSTFIX) + "[" + print(index, LOWEST) + "]";
            case Slice(Expr target, Expr from, Expr to) -> print(target, POSTFIX) + "["
                    + (from == null ? "" : print(from, LOWEST)) + ":" + (to == null ? "" : print(to, LOWEST)) + "]";
            case Negate(Expr operand) -> "-" + print(operand, BinaryOperator.NEGATE_PRECEDENCE);
            case Not(Expr operand) -> "not " + print(operand, BinaryOperator.NOT_PRECEDENCE);
            case Binary(BinaryOperator op, Expr left, Expr right) -> print(left, op.isComparison() ? op.precedence + 1 : op.precedence)
                    + " " + op.symbol + " " + print(right, op.precedence + 1);
            case If(Expr condition, Expr whenTrue, Expr whenFalse) -> "if " + print(condition, LOWEST) + " then "
                    + print(whenTrue, LOWEST) + " else " + print(whenFalse, LOWEST);
            case Let(String name, Expr value, Expr body) -> "let " + name + " = " + print(value, LOWEST) + " in "
                    + print(body, LOWEST);
        };
        return precedence < context ? "(" + text + ")" : text;
    }

    private static int precedence(Expr e) {
        return switch (e) {
            case If _ -> LOWEST;
            case Let _ -> LOWEST;
            case Binary b -> b.operator().precedence;
            case Not _ -> BinaryOperator.NOT_PRECEDENCE;
            case Negate _ -> BinaryOperator.NEGATE_PRECEDENCE;
            // A negative literal (only a mutation makes one) reads as a negation.
            case IntLiteral(long value) when value < 0 -> BinaryOperator.NEGATE_PRECEDENCE;
            case Index _ -> POSTFIX;
            case Slice _ -> POSTFIX;
            default -> POSTFIX + 1;
        };
    }

    private static String list(List<Expr> items) {
        return items.stream().map(Printer::print).collect(Collectors.joining(", "));
    }
}
