package dev.score.tokenizer.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every template in the fixture, rendered on every case, must give Python jinja2's output byte for byte, or
 * the same {@code raise_exception} message. Real templates are read from the Qwen3 and Llama 3 packages and
 * must be the very text the fixture was made from (same sha256).
 */
class ChatTemplateParityTest {
    @TestFactory
    Stream<DynamicContainer> rendersAsJinja2() throws Exception {
        List<DynamicContainer> containers = new ArrayList<>();
        for (ChatFixtures.Fixture fixture : ChatFixtures.all()) {
            containers.add(DynamicContainer.dynamicContainer(fixture.name(), cases(fixture)));
        }
        return containers.stream();
    }

    private static Stream<DynamicTest> cases(ChatFixtures.Fixture fixture) throws Exception {
        String source = fixture.template();
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("source sha256", () -> assertEquals(fixture.sha256(),
                ChatFixtures.sha256(source), "the template is not the one the fixture was rendered from")));
        for (int i = 0; i < fixture.cases().size(); i++) {
            ChatFixtures.Case c = fixture.cases().get(i);
            tests.add(DynamicTest.dynamicTest("case " + i + " " + c.variables().keySet(), () -> {
                ChatTemplate template = ChatTemplate.parse(source);
                if (c.error() != null) {
                    TemplateException e = assertThrows(TemplateException.class, () -> template.render(c.variables()));
                    assertEquals(c.error(), e.getMessage());
                } else {
                    assertEquals(c.output(), template.render(c.variables()));
                }
            }));
        }
        return tests.stream();
    }

    @Test
    void coversTheRealTemplatesAndTheirFeatures() throws Exception {
        List<ChatFixtures.Fixture> all = ChatFixtures.all();
        assertTrue(all.stream().anyMatch(f -> f.name().equals("qwen3") && f.real()));
        assertTrue(all.stream().anyMatch(f -> f.name().equals("llama3") && f.real()));
        assertTrue(all.stream().flatMap(f -> f.cases().stream()).anyMatch(c -> c.error() != null),
                "some case must end in raise_exception");
        assertTrue(ChatFixtures.named("qwen3").cases().stream().anyMatch(c -> c.variables().containsKey("tools")));
    }
}
