package dev.score.cli;

import dev.score.tokenizer.BpeTokenizer;
import dev.score.tokenizer.BpeTrainer;
import dev.score.tokenizer.SpecialTokens;
import dev.score.tokenizer.TokenizerJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code train-tokenizer}: a byte-level BPE trained on a corpus, written as tokenizer.json into a model directory. */
@Command(name = "train-tokenizer", mixinStandardHelpOptions = true,
        description = "Train a byte-level BPE (GPT-2 pre-tokenization, special tokens last) and write DIR/tokenizer.json.")
final class TrainTokenizerCommand implements Callable<Integer> {
    @Option(names = "--corpus", required = true, description = "UTF-8 text file to train on.")
    Path corpus;

    // The lower bound: 256 bytes and the four special tokens.
    @Range(min = 260, max = 1_048_576)
    @Option(names = "--vocab-size", required = true, description = "Ids in all, 260 to 1048576: 256 bytes + merges "
            + "+ the special tokens <|endoftext|>, <|problem|>, <|attempt|>, <|instruction|>.")
    int vocabSize;

    @Option(names = "--out", required = true, description = "Directory (e.g. the model directory) to write tokenizer.json into.")
    Path out;

    @Option(names = "--digits-apart", description = "Never merge digits, so each digit is its own token "
            + "(as LLaMA does; helps a small model learn arithmetic).")
    boolean digitsApart;

    @Override
    public Integer call() throws Exception {
        OptionPaths.readableFile("--corpus", corpus);
        OptionPaths.writableDirectory("--out", out);
        String text = TokenizeCommand.strictUtf8(Files.readAllBytes(corpus), corpus.toString());
        BpeTokenizer tokenizer = BpeTrainer.train(text, vocabSize, SpecialTokens.ALL, digitsApart);
        TokenizerJson.save(tokenizer, out);
        System.out.println("wrote " + out.resolve(TokenizerJson.FILE) + " (" + tokenizer.vocabSize() + " ids)");
        return 0;
    }
}
