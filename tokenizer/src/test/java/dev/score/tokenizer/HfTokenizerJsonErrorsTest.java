package dev.score.tokenizer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tokenizer.json this project cannot run exactly is refused, naming the file and the JSON path of the part. */
class HfTokenizerJsonErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static void assertRefused(Path dir, Consumer<ObjectNode> plant, String path, String says) throws Exception {
        TokenizerJson.save(BpeTrainer.train("the cat sat on the mat, 12 times", 300, SpecialTokens.ALL), dir);
        ObjectNode root = (ObjectNode) JSON.readTree(dir.resolve(TokenizerJson.FILE).toFile());
        plant.accept(root);
        JSON.writeValue(dir.resolve(TokenizerJson.FILE).toFile(), root);
        String message = assertThrows(TokenizerFileException.class, () -> TokenizerJson.load(dir)).getMessage();
        assertTrue(message.contains(TokenizerJson.FILE) && message.contains(path + ":") && message.contains(says),
                message);
    }

    @Test
    void aWordPieceModelIsRefused(@TempDir Path dir) throws Exception {
        assertRefused(dir, root -> ((ObjectNode) root.get("model")).put("type", "WordPiece"), "model.type", "WordPiece");
    }

    @Test
    void anUnknownPreTokenizerIsRefusedWhereItSits(@TempDir Path dir) throws Exception {
        assertRefused(dir, root -> {
            ObjectNode sequence = root.putObject("pre_tokenizer").put("type", "Sequence");
            sequence.putArray("pretokenizers").addObject().put("type", "Metaspace");
        }, "pre_tokenizer.pretokenizers[0]", "Metaspace");
    }

    @Test
    void preTokenizationWithoutByteLevelIsRefused(@TempDir Path dir) throws Exception {
        assertRefused(dir, root -> root.putObject("pre_tokenizer").put("type", "Digits"), "pre_tokenizer", "ByteLevel");
    }

    @Test
    void anUnknownNormalizerIsRefused(@TempDir Path dir) throws Exception {
        assertRefused(dir, root -> root.putObject("normalizer").put("type", "Lowercase"), "normalizer", "Lowercase");
    }

    @Test
    void aRegexJavaCannotReadIsRefused(@TempDir Path dir) throws Exception {
        assertRefused(dir, root -> {
            ObjectNode split = root.putObject("pre_tokenizer").put("type", "Sequence").putArray("pretokenizers")
                    .addObject().put("type", "Split").put("behavior", "Isolated").put("invert", false);
            split.putObject("pattern").put("Regex", "(unclosed");
            ((ArrayNode) root.get("pre_tokenizer").get("pretokenizers")).addObject().put("type", "ByteLevel");
        }, "pre_tokenizer.pretokenizers[0].pattern", "regex");
    }

    @Test
    void aMergeOfAnUnknownTokenIsRefusedWithItsIndex(@TempDir Path dir) throws Exception {
        assertRefused(dir, root -> ((ArrayNode) root.get("model").get("merges")).set(3, JSON.createArrayNode().add("q")
                .add("zzz")), "model.merges[3]", "\"zzz\" is not in model.vocab");
    }

    @Test
    void aMergeStringWithoutTwoPartsIsRefused(@TempDir Path dir) throws Exception {
        assertRefused(dir, root -> ((ArrayNode) root.get("model").get("merges")).set(0, JSON.getNodeFactory()
                .textNode("a b c")), "model.merges[0]", "\"a b c\"");
    }

    @Test
    void aVocabularyWithoutEveryByteIsRefused(@TempDir Path dir) throws Exception {
        assertRefused(dir, root -> ((ObjectNode) root.get("model").get("vocab")).remove("Ā"), "model.vocab", "byte 0");
    }

    @Test
    void anAddedTokenWhoseIdTheLibraryWouldChangeIsRefused(@TempDir Path dir) throws Exception {
        assertRefused(dir, root -> ((ObjectNode) root.get("added_tokens").get(1)).put("id", 299), "added_tokens[1]",
                "gives it id");
    }

    @Test
    void aWrongDecoderIsRefused(@TempDir Path dir) throws Exception {
        assertRefused(dir, root -> root.putObject("decoder").put("type", "WordPiece"), "decoder", "WordPiece");
    }
}
