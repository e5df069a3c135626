package dev.score.tokenizer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;

/** The {@code Sequence} pre-tokenizer: each step splits every piece the step before it made. */
public record PreTokenizerSequence(List<PreTokenizer> steps) implements PreTokenizer {

    public PreTokenizerSequence {
        steps = List.copyOf(steps);
    }

    @Override
    public void split(String text, Consumer<String> pieces) {
        splitFrom(0, text, pieces);
    }

    private void splitFrom(int step, String text, Consumer<String> pieces) {
        if (step == steps.size()) {
            pieces.accept(text);
        } else {
            steps.get(step).split(text, piece -> splitFrom(step + 1, piece, pieces));
        }
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("type", "Sequence");
        ArrayNode list = json.putArray("pretokenizers");
        steps.forEach(step -> list.add(step.toJson()));
        return json;
    }
}
