package dev.score.tokenizer.template;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Python's view of the values a template handles: None is {@code null}, ints are {@link Long}, floats
 * {@link Double}, str {@link String}, list {@link List}, dict {@link Map}, tuple {@link Tuple}. This class
 * gives their truthiness, equality, ordering, {@code str()} and {@code repr()}.
 */
final class Values {
    private Values() {
    }

    /** Copies caller values into the shapes above (Integer to Long, any list or map to a mutable copy). */
    static Object fromJava(Object value) {
        return switch (value) {
            case null -> null;
            case Integer i -> (long) i;
            case Short s -> (long) s;
            case Byte b -> (long) b;
            case Float f -> (double) f;
            case java.math.BigInteger b -> b.longValueExact();
            case java.math.BigDecimal d -> d.doubleValue();
            case Character c -> c.toString();
            case Tuple t -> t;
            case List<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                list.forEach(item -> out.add(fromJava(item)));
                yield out;
            }
            case Map<?, ?> map -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(fromJava(k), fromJava(v)));
                yield out;
            }
            default -> value;
        };
    }

    static boolean truthy(Object value) {
        return switch (value) {
            case null -> false;
            case Undefined u -> false;
            case Boolean b -> b;
            case Long l -> l != 0;
            case Double d -> d != 0.0;
            case String s -> !s.isEmpty();
            case List<?> l -> !l.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> true;
        };
    }

    static boolean isInteger(Object v) {
        return v instanceof Long || v instanceof Boolean;
    }

    static boolean isNumber(Object v) {
        return isInteger(v) || v instanceof Double;
    }

    static long toLong(Object v) {
        return v instanceof Boolean b ? (b ? 1 : 0) : (Long) v;
    }

    static double toDouble(Object v) {
        return v instanceof Double d ? d : toLong(v);
    }

    static String typeName(Object v) {
        return switch (v) {
            case null -> "NoneType";
            case Boolean b -> "bool";
            case Long l -> "int";
            case Double d -> "float";
            case String s -> "str";
            case Tuple t -> "tuple";
            case List<?> l -> "list";
            case Map<?, ?> m -> "dict";
            case Undefined u -> "Undefined";
            case Namespace n -> "Namespace";
            case LoopContext l -> "LoopContext";
            case PyCallable c -> "function";
            default -> v.getClass().getSimpleName();
        };
    }

    /** Python's {@code str()}, which is what {@code {{ }}} prints; undefined prints as nothing. */
    static String str(Object v) {
        return switch (v) {
            case null -> "None";
            case String s -> s;
            case Undefined u -> "";
            default -> repr(v);
        };
    }

    static String repr(Object v) {
        return switch (v) {
            case null -> "None";
            case Boolean b -> b ? "True" : "False";
            case Long l -> l.toString();
            case Double d -> floatRepr(d);
            case String s -> stringRepr(s);
            case Tuple t -> t.size() == 1 ? "(" + repr(t.getFirst()) + ",)" : join(t, "(", ")");
            case List<?> l -> join(l, "[", "]");
            case Map<?, ?> m -> {
                StringBuilder out = new StringBuilder("{");
                m.forEach((k, val) -> {
                    if (out.length() > 1) {
                        out.append(", ");
                    }
                    out.append(repr(k)).append(": ").append(repr(val));
                });
                yield out.append('}').toString();
            }
            case Undefined u -> "Undefined";
            case Namespace n -> "<Namespace " + repr(n.attributes) + ">";
            case LoopContext l -> "<LoopContext " + l.index() + "/" + l.length() + ">";
            default -> v.toString();
        };
    }

    private static String join(List<?> items, String open, String close) {
        StringBuilder out = new StringBuilder(open);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(repr(items.get(i)));
        }
        return out.append(close).toString();
    }

    /** Python's float repr: the shortest round-trip digits, positional from 1e-4 up to 1e16. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        // Java prints at least two digits (4.9E-324) where one is enough for Python (5e-324).
        while (exact.precision() > 1) {
            BigDecimal shorter = exact.round(new MathContext(exact.precision() - 1, RoundingMode.HALF_EVEN));
            if (shorter.doubleValue() != d) {
                break;
            }
            exact = shorter.stripTrailingZeros();
        }
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
                    + Math.abs(exponent);
        }
        String plain = exact.abs().toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }

    static String stringRepr(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        s.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c == quote) {
                        out.append('\\').appendCodePoint(c);
                    } else if (isPrintable(c)) {
                        out.appendCodePoint(c);
                    } else if (c < 0x100) {
                        out.append(String.format("\\x%02x", c));
                    } else if (c < 0x10000) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.append(String.format("\\U%08x", c));
                    }
                }
            }
        });
        return out.append(quote).toString();
    }

    /** Python's {@code str.isprintable} for one code point: no control, format, separator (but space), unassigned. */
    private static boolean isPrintable(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                 Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    /** Python's {@code ==}: numbers by value across int, bool and float; containers item by item. */
    static boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (isNumber(a) && isNumber(b)) {
            return isInteger(a) && isInteger(b) ? toLong(a) == toLong(b) : toDouble(a) == toDouble(b);
        }
        if (a instanceof Tuple != b instanceof Tuple) {
            return false;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                Object key = findKey(y, e.getKey());
                if (key == MISSING || !equal(e.getValue(), y.get(key))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Undefined || b instanceof Undefined) {
            return a instanceof Undefined && b instanceof Undefined;
        }
        return a.equals(b);
    }

    private static final Object MISSING = new Object();

    /** The key of {@code map} equal to {@code key} in Python's sense (1 and 1.0 and True are one key). */
    static Object findKey(Map<?, ?> map, Object key) {
        if (map.containsKey(key)) {
            return key;
        }
        if (isNumber(key)) {
            for (Object k : map.keySet()) {
                if (isNumber(k) && equal(k, key)) {
                    return k;
                }
            }
        }
        return MISSING;
    }

    static boolean hasKey(Map<?, ?> map, Object key) {
        return findKey(map, key) != MISSING;
    }

    static Object lookup(Map<?, ?> map, Object key) {
        Object k = findKey(map, key);
        return k == MISSING ? new Undefined("'dict object' has no attribute '" + str(key) + "'") : map.get(k);
    }

    /** Python's ordering; a pair it cannot order is a template error. */
    static int compare(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) {
            return isInteger(a) && isInteger(b) ? Long.compare(toLong(a), toLong(b))
                    : Double.compare(toDouble(a), toDouble(b));
        }
        if (a instanceof String x && b instanceof String y) {
            return Integer.signum(compareCodePoints(x, y));
        }
        if (a instanceof List<?> x && b instanceof List<?> y && (a instanceof Tuple == b instanceof Tuple)) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return compare(x.get(i), y.get(i));
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        throw new TemplateException("'<' not supported between instances of '" + typeName(a) + "' and '"
                + typeName(b) + "'");
    }

    private static int compareCodePoints(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int a = x.codePointAt(i);
            int b = y.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Integer.compare(x.length() - i, y.length() - j);
    }

    /** What {@code for} walks: a list's items, a dict's keys, a string's characters; undefined is empty. */
    static List<Object> iterate(Object v) {
        return switch (v) {
            case Undefined u -> List.of();
            case List<?> l -> new ArrayList<>(l);
            case Map<?, ?> m -> new ArrayList<>(m.keySet());
            case String s -> new ArrayList<>(Strings.characters(s));
            case Namespace n -> throw new TemplateException("'Namespace' object is not iterable");
            case null -> throw new TemplateException("'NoneType' object is not iterable");
            default -> throw new TemplateException("'" + typeName(v) + "' object is not iterable");
        };
    }

    /** Python's {@code len}; undefined has length 0 as in jinja2. */
    static long length(Object v) {
        return switch (v) {
            case null -> throw new TemplateException("object of type 'NoneType' has no len()");
            case String s -> s.codePointCount(0, s.length());
            case List<?> l -> l.size();
            case Map<?, ?> m -> m.size();
            case Undefined u -> 0;
            default -> throw new TemplateException("object of type '" + typeName(v) + "' has no len()");
        };
    }

    /** Python's {@code item in container}. */
    static boolean contains(Object container, Object item) {
        return switch (container) {
            case null -> throw new TemplateException("argument of type 'NoneType' is not iterable");
            case String s -> {
                if (!(item instanceof String sub)) {
                    throw new TemplateException("'in <string>' requires string as left operand, not "
                            + typeName(item));
                }
                yield s.contains(sub);
            }
            case List<?> l -> l.stream().anyMatch(x -> equal(x, item));
            case Map<?, ?> m -> hasKey(m, item);
            case Undefined u -> false;
            default -> throw new TemplateException("argument of type '" + typeName(container) + "' is not iterable");
        };
    }
}
