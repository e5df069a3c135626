package dev.score.cuda;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The host-side checks that stand between a bad index and a kernel writing outside its buffer. */
class ArgumentsTest {

    @Test
    void sizesAndIndicesAreCheckedAsTheCpuBackendsDo() {
        Arguments.requireFloats("x", 10, 10);
        assertThrows(IndexOutOfBoundsException.class, () -> Arguments.requireFloats("x", 10, 11));
        Arguments.checkIndices(new int[] {0, 4, 99}, 2, 5);
        assertThrows(IndexOutOfBoundsException.class, () -> Arguments.checkIndices(new int[] {0, 5}, 2, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> Arguments.checkIndices(new int[] {-1}, 1, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> Arguments.checkIndices(new int[] {0}, 2, 5));
    }

    @Test
    void negativeTargetsAreIgnoredAndOthersMustFit() {
        Arguments.checkTargets(new int[] {-1, 0, 6, -100}, 4, 7);
        assertThrows(IndexOutOfBoundsException.class, () -> Arguments.checkTargets(new int[] {-1, 7}, 2, 7));
    }

    @Test
    void cachedLengthsMustLeaveRoomForTheNewTokens() {
        Arguments.checkPastLengths(new int[] {0, 146}, 2, 4, 150);
        assertThrows(IndexOutOfBoundsException.class, () -> Arguments.checkPastLengths(new int[] {0, 147}, 2, 4, 150));
        assertThrows(IndexOutOfBoundsException.class, () -> Arguments.checkPastLengths(new int[] {-1}, 1, 1, 150));
    }

    @Test
    void hostCopiesStayInsideBothSides() {
        Arguments.checkHostCopy(5, 5, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> Arguments.checkHostCopy(5, 3, 4, 3));
        assertThrows(IllegalArgumentException.class, () -> Arguments.checkHostCopy(5, -1, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> Arguments.checkHostCopy(5, 0, 2, 3));
    }
}
