package dev.score.rl.protocol;

import dev.score.tokenizer.BpeTokenizer;
import dev.score.tokenizer.template.ChatTemplate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The two-attempt conversation in a model's own chat format, rendered by its chat template: user: problem;
 * assistant: attempt 1; user: the correction instruction; assistant: attempt 2. The first prompt is the
 * template's rendering of the first user turn with the generation prompt. An attempt ends with the special
 * token the template writes right after an assistant turn's text ({@code <|im_end|>}, {@code <|eot_id|>}).
 * The instruction turn is what the template writes after that token up to the next generation prompt,
 * found by rendering two different problems and attempts and checking that it is the same text after both;
 * a template that would make it depend on them is refused, since the turn would then carry a signal.
 * Rendered text is encoded as Hugging Face's {@code apply_chat_template} does, as one string in which the
 * special tokens' spellings are special tokens (a problem that spells one out gets that token there too).
 */
public final class ChatTurns implements TurnFormat {
    // Two problems and attempts that differ in every way a template could look at: text, length, words.
    private static final String[][] PROBES = {
        {"SCoReProbeProblemA", "SCoReProbeAttemptA"},
        {"SCoReProbe second problem, B", "SCoReProbe a longer second attempt, B"}};

    private final BpeTokenizer tokenizer;
    private final ChatTemplate template;
    private final Map<String, Object> variables;
    private final int stop;
    private final int[] instructionTurn;

    /**
     * @param variables the template's variables besides the messages ({@code bos_token}, {@code eos_token}, ...)
     * @throws IllegalArgumentException if the template does not write the conversation as described above
     */
    public ChatTurns(BpeTokenizer tokenizer, ChatTemplate template, Map<String, Object> variables, String instruction) {
        this.tokenizer = tokenizer;
        this.template = template;
        this.variables = Map.copyOf(variables);
        String stopText = null;
        String turn = null;
        for (String[] probe : PROBES) {
            String history = render(List.of(user(probe[0]), assistant(probe[1]), user(instruction)), true);
            String after = afterAttempt(history, probe[1], "an assistant turn before the instruction");
            String special = specialAtStart(after);
            String rest = after.substring(special.length());
            if (turn != null && (!rest.equals(turn) || !special.equals(stopText))) {
                throw new IllegalArgumentException("the chat template writes the turn after attempt 1 differently for "
                        + "different problems or attempts, so it would tell the model something about attempt 1");
            }
            if (!rest.contains(instruction)) {
                throw new IllegalArgumentException("the chat template's turn after attempt 1 does not hold the "
                        + "instruction: " + rest);
            }
            stopText = special;
            turn = rest;
        }
        String whole = render(List.of(user(PROBES[0][0]), assistant(PROBES[0][1]), user(instruction),
                assistant(PROBES[1][1])), false);
        if (!afterAttempt(whole, PROBES[1][1], "the last assistant turn").startsWith(stopText)) {
            throw new IllegalArgumentException("the chat template ends the second assistant turn with another token "
                    + "than the first (" + stopText + ")");
        }
        this.stop = tokenizer.specialId(stopText);
        this.instructionTurn = encode(turn);
    }

    @Override
    public int[] firstPrompt(String userText) {
        return encode(render(List.of(user(userText)), true));
    }

    @Override
    public int stopToken() {
        return stop;
    }

    @Override
    public int[] instructionTurn() {
        return instructionTurn.clone();
    }

    private String render(List<Map<String, Object>> messages, boolean addGenerationPrompt) {
        Map<String, Object> all = new HashMap<>(variables);
        all.put("messages", messages);
        all.put("add_generation_prompt", addGenerationPrompt);
        return template.render(all);
    }

    private int[] encode(String rendered) {
        return tokenizer.encode(rendered, tokenizer.specialTokens().keySet());
    }

    private static String afterAttempt(String rendered, String attempt, String where) {
        int at = rendered.indexOf(attempt);
        if (at < 0 || rendered.indexOf(attempt, at + 1) >= 0) {
            throw new IllegalArgumentException("the chat template does not write the text of " + where
                    + " exactly once: " + rendered);
        }
        return rendered.substring(at + attempt.length());
    }

    /** The longest special token's spelling that {@code text} starts with. */
    private String specialAtStart(String text) {
        String found = null;
        for (String special : tokenizer.specialTokens().keySet()) {
            if (text.startsWith(special) && (found == null || special.length() > found.length())) {
                found = special;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("the chat template writes no special token right after an assistant "
                    + "turn, so there is no token to end an attempt with: "
                    + text.substring(0, Math.min(40, text.length())));
        }
        return found;
    }

    private static Map<String, Object> user(String content) {
        return message("user", content);
    }

    private static Map<String, Object> assistant(String content) {
        return message("assistant", content);
    }

    private static Map<String, Object> message(String role, String content) {
        Map<String, Object> message = new HashMap<>();
        message.put("role", role);
        message.put("content", content);
        return message;
    }
}
