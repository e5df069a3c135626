package dev.score.rl.code;

import dev.score.engine.Rng;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Plants one plausible bug in a program, the kind a person makes: an operator swapped (+ for -, / for
 * %), a comparison off by one (< for <=), a constant off by one, the branches of an if swapped, min for
 * max, a range one short, a comprehension's filter forgotten. The site is drawn uniformly among all
 * places such a bug fits.
 */
final class ProgramMutator {
    private final Rng rng;
    private final int target;
    private int seen;

    private ProgramMutator(Rng rng, int target) {
        this.rng = rng;
        this.target = target;
    }

    /** The program with one bug, or the program unchanged when it has no place for one. */
    static Program mutate(Program program, Rng rng) {
        ProgramMutator counter = new ProgramMutator(rng, -1);
        counter.rewrite(program);
        if (counter.seen == 0) {
            return program;
        }
        return new ProgramMutator(rng, rng.nextInt(counter.seen)).rewrite(program);
    }

    private Program rewrite(Program program) {
        List<Definition> definitions = new ArrayList<>();
        for (Definition d : program.definitions()) {
            definitions.add(new Definition(d.name(), d.parameters(), rewrite(d.body())));
        }
        return new Program(List.copyOf(definitions));
    }

    private Expr rewrite(Expr e) {
        if (isSite(e) && seen++ == target) {
            return bug(e);
        }
        return switch (e) {
            case IntLiteral _, BoolLiteral _, Variable _ -> e;
            case Call(String function, List<Expr> arguments) -> new Call(function, rewrite(arguments));
            case ListLiteral(List<Expr> elements) -> new ListLiteral(rewrite(elements));
            case Comprehension(Expr element, String variable, Expr source, Expr filter) -> new Comprehension(
                    rewrite(element), variable, rewrite(source), filter == null ? null : rewrite(filter));
            case Index(Expr t, Expr index) -> new Index(rewrite(t), rewrite(index));
            case Slice(Expr t, Expr from, Expr to) -> new Slice(rewrite(t), from == null ? null : rewrite(from),
                    to == null ? null : rewrite(to));
            case Negate(Expr operand) -> new Negate(rewrite(operand));
            case Not(Expr operand) -> new Not(rewrite(operand));
            case Binary(BinaryOperator op, Expr left, Expr right) -> new Binary(op, rewrite(left), rewrite(right));
            case If(Expr c, Expr a, Expr b) -> new If(rewrite(c), rewrite(a), rewrite(b));
            case Let(String name, Expr value, Expr body) -> new Let(name, rewrite(value), rewrite(body));
        };
    }

    private List<Expr> rewrite(List<Expr> items) {
        List<Expr> out = new ArrayList<>(items.size());
        for (Expr item : items) {
            out.add(rewrite(item));
        }
        return List.copyOf(out);
    }

    private static boolean isSite(Expr e) {
        return switch (e) {
            case IntLiteral _, Binary _, If _ -> true;
            case Call c -> c.function().equals("min") || c.function().equals("max") || c.function().equals("range");
            case Comprehension c -> c.filter() != null;
            default -> false;
        };
    }

    private Expr bug(Expr e) {
        return switch (e) {
            case IntLiteral(long value) -> new IntLiteral(rng.nextInt(2) == 0 || value == 0 ? value + 1 : value - 1);
            case Binary(BinaryOperator op, Expr left, Expr right) -> new Binary(swapped(op), left, right);
            case If(Expr c, Expr a, Expr b) -> new If(c, b, a);
            case Call(String function, List<Expr> arguments) when function.equals("range") -> {
                List<Expr> shortened = new ArrayList<>(arguments);
                Expr last = shortened.removeLast();
                shortened.add(new Binary(BinaryOperator.SUB, last, new IntLiteral(1)));
                yield new Call(function, List.copyOf(shortened));
            }
            case Call(String function, List<Expr> arguments) -> new Call(function.equals("min") ? "max" : "min", arguments);
            case Comprehension(Expr element, String variable, Expr source, Expr filter) ->
                    new Comprehension(element, variable, source, null);
            default -> throw new IllegalStateException("not a mutation site: " + e);
        };
    }

    private static BinaryOperator swapped(BinaryOperator op) {
        return switch (op) {
            case ADD -> BinaryOperator.SUB;
            case SUB -> BinaryOperator.ADD;
            case MUL -> BinaryOperator.ADD;
            case DIV -> BinaryOperator.MOD;
            case MOD -> BinaryOperator.DIV;
            case LT -> BinaryOperator.LE;
            case LE -> BinaryOperator.LT;
            case GT -> BinaryOperator.GE;
            case GE -> BinaryOperator.GT;
            case EQ -> BinaryOperator.NE;
            case NE -> BinaryOperator.EQ;
            case AND -> BinaryOperator.OR;
            case OR -> BinaryOperator.AND;
        };
    }
}
