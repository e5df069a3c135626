package dev.score.rl.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.rl.task.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MathJsonlTest {

    private static final String MATH_LINE = """
            {"problem": "What is $1+1$?", "solution": "We add: $1+1=\\\\boxed{2}$.", "level": "Level 1", "type": "Algebra"}""";
    private static final String MATH500_LINE = """
            {"problem": "Simplify $\\\\frac{2}{4}$.", "solution": "Halve both: $\\\\boxed{\\\\frac{1}{2}}$.", \
            "answer": "\\\\frac12", "subject": "Prealgebra", "level": 2, "unique_id": "test/prealgebra/1.json"}""";

    @TempDir
    Path dir;

    @Test
    void readsMathAndMath500Lines() throws IOException {
        Path file = write(MATH_LINE + "\n\n  \n" + MATH500_LINE + "\n");
        List<Problem> problems = MathJsonl.load(file);
        assertEquals(2, problems.size());

        Problem math = problems.get(0);
        assertEquals("line 1", math.id());
        assertEquals(1, math.level());
        assertEquals("What is $1+1$?", math.statement());
        assertEquals("We add: $1+1=\\boxed{2}$.", math.solution());
        assertEquals("2", math.oracle());

        Problem math500 = problems.get(1);
        assertEquals("test/prealgebra/1.json", math500.id());
        assertEquals(2, math500.level());
        assertEquals("\\frac12", math500.oracle());
    }

    @Test
    void takesTheLastBoxWithNestedBracesAsTheOracle() throws IOException {
        Path file = write("""
                {"problem": "p", "solution": "First $\\\\boxed{1}$, then $\\\\boxed{\\\\frac{1}{\\\\sqrt{2}}}$.", "level": "Level 5"}
                """);
        assertEquals("\\frac{1}{\\sqrt{2}}", MathJsonl.load(file).getFirst().oracle());
    }

    @Test
    void acceptsWindowsLineEnds() throws IOException {
        assertEquals(2, MathJsonl.load(write(MATH_LINE + "\r\n" + MATH_LINE + "\r\n")).size());
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            not json at all                                                  | line 2: expected a JSON object, found text that is not JSON
            [1, 2]                                                           | line 2: expected a JSON object, found ARRAY
            {"problem": "p", "solution": "s \\\\boxed{1}"} trailing           | line 2: expected a JSON object, found text that is not JSON
            {"solution": "\\\\boxed{1}", "level": 1}                         | line 2: expected a non-empty string field "problem"
            {"problem": "p", "level": 1}                                     | line 2: expected a non-empty string field "solution"
            {"problem": "p", "solution": 3, "level": 1}                      | line 2: expected a non-empty string field "solution"
            {"problem": "p", "solution": "no box here", "level": 1}          | line 2: expected an "answer" field or a closed \\boxed{...} answer in "solution"
            {"problem": "p", "solution": "\\\\boxed{1", "level": 1}          | line 2: expected an "answer" field or a closed \\boxed{...} answer in "solution"
            {"problem": "p", "solution": "\\\\boxed{1}", "level": "Level ?"} | line 2: expected "level" to be "Level 1" .. "Level 5" or an integer 1..5 (or left out), found "Level ?"
            {"problem": "p", "solution": "\\\\boxed{1}", "level": 6}         | line 2: expected "level" to be "Level 1" .. "Level 5" or an integer 1..5 (or left out), found 6
            {"problem": "p", "solution": "\\\\boxed{1}", "level": 2.5}       | line 2: expected "level" to be "Level 1" .. "Level 5" or an integer 1..5 (or left out), found 2.5
            """)
    void rejectsABadLineNamingTheFileTheLineAndWhatWasExpected(String badLine, String message) throws IOException {
        Path file = write(MATH_LINE + "\n" + badLine + "\n" + MATH_LINE + "\n");
        MathDataException e = assertThrows(MathDataException.class, () -> MathJsonl.load(file));
        assertTrue(e.getMessage().startsWith(file + " " + message), e.getMessage());
    }

    @Test
    void aRecordWithoutALevelHasLevelZero() throws IOException {
        Path file = write("{\"problem\": \"What is 1 + 1?\", \"solution\": \"\\\\boxed{2}\"}\n");
        assertEquals(0, MathJsonl.load(file).get(0).level());
        assertEquals("2", MathJsonl.load(file).get(0).oracle());
    }

    @Test
    void rejectsInvalidUtf8OnItsLine() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        byte[] good = (MATH_LINE + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(good, good.length + 2);
        bytes[good.length] = (byte) 0xC3;
        bytes[good.length + 1] = (byte) '\n';
        Files.write(file, bytes);
        MathDataException e = assertThrows(MathDataException.class, () -> MathJsonl.load(file));
        assertEquals(file + " line 2: expected UTF-8 text, found invalid bytes", e.getMessage());
    }

    @Test
    void rejectsAFileWithoutProblems() throws IOException {
        Path file = write("\n   \n");
        MathDataException e = assertThrows(MathDataException.class, () -> MathJsonl.load(file));
        assertEquals(file + ": expected MATH problems, one JSON object a line, found none", e.getMessage());
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("math.jsonl"), text);
    }
}
