package dev.score.rl.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.score.rl.math.MathInstruction;
import dev.score.tokenizer.BpeTokenizer;
import dev.score.tokenizer.HfReference;
import dev.score.tokenizer.TokenizerJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-attempt conversation in Qwen3's and Llama 3's own chat formats, from their real tokenizer files and
 * templates. The expected texts are Python jinja2's renderings of those templates (Hugging Face's settings:
 * trim_blocks, lstrip_blocks) of the same messages with the generation prompt, and the expected tokens are
 * that text encoded as {@code apply_chat_template} encodes it.
 */
class ChatTurnsTest {
    private static final String INSTRUCTION = MathInstruction.CORRECTION;
    private static final String PROBLEM = "What is 2+2?";

    private static void assertFormat(Path dir, String firstText, String secondTextAfterAttempt, String stop)
            throws Exception {
        BpeTokenizer tokenizer = TokenizerJson.load(dir);
        SelfCorrectionProtocol protocol = Protocols.forModel(dir, tokenizer, INSTRUCTION, "");
        assertEquals(tokenizer.specialId(stop), protocol.stopToken());
        int[] first = protocol.firstPrompt(PROBLEM);
        assertArrayEquals(tokenizer.encode(firstText, tokenizer.specialTokens().keySet()), first);
        int[] right = tokenizer.encode("4");
        int[] wrong = tokenizer.encode("5");
        int[] second = protocol.secondPrompt(first, wrong);
        assertEquals(firstText + "5" + secondTextAfterAttempt, tokenizer.decode(second));
        assertArrayEquals(tokenizer.encode(firstText + "5" + secondTextAfterAttempt, tokenizer.specialTokens().keySet()),
                second);
        int[] afterRight = Arrays.copyOfRange(protocol.secondPrompt(first, right), first.length + right.length,
                first.length + right.length + 1 + protocol.instructionTurn().length);
        int[] afterWrong = Arrays.copyOfRange(second, first.length + wrong.length, second.length);
        assertArrayEquals(afterRight, afterWrong, "the same tokens follow attempt 1 whatever it was");
    }

    @Test
    void qwen3sChatMlTurns() throws Exception {
        assertFormat(HfReference.qwen3(), "<|im_start|>user\n" + PROBLEM + "<|im_end|>\n<|im_start|>assistant\n",
                "<|im_end|>\n<|im_start|>user\n" + INSTRUCTION + "<|im_end|>\n<|im_start|>assistant\n", "<|im_end|>");
    }

    @Test
    void llama3sHeaderTurns() throws Exception {
        assertFormat(HfReference.llama3(), "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n" + PROBLEM
                        + "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
                "<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n" + INSTRUCTION
                        + "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n", "<|eot_id|>");
    }

    @Test
    void aTemplateWhoseTurnAfterAttemptOneDependsOnItIsRefused(@TempDir Path dir) throws Exception {
        Files.copy(HfReference.qwen3().resolve(TokenizerJson.FILE), dir.resolve(TokenizerJson.FILE));
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = json.createObjectNode();
        // Tells the model how long its first answer was: a signal the protocol must not carry.
        config.put("chat_template", "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>"
                + "{% if m.role == 'assistant' %}({{ m.content | length }}){% endif %}\n{% endfor %}"
                + "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}");
        json.writeValue(dir.resolve(ChatTemplateFile.CONFIG).toFile(), config);
        String message = assertThrows(IllegalArgumentException.class,
                () -> Protocols.forModel(dir, INSTRUCTION, "")).getMessage();
        assertTrue(message.contains(ChatTemplateFile.CONFIG) && message.contains("differently"), message);
    }

    @Test
    void aDirectoryWithNeitherTemplateNorMarkersIsRefused(@TempDir Path dir) throws Exception {
        Files.copy(HfReference.qwen3().resolve(TokenizerJson.FILE), dir.resolve(TokenizerJson.FILE));
        String message = assertThrows(IllegalArgumentException.class,
                () -> Protocols.forModel(dir, INSTRUCTION, "")).getMessage();
        assertTrue(message.contains("no chat template"), message);
    }
}
