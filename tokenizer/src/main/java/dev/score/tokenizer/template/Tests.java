package dev.score.tokenizer.template;

import java.util.List;
import java.util.Map;

/** jinja2's tests, the names after {@code is}. */
final class Tests {
    @FunctionalInterface
    interface Test {
        boolean test(Object value, List<Object> args);
    }

    private static final Map<String, Test> TESTS = Map.ofEntries(
            Map.entry("defined", (v, a) -> !(v instanceof Undefined)),
            Map.entry("undefined", (v, a) -> v instanceof Undefined),
            Map.entry("none", (v, a) -> v == null),
            Map.entry("string", (v, a) -> v instanceof String),
            Map.entry("number", (v, a) -> Values.isNumber(v)),
            Map.entry("integer", (v, a) -> v instanceof Long),
            Map.entry("float", (v, a) -> v instanceof Double),
            Map.entry("boolean", (v, a) -> v instanceof Boolean),
            Map.entry("true", (v, a) -> Boolean.TRUE.equals(v)),
            Map.entry("false", (v, a) -> Boolean.FALSE.equals(v)),
            Map.entry("mapping", (v, a) -> v instanceof Map<?, ?>),
            // Undefined iterates (as empty) and has a length in jinja2, so it is iterable and a sequence.
            Map.entry("iterable", (v, a) -> v instanceof String || v instanceof List<?> || v instanceof Map<?, ?>
                    || v instanceof Undefined),
            Map.entry("sequence", (v, a) -> v instanceof String || v instanceof List<?> || v instanceof Map<?, ?>
                    || v instanceof Undefined),
            Map.entry("callable", (v, a) -> v instanceof PyCallable),
            Map.entry("equalto", (v, a) -> Values.equal(v, arg(a, "equalto"))),
            Map.entry("eq", (v, a) -> Values.equal(v, arg(a, "eq"))),
            Map.entry("==", (v, a) -> Values.equal(v, arg(a, "=="))),
            Map.entry("ne", (v, a) -> !Values.equal(v, arg(a, "ne"))),
            Map.entry("!=", (v, a) -> !Values.equal(v, arg(a, "!="))),
            Map.entry("lt", (v, a) -> Values.compare(v, arg(a, "lt")) < 0),
            Map.entry("<", (v, a) -> Values.compare(v, arg(a, "<")) < 0),
            Map.entry("le", (v, a) -> Values.compare(v, arg(a, "le")) <= 0),
            Map.entry("<=", (v, a) -> Values.compare(v, arg(a, "<=")) <= 0),
            Map.entry("gt", (v, a) -> Values.compare(v, arg(a, "gt")) > 0),
            Map.entry(">", (v, a) -> Values.compare(v, arg(a, ">")) > 0),
            Map.entry("ge", (v, a) -> Values.compare(v, arg(a, "ge")) >= 0),
            Map.entry(">=", (v, a) -> Values.compare(v, arg(a, ">=")) >= 0),
            Map.entry("greaterthan", (v, a) -> Values.compare(v, arg(a, "greaterthan")) > 0),
            Map.entry("lessthan", (v, a) -> Values.compare(v, arg(a, "lessthan")) < 0),
            Map.entry("in", (v, a) -> Values.contains(arg(a, "in"), v)),
            Map.entry("sameas", (v, a) -> sameAs(v, arg(a, "sameas"))),
            Map.entry("odd", (v, a) -> Values.equal(modulo(v, 2L), 1L)),
            Map.entry("even", (v, a) -> Values.equal(modulo(v, 2L), 0L)),
            Map.entry("divisibleby", (v, a) -> Values.equal(modulo(v, arg(a, "divisibleby")), 0L)),
            Map.entry("lower", (v, a) -> v instanceof String s && s.equals(Strings.lower(s))),
            Map.entry("upper", (v, a) -> v instanceof String s && s.equals(Strings.upper(s))),
            Map.entry("escaped", (v, a) -> false));

    private Tests() {
    }

    static boolean exists(String name) {
        return TESTS.containsKey(name);
    }

    static boolean apply(String name, Object value, List<Object> args) {
        Test test = TESTS.get(name);
        if (test == null) {
            throw new TemplateException("no test named '" + name + "'");
        }
        return test.test(value, args);
    }

    private static Object arg(List<Object> args, String test) {
        if (args.isEmpty()) {
            throw new TemplateException("test '" + test + "' needs an argument");
        }
        return args.getFirst();
    }

    /** Python's {@code value % divisor}, which these tests are defined by (so 3.0 is odd). */
    private static Object modulo(Object value, Object divisor) {
        return Operators.binary("%", value, divisor);
    }

    /** Python's {@code is}: None, True and False are singletons; small ints and strings compare by value here. */
    private static boolean sameAs(Object a, Object b) {
        if (a == null || b == null || a instanceof Boolean || b instanceof Boolean) {
            return a == b || (a instanceof Boolean && a.equals(b));
        }
        return a == b;
    }
}
