package dev.score.tokenizer.template;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.score.tokenizer.HfChatTemplates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** {@code chat-fixtures.json}, written by {@code parity/make_chat_fixtures.py} with Python's jinja2. */
final class ChatFixtures {
    record Case(Map<String, Object> variables, String output, String error) {
    }

    record Fixture(String name, String sha256, String source, List<Case> cases) {
        boolean real() {
            return source == null;
        }

        /** The template's text: from the fixture, or for a real one from its tokenizer_config.json. */
        String template() throws IOException, InterruptedException {
            return real() ? HfChatTemplates.chatTemplate(name) : source;
        }
    }

    private record File(String jinja2, List<Fixture> templates) {
    }

    private ChatFixtures() {
    }

    static List<Fixture> all() throws IOException {
        try (InputStream in = ChatFixtures.class.getResourceAsStream("chat-fixtures.json")) {
            if (in == null) {
                throw new IOException("chat-fixtures.json is not on the test classpath");
            }
            return new ObjectMapper().readValue(in, File.class).templates();
        }
    }

    static Fixture named(String name) throws IOException {
        return all().stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IOException("no fixture named " + name));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
