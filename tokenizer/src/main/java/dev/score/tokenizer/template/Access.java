package dev.score.tokenizer.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code obj.name} and {@code obj[key]} as jinja2 resolves them: attribute access tries the attribute (a
 * method) and then the item, subscription the item and then the attribute; what neither finds is undefined.
 */
final class Access {
    private Access() {
    }

    static Object attribute(Object owner, String name) {
        if (owner instanceof Undefined u) {
            throw u.error();
        }
        Object found = ownAttribute(owner, name);
        if (found != null) {
            return found;
        }
        if (owner instanceof Map<?, ?> m && Values.hasKey(m, name)) {
            return Values.lookup(m, name);
        }
        return Undefined.attribute(owner, name);
    }

    static Object item(Object owner, Object key) {
        switch (owner) {
            case null -> {
                return new Undefined("'NoneType' object is not subscriptable");
            }
            case Undefined u -> throw u.error();
            case Map<?, ?> m when Values.hasKey(m, key) -> {
                return Values.lookup(m, key);
            }
            case List<?> l when Values.isInteger(key) -> {
                long i = Values.toLong(key);
                long at = i < 0 ? i + l.size() : i;
                return at >= 0 && at < l.size() ? l.get((int) at) : new Undefined(Values.typeName(owner)
                        + " object has no element " + i);
            }
            case String s when Values.isInteger(key) -> {
                int[] cps = s.codePoints().toArray();
                long i = Values.toLong(key);
                long at = i < 0 ? i + cps.length : i;
                return at >= 0 && at < cps.length ? Character.toString(cps[(int) at])
                        : new Undefined("str object has no element " + i);
            }
            default -> {
                // Fall through to the attribute lookup below.
            }
        }
        if (key instanceof String name) {
            Object found = ownAttribute(owner, name);
            if (found != null) {
                return found;
            }
        }
        return owner instanceof Map<?, ?> ? new Undefined("'dict object' has no attribute '" + Values.str(key) + "'")
                : Undefined.attribute(owner, Values.str(key));
    }

    /** An attribute proper (not a dict key), or null when there is none. */
    private static Object ownAttribute(Object owner, String name) {
        return switch (owner) {
            case null -> null;
            case Namespace n -> n.attributes.containsKey(name) ? n.attributes.get(name) : null;
            case LoopContext loop -> {
                Object v = loop.attribute(name);
                yield v instanceof Undefined ? null : v;
            }
            default -> Methods.find(owner, name);
        };
    }

    /** Python's slice {@code owner[start:stop:step]} on a string, list or tuple; bounds may be null. */
    static Object slice(Object owner, Object start, Object stop, Object step) {
        if (owner instanceof Undefined u) {
            throw u.error();
        }
        List<Object> items;
        if (owner instanceof String s) {
            items = new ArrayList<>(Strings.characters(s));
        } else if (owner instanceof List<?> l) {
            items = new ArrayList<>(l);
        } else {
            throw new TemplateException("'" + Values.typeName(owner) + "' object is not subscriptable");
        }
        long n = items.size();
        long by = bound(step, 1);
        if (by == 0) {
            throw new TemplateException("slice step cannot be zero");
        }
        long from = by > 0 ? clamp(bound(start, 0), n, 0, n) : clamp(bound(start, n - 1), n, -1, n - 1);
        long to = by > 0 ? clamp(bound(stop, n), n, 0, n) : clamp(bound(stop, -n - 1), n, -1, n - 1);
        List<Object> out = new ArrayList<>();
        for (long i = from; by > 0 ? i < to : i > to; i += by) {
            out.add(items.get((int) i));
        }
        if (owner instanceof String) {
            StringBuilder sb = new StringBuilder();
            out.forEach(c -> sb.append((String) c));
            return sb.toString();
        }
        return owner instanceof Tuple ? new Tuple(out) : out;
    }

    private static long bound(Object v, long fallback) {
        if (v == null || v instanceof Undefined) {
            return fallback;
        }
        if (!Values.isInteger(v)) {
            throw new TemplateException("slice indices must be integers or None");
        }
        return Values.toLong(v);
    }

    /** Python's slice index adjustment: negatives count from the end, then clamp into [low, high]. */
    private static long clamp(long i, long n, long low, long high) {
        long at = i < 0 ? i + n : i;
        return Math.max(low, Math.min(high, at));
    }
}
