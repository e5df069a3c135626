package dev.score.rl.protocol;

import dev.score.tokenizer.BpeTokenizer;
import dev.score.tokenizer.Tokenizers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The protocol a model directory asks for: its chat template's format if it has one, else the turn markers. */
public final class Protocols {
    private Protocols() {
    }

    /**
     * @throws IllegalArgumentException if the directory has neither a chat template nor a tokenizer with
     *                                  this project's turn markers, or its template cannot frame the conversation
     */
    public static SelfCorrectionProtocol forModel(Path dir, String instruction, String promptSuffix) throws IOException {
        return forModel(dir, Tokenizers.load(dir), instruction, promptSuffix);
    }

    public static SelfCorrectionProtocol forModel(Path dir, BpeTokenizer tokenizer, String instruction,
            String promptSuffix) throws IOException {
        Optional<ChatTemplateFile> chat = ChatTemplateFile.find(dir);
        if (chat.isPresent()) {
            ChatTemplateFile file = chat.get();
            try {
                return new SelfCorrectionProtocol(tokenizer, new ChatTurns(tokenizer, file.template(), file.variables(),
                        instruction), promptSuffix, List.of(file.source()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file.source() + ": " + e.getMessage(), e);
            }
        }
        if (!MarkerTurns.supports(tokenizer)) {
            throw new IllegalArgumentException(dir + ": no chat template (" + ChatTemplateFile.JINJA + " or "
                    + ChatTemplateFile.CONFIG + "'s chat_template) and the tokenizer lacks this project's turn markers, "
                    + "so there is no way to write the two-attempt conversation");
        }
        return new SelfCorrectionProtocol(tokenizer, new MarkerTurns(tokenizer, instruction), promptSuffix, List.of());
    }
}
