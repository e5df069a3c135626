package dev.score.rl.code;

import java.util.List;

/** {@code name(parameters) = body}. */
record Definition(String name, List<String> parameters, Expr body) {
}
