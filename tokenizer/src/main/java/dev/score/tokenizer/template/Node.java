package dev.score.tokenizer.template;

import java.util.List;

/** A statement of a parsed template. */
sealed interface Node {
    record Text(String text) implements Node {
    }

    record Output(Expr value) implements Node {
    }

    record If(List<Expr> conditions, List<List<Node>> bodies, List<Node> otherwise) implements Node {
    }

    /** {@code for targets in iterable [if filter]}; {@code otherwise} runs when no item passed. */
    record For(List<String> targets, Expr iterable, Expr filter, List<Node> body, List<Node> otherwise)
            implements Node {
    }

    /** {@code set a = v}, {@code set a, b = v}, or {@code set ns.attr = v} when {@code attribute} is non-null. */
    record Set(List<String> targets, String attribute, Expr value, int line) implements Node {
    }

    /** {@code {% set name %}body{% endset %}}. */
    record SetBlock(String target, List<Node> body) implements Node {
    }

    record Macro(String name, List<String> params, List<Expr> defaults, List<Node> body) implements Node {
    }

    /** {@code {% filter f(args) %}body{% endfilter %}}: the body's output is the filter's input. */
    record FilterBlock(Expr.Filter filter, List<Node> body) implements Node {
    }

    /** Hugging Face's {@code generation} tag, which marks assistant text and otherwise renders its body. */
    record Generation(List<Node> body) implements Node {
    }

    record Break() implements Node {
    }

    record Continue() implements Node {
    }
}
