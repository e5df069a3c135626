package dev.score.rl.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.score.engine.Rng;
import java.math.BigInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The linear scans that replaced the answer checks' regular expressions give what the expressions gave:
 * on random short TeX (where the expressions are fast) the rewritten normalizer agrees with the one kept in
 * {@link RegexAnswerNormalizer}, and the near-miss answers with the BigInteger and pattern version.
 */
class LinearNormalizerAgreementTest {

    private static final String[] PIECES = {
        "\\text{", "\\text{ ", "\\textbf{", "\\te", "xt{", "\\mbox{", "}", "{", "\\}", "\\{", "\\\\", "\\",
        "cm", "apples", "m", "i", " ", "  ", "\t", "\r", "\n", "\u2028", "\u0085", "\u00A0", "^2", "^{3}", "^{2",
        "^", "2", "0", "7", "12", "3.5", ".5", "-", "+", "1/2", "/", "\\frac{1}{2}", "\\frac", "\\frac{1 2}{3}",
        "\\sqrt", "$", "=", "x", "1,000", ",", "{,}", ".", "%", "\\boxed{", "(A)", "(", ")", "E", "é"
    };

    @Test
    void normalizesAsTheRegularExpressionsDid() {
        Rng rng = new Rng(18);
        for (int i = 0; i < 40_000; i++) {
            String s = randomTex(rng);
            assertEquals(RegexAnswerNormalizer.removeRightUnits(s), AnswerNormalizer.removeRightUnits(s), s);
            assertEquals(RegexAnswerNormalizer.normalize(s), AnswerNormalizer.normalize(s), s);
        }
    }

    @Test
    void nearMissesAreTheOnesBigIntegerAndThePatternGave() {
        Rng pieces = new Rng(19);
        for (int i = 0; i < 5_000; i++) {
            String answer = randomTex(pieces);
            long seed = pieces.nextInt(1000);
            assertEquals(oldWrong(answer, new Rng(seed)), WrongAnswers.wrong(answer, new Rng(seed)), answer);
        }
        for (String number : new String[] {"0", "1", "3", "4", "9", "10", "100", "0099", "999", "1000", "007"}) {
            for (long seed = 0; seed < 30; seed++) {
                assertEquals(oldWrong(number, new Rng(seed)), WrongAnswers.wrong(number, new Rng(seed)), number);
            }
        }
    }

    // Endings shaped like the two unit patterns, so that their corner cases come up often.
    private static final String[] UNIT_ENDINGS = {
        " \\text{cm}", "\\text{ m s }", "\\text{km}^2", "\\text{km}^{3}", "\\text{a}^{2", "\\text{a}^4",
        "\\text{a1}", "\\text{}", " cm", " apples are red", " m", " ab c", " ab 7", "\t\rkm"
    };

    private static String randomTex(Rng rng) {
        StringBuilder text = new StringBuilder();
        for (int j = rng.nextInt(10); j > 0; j--) {
            text.append(PIECES[rng.nextInt(PIECES.length)]);
        }
        if (rng.nextInt(2) == 0) {
            text.append(UNIT_ENDINGS[rng.nextInt(UNIT_ENDINGS.length)]);
        }
        return text.toString();
    }

    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern CHOICE = Pattern.compile("(.*\\()([A-E])(\\).*)");

    /** {@code WrongAnswers.wrong} as it was, with BigInteger arithmetic and the choice pattern. */
    private static String oldWrong(String answer, Rng rng) {
        for (int i = 0; i < 8; i++) {
            String candidate = oldNearMiss(answer, rng);
            if (!MathAnswers.equivalent(candidate, answer)) {
                return candidate;
            }
        }
        return answer + "+1";
    }

    private static String oldNearMiss(String answer, Rng rng) {
        var digits = DIGITS.matcher(answer);
        if (digits.find()) {
            BigInteger value = new BigInteger(digits.group());
            BigInteger step = BigInteger.valueOf(1 + rng.nextInt(3));
            boolean down = rng.nextInt(2) == 0 && value.compareTo(step) > 0;
            BigInteger moved = down ? value.subtract(step) : value.add(step);
            return answer.substring(0, digits.start()) + moved + answer.substring(digits.end());
        }
        var choice = CHOICE.matcher(answer);
        if (choice.matches()) {
            char next = (char) ('A' + (choice.group(2).charAt(0) - 'A' + 1) % 5);
            return choice.group(1) + next + choice.group(3);
        }
        return answer + "+1";
    }
}
