package dev.score.tokenizer.template;

import java.util.HashMap;
import java.util.Map;

/**
 * Variables visible at one point of a render. A {@code for} body (each iteration) and a macro call get a child
 * scope, so what they {@code set} does not outlive them, as in jinja2; {@code if} does not.
 */
final class Scope {
    private final Scope parent;
    private final Map<String, Object> variables = new HashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    Object get(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.variables.containsKey(name)) {
                return s.variables.get(name);
            }
        }
        return Undefined.name(name);
    }

    void set(String name, Object value) {
        variables.put(name, value);
    }
}
