package dev.score.tokenizer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.text.Normalizer;
import java.util.List;

/**
 * A {@code normalizer} of {@code tokenizer.json}, applied to text before pre-tokenization (after the added
 * tokens that are not {@code normalized} have been taken out): one of Unicode's four normal forms, or a
 * sequence of normalizers.
 */
public sealed interface TextNormalizer {
    String normalize(String text);

    ObjectNode toJson();

    /** {@code NFC}, {@code NFD}, {@code NFKC} or {@code NFKD}. */
    record UnicodeForm(Normalizer.Form form) implements TextNormalizer {
        @Override
        public String normalize(String text) {
            return Normalizer.normalize(text, form);
        }

        @Override
        public ObjectNode toJson() {
            return JsonNodeFactory.instance.objectNode().put("type", form.name());
        }
    }

    /** {@code Sequence}: each normalizer in turn. */
    record Sequence(List<TextNormalizer> steps) implements TextNormalizer {
        public Sequence {
            steps = List.copyOf(steps);
        }

        @Override
        public String normalize(String text) {
            String out = text;
            for (TextNormalizer step : steps) {
                out = step.normalize(out);
            }
            return out;
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode().put("type", "Sequence");
            ArrayNode list = json.putArray("normalizers");
            steps.forEach(step -> list.add(step.toJson()));
            return json;
        }
    }
}
