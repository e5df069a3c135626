package dev.score.tokenizer.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps(x, ensure_ascii=False, indent=indent, separators=separators, sort_keys=sort_keys)},
 * which Hugging Face installs as the {@code tojson} filter: {@code ", "} and {@code ": "} between items unless
 * indented, non-ASCII text as is.
 */
final class Json {
    private final String indent;
    private final String itemSeparator;
    private final String keySeparator;
    private final boolean sortKeys;

    private Json(String indent, String itemSeparator, String keySeparator, boolean sortKeys) {
        this.indent = indent;
        this.itemSeparator = itemSeparator;
        this.keySeparator = keySeparator;
        this.sortKeys = sortKeys;
    }

    /** {@code indent}: null, an int (spaces) or a string; {@code separators}: null or an (item, key) pair. */
    static String dumps(Object value, Object indent, Object separators, boolean sortKeys) {
        String indentText = switch (indent) {
            case null -> null;
            case Undefined u -> null;
            case String s -> s;
            default -> " ".repeat((int) Math.max(0, Values.toLong(indent)));
        };
        String item = indentText == null ? ", " : ",";
        String key = ": ";
        if (separators instanceof List<?> pair && !(separators instanceof Undefined)) {
            item = (String) pair.get(0);
            key = (String) pair.get(1);
        }
        StringBuilder out = new StringBuilder();
        new Json(indentText, item, key, sortKeys).write(value, 0, out);
        return out.toString();
    }

    private void write(Object value, int depth, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b);
            case Long l -> out.append(l);
            case Double d -> out.append(Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity"
                    : "-Infinity") : Values.floatRepr(d));
            case String s -> string(s, out);
            case List<?> l -> container(l, '[', ']', depth, out, (item, o) -> write(item, depth + 1, o));
            case Map<?, ?> m -> {
                List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
                if (sortKeys) {
                    entries.sort((x, y) -> Values.compare(x.getKey(), y.getKey()));
                }
                container(entries, '{', '}', depth, out, (entry, o) -> {
                    string(key(entry.getKey()), o);
                    o.append(keySeparator);
                    write(entry.getValue(), depth + 1, o);
                });
            }
            default -> throw new TemplateException("Object of type " + Values.typeName(value)
                    + " is not JSON serializable");
        }
    }

    private static String key(Object key) {
        return switch (key) {
            case String s -> s;
            case null -> "null";
            case Boolean b -> b.toString();
            case Long l -> l.toString();
            case Double d -> Values.floatRepr(d);
            default -> throw new TemplateException("keys must be str, int, float, bool or None, not "
                    + Values.typeName(key));
        };
    }

    private interface ItemWriter<T> {
        void write(T item, StringBuilder out);
    }

    private <T> void container(List<T> items, char open, char close, int depth, StringBuilder out,
            ItemWriter<T> writer) {
        if (items.isEmpty()) {
            out.append(open).append(close);
            return;
        }
        out.append(open);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(itemSeparator);
            }
            if (indent != null) {
                out.append('\n').append(indent.repeat(depth + 1));
            }
            writer.write(items.get(i), out);
        }
        if (indent != null) {
            out.append('\n').append(indent.repeat(depth));
        }
        out.append(close);
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
