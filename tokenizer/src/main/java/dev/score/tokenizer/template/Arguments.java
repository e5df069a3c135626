package dev.score.tokenizer.template;

import java.util.List;
import java.util.Map;

/** Binds a call's positional and keyword arguments to a Python-style parameter list. */
final class Arguments {
    private final String function;
    private final List<Object> args;
    private final Map<String, Object> kwargs;

    Arguments(String function, List<Object> args, Map<String, Object> kwargs) {
        this.function = function;
        this.args = args;
        this.kwargs = kwargs;
    }

    /** Parameter {@code index} called {@code name}, or {@code fallback} when the call left it out. */
    Object get(int index, String name, Object fallback) {
        if (index < args.size()) {
            return args.get(index);
        }
        return kwargs.containsKey(name) ? kwargs.get(name) : fallback;
    }

    Object required(int index, String name) {
        if (index < args.size() || kwargs.containsKey(name)) {
            return get(index, name, null);
        }
        throw new TemplateException(function + "() missing required argument '" + name + "'");
    }

    String string(int index, String name, String fallback) {
        Object v = get(index, name, fallback);
        if (v == null || v instanceof Undefined) {
            return fallback;
        }
        if (!(v instanceof String s)) {
            throw new TemplateException(function + "() argument '" + name + "' must be str, not "
                    + Values.typeName(v));
        }
        return s;
    }

    long integer(int index, String name, long fallback) {
        Object v = get(index, name, fallback);
        if (v == null) {
            return fallback;
        }
        if (!Values.isInteger(v)) {
            throw new TemplateException(function + "() argument '" + name + "' must be int, not "
                    + Values.typeName(v));
        }
        return Values.toLong(v);
    }

    boolean flag(int index, String name, boolean fallback) {
        return Values.truthy(get(index, name, fallback));
    }

    int positional() {
        return args.size();
    }

    List<Object> positionalFrom(int index) {
        return index >= args.size() ? List.of() : args.subList(index, args.size());
    }
}
