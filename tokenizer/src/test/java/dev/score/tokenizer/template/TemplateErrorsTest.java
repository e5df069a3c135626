package dev.score.tokenizer.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Templates that cannot parse name the line and what was expected; render-time failures say what failed. */
class TemplateErrorsTest {
    @ParameterizedTest
    @CsvSource(delimiterString = ";;", textBlock = """
            a\\n{% if x %}\\nno end ;; line 3: ;; 'endif'
            {% for m in messages %}\\n{{ m }} ;; line 2: ;; 'endfor'
            x\\n\\n{{ name | nosuchfilter }} ;; line 3: ;; no filter named 'nosuchfilter'
            {{ 1 + }} ;; line 1: ;; expected an expression
            \\n{% if (1 %}{% endif %} ;; line 2: ;; unexpected '}', expected ')'
            {{ x is nosuchtest }} ;; line 1: ;; no test named 'nosuchtest'
            \\n\\n{% frobnicate %} ;; line 3: ;; unknown tag 'frobnicate'
            {{ 'unterminated }} ;; line 1: ;; string literal not closed
            {% if x %}{{ x } ;; line 1: ;; unexpected '}'
            {{ x  ;; line 1: ;; tag not closed
            {% set x %} ;; line 1: ;; 'endset'
            {{ x }}{% endif %} ;; line 1: ;; unknown tag 'endif'
            {{ [1) }} ;; line 1: ;; unexpected ')', expected ']'
            {{ 1) }} ;; line 1: ;; unexpected ')'
            {{ 99999999999999999999 }} ;; line 1: ;; does not fit in 64 bits
            """)
    void parseErrorsNameLineAndExpectation(String source, String line, String expected) {
        String template = source.replace("\\n", "\n");
        TemplateException e = assertThrows(TemplateException.class, () -> ChatTemplate.parse(template));
        assertTrue(e.getMessage().startsWith(line), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void raiseExceptionThrowsItsMessageExactly() {
        ChatTemplate t = ChatTemplate.parse("ok{% if messages[0].role != 'user' %}"
                + "{{ raise_exception('Conversation must start with a user message, not ' + messages[0].role) }}"
                + "{% endif %}");
        TemplateException e = assertThrows(TemplateException.class,
                () -> t.render(Map.of("messages", List.of(Map.of("role", "system", "content", "x")))));
        assertEquals("Conversation must start with a user message, not system", e.getMessage());
        assertEquals("ok", t.render(Map.of("messages", List.of(Map.of("role", "user", "content", "x")))));
    }

    @Test
    void renderFailuresNameTheirLine() {
        TemplateException e = assertThrows(TemplateException.class, () -> ChatTemplate.parse(
                "{% macro m(x) %}\n{{ x.y.z }}{% endmacro %}\n\n{{ m({}) }}").render(Map.of()));
        assertEquals("line 2: 'dict object' has no attribute 'y'", e.getMessage());
        TemplateException raised = assertThrows(TemplateException.class, () -> ChatTemplate.parse(
                "{% macro m() %}\n{{ raise_exception('exact') }}{% endmacro %}\n{{ m() }}").render(Map.of()));
        assertEquals("exact", raised.getMessage());
    }

    @Test
    void undefinedValuesFailOnlyWhenUsed() {
        assertEquals("", ChatTemplate.parse("{{ missing }}").render(Map.of()));
        TemplateException attribute = assertThrows(TemplateException.class,
                () -> ChatTemplate.parse("{{ missing.role }}").render(Map.of()));
        assertEquals("line 1: 'missing' is undefined", attribute.getMessage());
        TemplateException add = assertThrows(TemplateException.class,
                () -> ChatTemplate.parse("{{ 'a' + 1 }}").render(Map.of()));
        assertTrue(add.getMessage().contains("'str' and 'int'"), add.getMessage());
        TemplateException sandbox = assertThrows(TemplateException.class,
                () -> ChatTemplate.parse("{{ xs.append(1) }}").render(Map.of("xs", List.of())));
        assertTrue(sandbox.getMessage().contains("unsafe"), sandbox.getMessage());
        TemplateException wrongType = assertThrows(TemplateException.class,
                () -> ChatTemplate.parse("{{ 'abc'.startswith(1) }}").render(Map.of()));
        assertTrue(wrongType.getMessage().startsWith("line 1: template failed"), wrongType.getMessage());
        TemplateException namespace = assertThrows(TemplateException.class,
                () -> ChatTemplate.parse("{% set d = {} %}{% set d.x = 1 %}").render(Map.of()));
        assertTrue(namespace.getMessage().contains("non-namespace"), namespace.getMessage());
    }

    @Test
    void acceptsJavaValuesOfEveryDocumentedType() {
        Map<String, Object> variables = new java.util.HashMap<>();
        variables.put("i", 3);
        variables.put("l", 4L);
        variables.put("d", 0.5);
        variables.put("b", true);
        variables.put("n", null);
        variables.put("xs", List.of(1, "a"));
        assertEquals("7 0.5 True None [1, 'a'] 2", ChatTemplate.parse("{{ i + l }} {{ d }} {{ b }} {{ n }} {{ xs }} "
                + "{{ xs | length }}").render(variables));
    }
}
