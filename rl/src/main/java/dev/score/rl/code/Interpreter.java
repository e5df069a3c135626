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
import dev.score.rl.code.LimitExceeded.Limit;
import dev.score.rl.code.Value.BoolValue;
import dev.score.rl.code.Value.IntValue;
import dev.score.rl.code.Value.ListValue;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A tree-walking evaluator that meters everything it does. Each node evaluated costs one unit of fuel,
 * each list element touched or built costs one more, every list element allocated is counted against
 * the memory bound before the array exists, and evaluation nesting is counted so that the Java stack
 * this walker uses stays bounded. The language has no I/O, so a program can affect nothing but its
 * result. Not thread-safe: one interpreter per thread.
 */
final class Interpreter {
    /** Variables in scope: a persistent linked list, innermost binding first. */
    private record Scope(String name, Value value, Scope outer) {
        static Value lookup(Scope scope, String name) {
            for (Scope s = scope; s != null; s = s.outer) {
                if (s.name.equals(name)) {
                    return s.value;
                }
            }
            throw new EvaluationError("unknown variable '" + name + "'");
        }
    }

    private final Map<String, Definition> functions;
    private final SandboxLimits limits;
    private long fuelLeft;
    private long elementsLeft;
    private int depth;

    Interpreter(Program program, SandboxLimits limits) {
        this.functions = program.byName();
        this.limits = limits;
    }

    /** Evaluates a closed expression (a test line) against the program, with fresh budgets. */
    Value run(Expr expression) {
        fuelLeft = limits.fuel();
        elementsLeft = limits.maxListElements();
        depth = 0;
        return eval(expression, null);
    }

    /**
     * One evaluation step. Type patterns rather than record deconstruction keep this frame small, since
     * it is the frame that recursion stacks up. Depth is not restored when an error unwinds: any error
     * ends the run, and {@link #run} starts the next from zero.
     */
    private Value eval(Expr expression, Scope scope) {
        spend(1);
        if (++depth > limits.maxDepth()) {
            throw new LimitExceeded(Limit.DEPTH, "recursion or nesting deeper than " + limits.maxDepth());
        }
        Value result = switch (expression) {
            case IntLiteral e -> new IntValue(e.value());
            case BoolLiteral e -> new BoolValue(e.value());
            case Variable e -> Scope.lookup(scope, e.name());
            case Negate e -> negate(eval(e.operand(), scope));
            case Not e -> new BoolValue(!bool(eval(e.operand(), scope), "not"));
            case Binary e -> binary(e, scope);
            case If e -> eval(bool(eval(e.condition(), scope), "if") ? e.whenTrue() : e.whenFalse(), scope);
            case Let e -> eval(e.body(), new Scope(e.name(), eval(e.value(), scope), scope));
            case Call e -> call(e, scope);
            case ListLiteral e -> listLiteral(e.elements(), scope);
            case Comprehension e -> comprehension(e, scope);
            case Index e -> index(eval(e.target(), scope), eval(e.index(), scope));
            case Slice e -> slice(e, scope);
        };
        depth--;
        return result;
    }

    private Value binary(Binary b, Scope scope) {
        Value left = eval(b.left(), scope);
        String op = b.operator().symbol;
        return switch (b.operator()) {
            // Short-circuit: the right side is evaluated only when it decides the result.
            case AND -> bool(left, op) ? new BoolValue(bool(eval(b.right(), scope), op)) : left;
            case OR -> bool(left, op) ? left : new BoolValue(bool(eval(b.right(), scope), op));
            default -> strict(b.operator(), left, eval(b.right(), scope));
        };
    }

    private Value strict(BinaryOperator operator, Value left, Value right) {
        String op = operator.symbol;
        return switch (operator) {
            case EQ -> new BoolValue(same(left, right));
            case NE -> new BoolValue(!same(left, right));
            case LT -> new BoolValue(integer(left, op) < integer(right, op));
            case LE -> new BoolValue(integer(left, op) <= integer(right, op));
            case GT -> new BoolValue(integer(left, op) > integer(right, op));
            case GE -> new BoolValue(integer(left, op) >= integer(right, op));
            case ADD -> left instanceof ListValue a && right instanceof ListValue c
                    ? concatenate(a, c)
                    : arithmetic(operator, integer(left, op), integer(right, op));
            default -> arithmetic(operator, integer(left, op), integer(right, op));
        };
    }

    private static Value negate(Value operand) {
        long value = integer(operand, "-");
        return new IntValue(exact(() -> Math.negateExact(value)));
    }

    private Value call(Call c, Scope scope) {
        Value[] arguments = new Value[c.arguments().size()];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = eval(c.arguments().get(i), scope);
        }
        Builtin builtin = Builtin.named(c.function());
        if (builtin != null) {
            return builtin(builtin, arguments);
        }
        Definition d = functions.get(c.function());
        if (d == null) {
            throw new EvaluationError("unknown function '" + c.function() + "'");
        }
        if (d.parameters().size() != arguments.length) {
            throw new EvaluationError(d.name() + " takes " + d.parameters().size() + " argument(s), got " + arguments.length);
        }
        Scope frame = null;
        for (int i = 0; i < arguments.length; i++) {
            frame = new Scope(d.parameters().get(i), arguments[i], frame);
        }
        return eval(d.body(), frame);
    }

    private Value builtin(Builtin builtin, Value[] args) {
        String name = builtin.spelling;
        return switch (builtin) {
            case LEN -> new IntValue(list(args[0], name).size());
            case SUM -> {
                ListValue xs = list(args[0], name);
                spend(xs.size());
                long total = 0;
                for (int i = 0; i < xs.size(); i++) {
                    long item = xs.get(i);
                    long sum = total;
                    total = exact(() -> Math.addExact(sum, item));
                }
                yield new IntValue(total);
            }
            case RANGE -> args.length == 1
                    ? range(0, integer(args[0], name))
                    : range(integer(args[0], name), integer(args[1], name));
            case ABS -> new IntValue(exact(() -> Math.absExact(integer(args[0], name))));
            case MIN, MAX -> {
                boolean wantMax = builtin == Builtin.MAX;
                if (args.length == 2) {
                    long a = integer(args[0], name);
                    long b = integer(args[1], name);
                    yield new IntValue(wantMax ? Math.max(a, b) : Math.min(a, b));
                }
                ListValue xs = list(args[0], name);
                if (xs.size() == 0) {
                    throw new EvaluationError(name + " of an empty list");
                }
                spend(xs.size());
                long best = xs.get(0);
                for (int i = 1; i < xs.size(); i++) {
                    best = wantMax ? Math.max(best, xs.get(i)) : Math.min(best, xs.get(i));
                }
                yield new IntValue(best);
            }
        };
    }

    private ListValue range(long from, long to) {
        if (to <= from) {
            return new ListValue(new long[0]);
        }
        long count = to - from;
        // A negative difference means to - from overflowed: far beyond any budget either way.
        allocate(count < 0 ? Long.MAX_VALUE : count);
        long[] items = new long[(int) count];
        for (int i = 0; i < items.length; i++) {
            items[i] = from + i;
        }
        return new ListValue(items);
    }

    private ListValue listLiteral(List<Expr> elements, Scope scope) {
        allocate(elements.size());
        long[] items = new long[elements.size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = element(eval(elements.get(i), scope));
        }
        return new ListValue(items);
    }

    private ListValue comprehension(Comprehension c, Scope scope) {
        ListValue source = list(eval(c.source(), scope), "for");
        long[] items = new long[Math.min(source.size(), 16)];
        int count = 0;
        for (int i = 0; i < source.size(); i++) {
            Scope inner = new Scope(c.variable(), new IntValue(source.get(i)), scope);
            if (c.filter() != null && !bool(eval(c.filter(), inner), "if")) {
                continue;
            }
            long item = element(eval(c.element(), inner));
            allocate(1);
            if (count == items.length) {
                items = Arrays.copyOf(items, Math.max(16, 2 * count));
            }
            items[count++] = item;
        }
        return new ListValue(count == items.length ? items : Arrays.copyOf(items, count));
    }

    private ListValue concatenate(ListValue a, ListValue b) {
        allocate((long) a.size() + b.size());
        long[] items = new long[a.size() + b.size()];
        a.copyInto(items, 0);
        b.copyInto(items, a.size());
        return new ListValue(items);
    }

    /** {@code xs[i]}, counting from the end when {@code i} is negative, as in Python. */
    private Value index(Value target, Value index) {
        ListValue xs = list(target, "[]");
        long i = integer(index, "[]");
        long at = i < 0 ? i + xs.size() : i;
        if (at < 0 || at >= xs.size()) {
            throw new EvaluationError("index " + i + " out of range for a list of length " + xs.size());
        }
        return new IntValue(xs.get((int) at));
    }

    /** {@code xs[a:b]} with Python's rules: negative bounds count from the end, bounds are clamped. */
    private Value slice(Slice s, Scope scope) {
        ListValue xs = list(eval(s.target(), scope), "[:]");
        Value from = s.from() == null ? null : eval(s.from(), scope);
        Value to = s.to() == null ? null : eval(s.to(), scope);
        int n = xs.size();
        int start = from == null ? 0 : clampBound(integer(from, "[:]"), n);
        int end = to == null ? n : clampBound(integer(to, "[:]"), n);
        if (end <= start) {
            return new ListValue(new long[0]);
        }
        allocate(end - start);
        return new ListValue(xs.copyOfRange(start, end));
    }

    private static int clampBound(long bound, int n) {
        long b = bound < 0 ? bound + n : bound;
        return (int) Math.max(0, Math.min(n, b));
    }

    /** Equality of any two values; values of different types are unequal. Lists cost one step per element. */
    private boolean same(Value a, Value b) {
        if (a instanceof ListValue xs && b instanceof ListValue ys) {
            spend(Math.min(xs.size(), ys.size()));
        }
        return a.equals(b);
    }

    /** Integer arithmetic: overflow is an error, division and remainder round toward negative infinity. */
    private static IntValue arithmetic(BinaryOperator operator, long a, long b) {
        return new IntValue(switch (operator) {
            case ADD -> exact(() -> Math.addExact(a, b));
            case SUB -> exact(() -> Math.subtractExact(a, b));
            case MUL -> exact(() -> Math.multiplyExact(a, b));
            case DIV -> divide(a, b);
            case MOD -> Math.floorMod(a, nonZero(b));
            default -> throw new IllegalStateException("not arithmetic: " + operator);
        });
    }

    /** Floor division, as in Python: {@code -7 / 2 == -4}. */
    private static long divide(long a, long b) {
        if (a == Long.MIN_VALUE && b == -1) {
            throw new EvaluationError("integer overflow");
        }
        return Math.floorDiv(a, nonZero(b));
    }

    private static long nonZero(long divisor) {
        if (divisor == 0) {
            throw new EvaluationError("division by zero");
        }
        return divisor;
    }

    private void spend(long steps) {
        fuelLeft -= steps;
        if (fuelLeft < 0) {
            throw new LimitExceeded(Limit.FUEL, "ran out of fuel after " + limits.fuel() + " steps");
        }
    }

    /** Counts {@code count} list elements against the memory bound (and the fuel) before they are allocated. */
    private void allocate(long count) {
        if (count > elementsLeft) {
            throw new LimitExceeded(Limit.MEMORY, "lists would exceed " + limits.maxListElements() + " elements");
        }
        elementsLeft -= count;
        spend(count);
    }

    @FunctionalInterface
    private interface ExactOperation {
        long apply();
    }

    private static long exact(ExactOperation operation) {
        try {
            return operation.apply();
        } catch (ArithmeticException overflow) {
            throw new EvaluationError("integer overflow");
        }
    }

    private static long integer(Value v, String where) {
        if (v instanceof IntValue(long value)) {
            return value;
        }
        throw new EvaluationError(where + " expects an int, got a " + v.typeName());
    }

    private static boolean bool(Value v, String where) {
        if (v instanceof BoolValue(boolean value)) {
            return value;
        }
        throw new EvaluationError(where + " expects a bool, got a " + v.typeName());
    }

    private static ListValue list(Value v, String where) {
        if (v instanceof ListValue xs) {
            return xs;
        }
        throw new EvaluationError(where + " expects a list, got a " + v.typeName());
    }

    /** Lists hold integers only. */
    private static long element(Value v) {
        return integer(v, "a list element");
    }
}
