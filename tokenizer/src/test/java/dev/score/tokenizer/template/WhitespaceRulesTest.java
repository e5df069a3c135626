package dev.score.tokenizer.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fixtures are strict enough to catch a wrong whitespace rule: with trim_blocks or lstrip_blocks off
 * (jinja2's defaults, a plausible bug) the outputs no longer match.
 */
class WhitespaceRulesTest {
    @Test
    void syntheticFixturesFailWithEitherRuleOff() throws Exception {
        ChatFixtures.Fixture qwen3 = ChatFixtures.named("qwen3");
        String source = qwen3.template();
        ChatFixtures.Case c = qwen3.cases().getFirst();
        assertEquals(c.output(), ChatTemplate.parse(source).render(c.variables()));
        // Qwen3's template strips with '-' everywhere, so only a template without it shows the rules at work.
        ChatFixtures.Fixture lstrip = ChatFixtures.named("lstrip-blocks");
        ChatFixtures.Fixture trim = ChatFixtures.named("trim-blocks");
        String lstripExpected = lstrip.cases().getFirst().output();
        String trimExpected = trim.cases().getFirst().output();
        assertEquals(lstripExpected, ChatTemplate.parse(lstrip.source()).render(Map.of()));
        assertNotEquals(lstripExpected, ChatTemplate.parse(lstrip.source(), true, false).render(Map.of()));
        assertEquals(trimExpected, ChatTemplate.parse(trim.source()).render(Map.of()));
        assertNotEquals(trimExpected, ChatTemplate.parse(trim.source(), false, true).render(Map.of()));
    }

    @Test
    void chatTemplateWithoutMinusSignsNeedsBothRules() throws Exception {
        ChatFixtures.Fixture roles = ChatFixtures.named("strict-roles");
        ChatFixtures.Case c = roles.cases().getFirst();
        assertEquals(c.output(), ChatTemplate.parse(roles.source()).render(c.variables()));
        assertNotEquals(c.output(), ChatTemplate.parse(roles.source(), false, true).render(c.variables()));
        assertNotEquals(c.output(), ChatTemplate.parse(roles.source(), true, false).render(c.variables()));
    }
}
