package dev.score.tokenizer.template;

import java.util.List;
import java.util.Map;

/**
 * A Hugging Face chat template ({@code tokenizer_config.json}'s {@code chat_template}), rendered as Python's
 * jinja2 renders it under transformers' settings: an immutable sandbox with {@code trim_blocks},
 * {@code lstrip_blocks} and loop controls, no autoescaping, {@code raise_exception} and {@code strftime_now}
 * as globals and {@code tojson} as {@code json.dumps} (non-ASCII kept). Absent variables are undefined.
 */
public final class ChatTemplate {
    private final List<Node> body;

    private ChatTemplate(List<Node> body) {
        this.body = body;
    }

    /**
     * Parses a template.
     *
     * @throws TemplateException (unchecked, message names the template line and what was expected) on a
     *     template it cannot parse
     */
    public static ChatTemplate parse(String source) {
        return parse(source, true, true);
    }

    /** The template under jinja2's defaults for either whitespace rule when its flag is false. */
    static ChatTemplate parse(String source, boolean trimBlocks, boolean lstripBlocks) {
        return new ChatTemplate(Parser.parse(source, trimBlocks, lstripBlocks));
    }

    /**
     * Renders with these variables (values: String, Boolean, Integer/Long, Double, List<?>, Map<String,?>, null).
     *
     * @throws TemplateException when the template fails: {@code raise_exception(msg)} (message exactly
     *     {@code msg}), or an undefined value used or a type error (message naming the line)
     */
    public String render(Map<String, Object> variables) {
        Scope globals = new Scope(null);
        Globals.install(globals);
        Scope scope = new Scope(globals);
        variables.forEach((name, value) -> scope.set(name, Values.fromJava(value)));
        StringBuilder out = new StringBuilder();
        new Renderer().render(body, scope, out);
        return out.toString();
    }
}
