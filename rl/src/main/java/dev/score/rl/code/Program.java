package dev.score.rl.code;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed program: its function definitions, in source order, with distinct names. */
public record Program(List<Definition> definitions) {

    /** The function every task calls. */
    public static final String ENTRY = "f";

    Map<String, Definition> byName() {
        Map<String, Definition> map = new LinkedHashMap<>();
        for (Definition d : definitions) {
            map.put(d.name(), d);
        }
        return map;
    }

    /** Parses program text under the default limits; throws {@link SyntaxError} when it is not a program. */
    public static Program parse(String source) {
        return Parser.parseProgram(source, SandboxLimits.DEFAULT);
    }

    /** The program in canonical layout: one definition per line, single spaces, minimal parentheses. */
    public String canonical() {
        return Printer.print(this);
    }
}
