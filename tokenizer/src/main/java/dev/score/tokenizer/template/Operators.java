package dev.score.tokenizer.template;

import java.util.ArrayList;
import java.util.List;

/** Python's binary and unary arithmetic on template values, with its type errors. */
final class Operators {
    private Operators() {
    }

    static Object binary(String op, Object a, Object b) {
        if (op.equals("~")) {
            return Values.str(a) + Values.str(b);
        }
        if (op.equals("%") && a instanceof String pattern) {
            return Format.percent(pattern, b);
        }
        if (a instanceof Undefined u) {
            throw u.error();
        }
        if (b instanceof Undefined u) {
            throw u.error();
        }
        if (Values.isNumber(a) && Values.isNumber(b)) {
            return numeric(op, a, b);
        }
        if (op.equals("+")) {
            if (a instanceof String x && b instanceof String y) {
                return x + y;
            }
            if (a instanceof List<?> x && b instanceof List<?> y && (a instanceof Tuple == b instanceof Tuple)) {
                List<Object> out = new ArrayList<>(x);
                out.addAll(y);
                return a instanceof Tuple ? new Tuple(out) : out;
            }
        }
        if (op.equals("*")) {
            if (Values.isInteger(b) && (a instanceof String || a instanceof List<?>)) {
                return repeat(a, Values.toLong(b));
            }
            if (Values.isInteger(a) && (b instanceof String || b instanceof List<?>)) {
                return repeat(b, Values.toLong(a));
            }
        }
        throw new TemplateException("unsupported operand type(s) for " + op + ": '" + Values.typeName(a) + "' and '"
                + Values.typeName(b) + "'");
    }

    private static Object repeat(Object value, long times) {
        if (value instanceof String s) {
            return times <= 0 ? "" : s.repeat((int) times);
        }
        List<Object> out = new ArrayList<>();
        for (long i = 0; i < times; i++) {
            out.addAll((List<?>) value);
        }
        return value instanceof Tuple ? new Tuple(out) : out;
    }

    private static Object numeric(String op, Object a, Object b) {
        if (op.equals("/")) {
            double divisor = Values.toDouble(b);
            if (divisor == 0) {
                throw new TemplateException("division by zero");
            }
            return Values.toDouble(a) / divisor;
        }
        if (Values.isInteger(a) && Values.isInteger(b)) {
            long x = Values.toLong(a);
            long y = Values.toLong(b);
            return switch (op) {
                case "+" -> Math.addExact(x, y);
                case "-" -> Math.subtractExact(x, y);
                case "*" -> Math.multiplyExact(x, y);
                case "//" -> {
                    requireNonZero(y);
                    yield Math.floorDiv(x, y);
                }
                case "%" -> {
                    requireNonZero(y);
                    yield Math.floorMod(x, y);
                }
                case "**" -> y >= 0 ? (Object) power(x, y) : (Object) Math.pow(x, y);
                default -> throw new IllegalStateException(op);
            };
        }
        double x = Values.toDouble(a);
        double y = Values.toDouble(b);
        return switch (op) {
            case "+" -> x + y;
            case "-" -> x - y;
            case "*" -> x * y;
            case "//" -> {
                requireNonZero(y);
                yield floorDivide(x, y);
            }
            case "%" -> {
                requireNonZero(y);
                double r = x % y;
                yield r != 0 && (r < 0) != (y < 0) ? r + y : r;
            }
            case "**" -> Math.pow(x, y);
            default -> throw new IllegalStateException(op);
        };
    }

    /** CPython's float floor division, from fmod, so that 3 // 0.1 is 29.0 as there (not floor(3 / 0.1)). */
    private static double floorDivide(double x, double y) {
        double mod = x % y;
        double div = (x - mod) / y;
        if (mod != 0 && (y < 0) != (mod < 0)) {
            div -= 1.0;
        }
        if (div == 0) {
            return Math.copySign(0.0, x / y);
        }
        double floor = Math.floor(div);
        return div - floor > 0.5 ? floor + 1.0 : floor;
    }

    private static long power(long base, long exponent) {
        long out = 1;
        for (long i = 0; i < exponent; i++) {
            out = Math.multiplyExact(out, base);
        }
        return out;
    }

    private static void requireNonZero(double divisor) {
        if (divisor == 0) {
            throw new TemplateException("integer division or modulo by zero");
        }
    }

    static Object unary(String op, Object v) {
        if (op.equals("not")) {
            return !Values.truthy(v);
        }
        if (v instanceof Undefined u) {
            throw u.error();
        }
        if (!Values.isNumber(v)) {
            throw new TemplateException("bad operand type for unary " + op + ": '" + Values.typeName(v) + "'");
        }
        if (v instanceof Double d) {
            return op.equals("-") ? -d : d;
        }
        return op.equals("-") ? Math.negateExact(Values.toLong(v)) : Values.toLong(v);
    }
}
