package dev.score.tokenizer.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** jinja2's filters (the names after {@code |}), with Hugging Face's {@code tojson}. */
final class Filters {
    @FunctionalInterface
    interface Filter {
        Object apply(Object value, Arguments args);
    }

    /** Where jinja2's {@code title} filter starts words: after dashes, whitespace and opening brackets. */
    private static final Pattern WORD_START = Pattern.compile("(?<=[-\\s({\\[<])(?=[^-\\s({\\[<])");

    private static final Map<String, Filter> FILTERS = new HashMap<>();

    static {
        FILTERS.put("safe", (v, a) -> v);
        FILTERS.put("string", (v, a) -> Values.str(v));
        FILTERS.put("trim", (v, a) -> Strings.strip(Values.str(v), a.get(0, "chars", null), true, true));
        FILTERS.put("upper", (v, a) -> Strings.upper(Values.str(v)));
        FILTERS.put("lower", (v, a) -> Strings.lower(Values.str(v)));
        FILTERS.put("capitalize", (v, a) -> Strings.capitalize(Values.str(v)));
        FILTERS.put("title", (v, a) -> title(Values.str(v)));
        FILTERS.put("length", (v, a) -> Values.length(v));
        FILTERS.put("count", (v, a) -> Values.length(v));
        FILTERS.put("int", Filters::toInt);
        FILTERS.put("float", Filters::toFloat);
        FILTERS.put("abs", (v, a) -> v instanceof Double d ? (Object) Math.abs(d)
                : (Object) Math.absExact(Values.toLong(number(v))));
        FILTERS.put("round", Filters::round);
        FILTERS.put("replace", (v, a) -> Strings.replace(Values.str(v), Values.str(a.required(0, "old")),
                Values.str(a.required(1, "new")), a.get(2, "count", null) == null ? -1 : a.integer(2, "count", -1)));
        FILTERS.put("join", Filters::join);
        FILTERS.put("first", (v, a) -> {
            List<Object> items = Values.iterate(v);
            return items.isEmpty() ? new Undefined("No first item, sequence was empty.") : items.getFirst();
        });
        FILTERS.put("last", (v, a) -> {
            List<Object> items = Values.iterate(v);
            return items.isEmpty() ? new Undefined("No last item, sequence was empty.") : items.getLast();
        });
        FILTERS.put("list", (v, a) -> Values.iterate(v));
        FILTERS.put("reverse", (v, a) -> v instanceof String s ? new StringBuilder(s).reverse().toString()
                : Values.iterate(v).reversed());
        FILTERS.put("default", Filters::defaultValue);
        FILTERS.put("d", Filters::defaultValue);
        FILTERS.put("items", (v, a) -> switch (v) {
            case null -> throw new TemplateException("Can only get item pairs from a mapping.");
            case Undefined u -> List.of();
            case Map<?, ?> m -> Methods.items(m);
            default -> throw new TemplateException("Can only get item pairs from a mapping.");
        });
        FILTERS.put("tojson", (v, a) -> Json.dumps(v, a.get(1, "indent", null), a.get(2, "separators", null),
                a.flag(3, "sort_keys", false)));
        FILTERS.put("selectattr", (v, a) -> select(v, a, true, true));
        FILTERS.put("rejectattr", (v, a) -> select(v, a, true, false));
        FILTERS.put("select", (v, a) -> select(v, a, false, true));
        FILTERS.put("reject", (v, a) -> select(v, a, false, false));
        FILTERS.put("map", Filters::map);
        FILTERS.put("attr", (v, a) -> Access.attribute(v, Values.str(a.required(0, "name"))));
        FILTERS.put("unique", Filters::unique);
        FILTERS.put("sort", Filters::sort);
        FILTERS.put("min", (v, a) -> extreme(v, a, -1));
        FILTERS.put("max", (v, a) -> extreme(v, a, 1));
        FILTERS.put("sum", Filters::sum);
        FILTERS.put("dictsort", Filters::dictsort);
        FILTERS.put("indent", Filters::indent);
        FILTERS.put("escape", (v, a) -> escape(Values.str(v)));
        FILTERS.put("e", (v, a) -> escape(Values.str(v)));
        FILTERS.put("wordcount", (v, a) -> (long) Strings.split(Values.str(v), null, -1).size());
    }

    private Filters() {
    }

    static boolean exists(String name) {
        return FILTERS.containsKey(name);
    }

    static Object apply(String name, Object value, List<Object> args, Map<String, Object> kwargs) {
        Filter filter = FILTERS.get(name);
        if (filter == null) {
            throw new TemplateException("no filter named '" + name + "'");
        }
        return filter.apply(value, new Arguments(name, args, kwargs));
    }

    private static Object number(Object v) {
        if (v instanceof Undefined u) {
            throw u.error();
        }
        if (!Values.isNumber(v)) {
            throw new TemplateException("bad operand type for abs(): '" + Values.typeName(v) + "'");
        }
        return v;
    }

    private static String title(String s) {
        StringBuilder out = new StringBuilder();
        String[] words = WORD_START.split(s, -1);
        for (String word : words) {
            if (!word.isEmpty()) {
                int first = word.codePointAt(0);
                out.append(Strings.upper(Character.toString(first)))
                        .append(Strings.lower(word.substring(Character.charCount(first))));
            }
        }
        return out.toString();
    }

    private static Object toInt(Object v, Arguments a) {
        Object fallback = a.get(0, "default", 0L);
        return switch (v) {
            case null -> fallback;
            case Boolean b -> b ? 1L : 0L;
            case Long l -> l;
            case Double d -> Double.isFinite(d) ? (long) (double) d : fallback;
            case String s -> {
                String text = Text.strip(s).replace("_", "");
                try {
                    yield Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
                } catch (NumberFormatException e) {
                    try {
                        yield (long) Double.parseDouble(text);
                    } catch (NumberFormatException f) {
                        yield fallback;
                    }
                }
            }
            default -> fallback;
        };
    }

    private static Object toFloat(Object v, Arguments a) {
        Object fallback = a.get(0, "default", 0.0);
        return switch (v) {
            case null -> fallback;
            case Boolean b -> b ? 1.0 : 0.0;
            case Long l -> (double) l;
            case Double d -> d;
            case String s -> {
                try {
                    String text = Text.strip(s);
                    yield text.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(inf|nan|infinity)")
                            ? Double.parseDouble(text.replace("infinity", "Infinity").replace("inf", "Infinity")
                            .replace("nan", "NaN")) : fallback;
                } catch (NumberFormatException e) {
                    yield fallback;
                }
            }
            default -> fallback;
        };
    }

    /**
     * jinja2's {@code round}: Python's round, half to even on the exact binary value ('common'), or
     * 'ceil'/'floor'; always a float.
     */
    private static Object round(Object v, Arguments a) {
        double x = Values.toDouble(number(v));
        long precision = a.integer(0, "precision", 0);
        String method = a.string(1, "method", "common");
        double scale = Math.pow(10, precision);
        return switch (method) {
            case "common" -> new java.math.BigDecimal(x).setScale((int) precision, java.math.RoundingMode.HALF_EVEN)
                    .doubleValue();
            case "ceil" -> Math.ceil(x * scale) / scale;
            case "floor" -> Math.floor(x * scale) / scale;
            default -> throw new TemplateException("method must be 'common', 'ceil' or 'floor'");
        };
    }

    private static Object join(Object v, Arguments a) {
        String separator = a.string(0, "d", "");
        Object attribute = a.get(1, "attribute", null);
        StringBuilder out = new StringBuilder();
        List<Object> items = Values.iterate(v);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(separator);
            }
            Object item = attribute == null ? items.get(i) : path(items.get(i), attribute);
            out.append(Values.str(item));
        }
        return out.toString();
    }

    private static Object defaultValue(Object v, Arguments a) {
        Object fallback = a.get(0, "default_value", "");
        boolean boolean_ = a.flag(1, "boolean", false);
        return v instanceof Undefined || (boolean_ && !Values.truthy(v)) ? fallback : v;
    }

    /** jinja2's attribute getter: {@code "a.b"} walks items, digits index lists. */
    static Object path(Object item, Object attribute) {
        if (Values.isInteger(attribute)) {
            return Access.item(item, attribute);
        }
        Object current = item;
        for (String part : Values.str(attribute).split("\\.")) {
            Object key = part.chars().allMatch(Character::isDigit) && !part.isEmpty() ? (Object) Long.parseLong(part)
                    : part;
            current = Access.item(current, key);
        }
        return current;
    }

    private static Object select(Object v, Arguments a, boolean byAttribute, boolean keep) {
        int testAt = byAttribute ? 1 : 0;
        Object attribute = byAttribute ? a.required(0, "attribute") : null;
        String test = a.positional() > testAt ? Values.str(a.get(testAt, "test", null)) : null;
        List<Object> testArgs = a.positionalFrom(testAt + 1);
        if (test != null && !Tests.exists(test)) {
            throw new TemplateException("no test named '" + test + "'");
        }
        List<Object> out = new ArrayList<>();
        for (Object item : Values.iterate(v)) {
            Object subject = byAttribute ? path(item, attribute) : item;
            boolean passed = test == null ? Values.truthy(subject) : Tests.apply(test, subject, testArgs);
            if (passed == keep) {
                out.add(item);
            }
        }
        return out;
    }

    private static Object map(Object v, Arguments a) {
        Object attribute = a.get(Integer.MAX_VALUE, "attribute", null);
        List<Object> out = new ArrayList<>();
        if (attribute != null) {
            Object fallback = a.get(Integer.MAX_VALUE, "default", null);
            for (Object item : Values.iterate(v)) {
                Object value = path(item, attribute);
                out.add(value instanceof Undefined && fallback != null ? fallback : value);
            }
            return out;
        }
        String filter = Values.str(a.required(0, "filter"));
        List<Object> filterArgs = a.positionalFrom(1);
        for (Object item : Values.iterate(v)) {
            out.add(apply(filter, item, filterArgs, Map.of()));
        }
        return out;
    }

    /** The sort key jinja2 uses: an attribute when given, and strings lowercased unless case-sensitive. */
    private static Object sortKey(Object item, Object attribute, boolean caseSensitive) {
        Object key = attribute == null ? item : path(item, attribute);
        return !caseSensitive && key instanceof String s ? Strings.lower(s) : key;
    }

    private static Object unique(Object v, Arguments a) {
        boolean caseSensitive = a.flag(0, "case_sensitive", false);
        Object attribute = a.get(1, "attribute", null);
        List<Object> seen = new ArrayList<>();
        List<Object> out = new ArrayList<>();
        for (Object item : Values.iterate(v)) {
            Object key = sortKey(item, attribute, caseSensitive);
            if (seen.stream().noneMatch(k -> Values.equal(k, key))) {
                seen.add(key);
                out.add(item);
            }
        }
        return out;
    }

    private static Object sort(Object v, Arguments a) {
        boolean reverse = a.flag(0, "reverse", false);
        boolean caseSensitive = a.flag(1, "case_sensitive", false);
        Object attribute = a.get(2, "attribute", null);
        List<Object> items = Values.iterate(v);
        items.sort((x, y) -> Values.compare(sortKey(x, attribute, caseSensitive), sortKey(y, attribute,
                caseSensitive)));
        return reverse ? items.reversed() : items;
    }

    private static Object extreme(Object v, Arguments a, int sign) {
        boolean caseSensitive = a.flag(0, "case_sensitive", false);
        Object attribute = a.get(1, "attribute", null);
        Object best = null;
        boolean any = false;
        for (Object item : Values.iterate(v)) {
            if (!any || sign * Values.compare(sortKey(item, attribute, caseSensitive),
                    sortKey(best, attribute, caseSensitive)) > 0) {
                best = item;
                any = true;
            }
        }
        return any ? best : new Undefined("No aggregated item, sequence was empty.");
    }

    private static Object sum(Object v, Arguments a) {
        Object attribute = a.get(0, "attribute", null);
        Object total = a.get(1, "start", 0L);
        for (Object item : Values.iterate(v)) {
            total = Operators.binary("+", total, attribute == null ? item : path(item, attribute));
        }
        return total;
    }

    private static Object dictsort(Object v, Arguments a) {
        if (!(v instanceof Map<?, ?> m)) {
            throw new TemplateException("You can only sort by either a mapping");
        }
        boolean caseSensitive = a.flag(0, "case_sensitive", false);
        int by = switch (a.string(1, "by", "key")) {
            case "key" -> 0;
            case "value" -> 1;
            default -> throw new TemplateException("You can only sort by either 'key' or 'value'");
        };
        boolean reverse = a.flag(2, "reverse", false);
        List<Object> pairs = Methods.items(m);
        pairs.sort((x, y) -> Values.compare(sortKey(((Tuple) x).get(by), null, caseSensitive),
                sortKey(((Tuple) y).get(by), null, caseSensitive)));
        return reverse ? pairs.reversed() : pairs;
    }

    /** jinja2's {@code indent}: every line after the first (and the first too when asked), blank lines too if asked. */
    private static Object indent(Object v, Arguments a) {
        Object width = a.get(0, "width", 4L);
        String pad = width instanceof String s ? s : " ".repeat((int) Values.toLong(width));
        boolean first = a.flag(1, "first", false);
        boolean blank = a.flag(2, "blank", false);
        List<String> lines = Strings.splitlines(Values.str(v) + "\n");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i > 0) {
                out.append('\n');
                if (blank || !line.isEmpty()) {
                    out.append(pad);
                }
            }
            out.append(line);
        }
        return first ? pad + out : out.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;")
                .replace("'", "&#39;");
    }
}
