package dev.score.tokenizer.template;

import java.util.LinkedHashMap;
import java.util.Map;

/** The mutable object {@code namespace(...)} makes, the one thing {@code set ns.attr = v} may change. */
final class Namespace {
    final Map<Object, Object> attributes = new LinkedHashMap<>();
}
