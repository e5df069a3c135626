package dev.score.tokenizer.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The str, dict and list methods a template may call ({@code s.startswith(..)}, {@code d.items()}); the
 * methods that would change a list or dict are refused, as in jinja2's immutable sandbox.
 */
final class Methods {
    private static final Set<String> MUTATING = Set.of("append", "extend", "insert", "pop", "remove", "clear",
            "sort", "reverse", "update", "setdefault", "popitem");

    private Methods() {
    }

    /** The bound method {@code name} of {@code owner}, or null when it has none. */
    static PyCallable find(Object owner, String name) {
        if ((owner instanceof List<?> || owner instanceof Map<?, ?>) && MUTATING.contains(name)) {
            return (args, kwargs) -> {
                throw new TemplateException("access to attribute '" + name + "' of '" + Values.typeName(owner)
                        + "' object is unsafe.");
            };
        }
        return switch (owner) {
            case null -> null;
            case String s -> stringMethod(s, name);
            case Map<?, ?> m -> dictMethod(m, name);
            case List<?> l -> listMethod(l, name);
            default -> null;
        };
    }

    private static PyCallable stringMethod(String s, String name) {
        return switch (name) {
            case "startswith", "endswith" -> (args, kwargs) -> {
                Object prefixes = new Arguments(name, args, kwargs).required(0, "prefix");
                List<?> options = prefixes instanceof List<?> l ? l : List.of(prefixes);
                for (Object p : options) {
                    String text = (String) p;
                    if (name.equals("startswith") ? s.startsWith(text) : s.endsWith(text)) {
                        return true;
                    }
                }
                return false;
            };
            case "split", "rsplit" -> (args, kwargs) -> {
                Arguments a = new Arguments(name, args, kwargs);
                String sep = a.string(0, "sep", null);
                long max = a.integer(1, "maxsplit", -1);
                return name.equals("split") ? Strings.split(s, sep, max) : Strings.rsplit(s, sep, max);
            };
            case "strip", "lstrip", "rstrip" -> (args, kwargs) -> Strings.strip(s,
                    new Arguments(name, args, kwargs).get(0, "chars", null), !name.equals("rstrip"),
                    !name.equals("lstrip"));
            case "upper" -> (args, kwargs) -> Strings.upper(s);
            case "lower" -> (args, kwargs) -> Strings.lower(s);
            case "title" -> (args, kwargs) -> Strings.title(s);
            case "capitalize" -> (args, kwargs) -> Strings.capitalize(s);
            case "replace" -> (args, kwargs) -> {
                Arguments a = new Arguments(name, args, kwargs);
                return Strings.replace(s, a.string(0, "old", ""), a.string(1, "new", ""), a.integer(2, "count", -1));
            };
            case "join" -> (args, kwargs) -> {
                List<String> parts = new ArrayList<>();
                for (Object item : Values.iterate(new Arguments(name, args, kwargs).required(0, "iterable"))) {
                    if (!(item instanceof String part)) {
                        throw new TemplateException("sequence item " + parts.size() + ": expected str instance, "
                                + Values.typeName(item) + " found");
                    }
                    parts.add(part);
                }
                return String.join(s, parts);
            };
            case "find", "rfind" -> (args, kwargs) -> Strings.find(s, new Arguments(name, args, kwargs)
                    .string(0, "sub", ""), name.equals("rfind"));
            case "count" -> (args, kwargs) -> Strings.count(s, new Arguments(name, args, kwargs).string(0, "sub", ""));
            case "isdigit" -> (args, kwargs) -> !s.isEmpty() && s.codePoints().allMatch(Character::isDigit);
            case "isalpha" -> (args, kwargs) -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetter);
            case "isalnum" -> (args, kwargs) -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetterOrDigit);
            case "isspace" -> (args, kwargs) -> !s.isEmpty() && Text.isBlank(s, 0);
            case "isupper" -> (args, kwargs) -> s.codePoints().anyMatch(Character::isUpperCase)
                    && s.codePoints().noneMatch(Character::isLowerCase);
            case "islower" -> (args, kwargs) -> s.codePoints().anyMatch(Character::isLowerCase)
                    && s.codePoints().noneMatch(Character::isUpperCase);
            case "format" -> (args, kwargs) -> Format.apply(s, args, kwargs);
            default -> null;
        };
    }

    private static PyCallable dictMethod(Map<?, ?> m, String name) {
        return switch (name) {
            case "items" -> (args, kwargs) -> items(m);
            case "keys" -> (args, kwargs) -> new ArrayList<Object>(m.keySet());
            case "values" -> (args, kwargs) -> new ArrayList<Object>(m.values());
            case "get" -> (args, kwargs) -> {
                Arguments a = new Arguments(name, args, kwargs);
                Object key = a.required(0, "key");
                return Values.hasKey(m, key) ? Values.lookup(m, key) : a.get(1, "default", null);
            };
            default -> null;
        };
    }

    static List<Object> items(Map<?, ?> m) {
        List<Object> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(new Tuple(java.util.Arrays.asList(k, v))));
        return out;
    }

    private static PyCallable listMethod(List<?> l, String name) {
        return switch (name) {
            case "index" -> (args, kwargs) -> {
                Object item = new Arguments(name, args, kwargs).required(0, "value");
                for (int i = 0; i < l.size(); i++) {
                    if (Values.equal(l.get(i), item)) {
                        return (long) i;
                    }
                }
                throw new TemplateException(Values.repr(item) + " is not in list");
            };
            case "count" -> (args, kwargs) -> {
                Object item = new Arguments(name, args, kwargs).required(0, "value");
                return l.stream().filter(x -> Values.equal(x, item)).count();
            };
            default -> null;
        };
    }
}
