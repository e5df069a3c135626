package dev.score.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.kernels.Backend.MatmulForm;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * From 6 rows on, the vector matmul takes one of three paths by row count (columns split across
 * threads with A read in place up to 192 rows, or packed once for the team up to 512; packed
 * panels split by rows beyond), and all add an output's products in the same order, one
 * accumulator per output. So a block of 6 or more rows multiplied alone must give the very bits it
 * gets inside a larger product, whichever path each took (the cases below cross all three). A B
 * packed beforehand ({@link Backend#pack}) goes through the same panels, so it must give the same
 * bits as B itself.
 */
class VectorMatmulPathsTest {

    private static final VectorBackend BACKEND = new VectorBackend(2);

    @AfterAll
    static void close() {
        BACKEND.close();
    }

    /** Rows {@code [from, to)} of {@code op(A)}, stored the way {@code form} stores A. */
    private static float[] rowsOfA(float[] a, MatmulForm form, int m, int k, int from, int to) {
        int rows = to - from;
        if (form != MatmulForm.AT_B) {
            return Arrays.copyOfRange(a, from * k, to * k);
        }
        // AT_B stores A as [K, M]: the slice is [K, rows].
        float[] slice = new float[k * rows];
        for (int p = 0; p < k; p++) {
            System.arraycopy(a, p * m + from, slice, p * rows, rows);
        }
        return slice;
    }

    private static float[] multiply(float[] a, float[] b, float[] initial, int m, int k, int n, MatmulForm form,
            boolean accumulate) {
        Storage out = BACKEND.fromArray(initial);
        BACKEND.matmul(out, BACKEND.fromArray(a), BACKEND.fromArray(b), m, k, n, form, accumulate);
        return BACKEND.toArray(out);
    }

    @Test
    void rowsMultipliedAloneEqualTheSameRowsOfALargerProductBitForBit() {
        RandomArrays random = new RandomArrays(11);
        int m = 700;
        for (MatmulForm form : MatmulForm.values()) {
            for (int[] kn : new int[][] {{256, 768}, {600, 70}, {2100, 40}}) {
                int k = kn[0];
                int n = kn[1];
                float[] a = random.uniform(m * k, -1, 1);
                float[] b = random.uniform(k * n, -0.1, 0.1);
                float[] initial = random.uniform(m * n, -1, 1);
                for (boolean accumulate : new boolean[] {false, true}) {
                    float[] whole = multiply(a, b, initial, m, k, n, form, accumulate);
                    for (int[] rows : new int[][] {{0, 64}, {64, 70}, {130, 137}, {200, 390}, {7, 19}, {100, 600}, {50, 650}}) {
                        int rowCount = rows[1] - rows[0];
                        float[] part = multiply(rowsOfA(a, form, m, k, rows[0], rows[1]), b,
                                Arrays.copyOfRange(initial, rows[0] * n, rows[1] * n), rowCount, k, n, form, accumulate);
                        assertArrayEquals(Arrays.copyOfRange(whole, rows[0] * n, rows[1] * n), part,
                                form + " K=" + k + " N=" + n + " rows " + rows[0] + ".." + rows[1]
                                        + (accumulate ? " accumulating" : ""));
                    }
                }
            }
        }
    }

    @Test
    void aPackedBGivesTheBitsOfBItselfFromSixRowsOn() {
        RandomArrays random = new RandomArrays(12);
        for (MatmulForm form : MatmulForm.values()) {
            for (int[] kn : new int[][] {{256, 768}, {600, 70}, {33, 1100}, {2100, 40}}) {
                int k = kn[0];
                int n = kn[1];
                float[] b = random.uniform(k * n, -0.1, 0.1);
                PackedMatrix packed = BACKEND.pack(BACKEND.fromArray(b), k, n, form);
                for (int m : new int[] {6, 7, 64, 192, 193, 400, 600}) {
                    float[] a = random.uniform(m * k, -1, 1);
                    float[] initial = random.uniform(m * n, -1, 1);
                    for (boolean accumulate : new boolean[] {false, true}) {
                        Storage out = BACKEND.fromArray(initial);
                        BACKEND.matmul(out, BACKEND.fromArray(a), packed, m, k, n, form, accumulate);
                        assertArrayEquals(multiply(a, b, initial, m, k, n, form, accumulate), BACKEND.toArray(out),
                                form + " M=" + m + " K=" + k + " N=" + n + (accumulate ? " accumulating" : ""));
                    }
                }
            }
        }
    }

    @Test
    void aRowMultipliedAloneByAPackedBIsThatRowOfALargerProductBitForBit() {
        RandomArrays random = new RandomArrays(13);
        for (MatmulForm form : MatmulForm.values()) {
            // Widths of whole four-panel groups, of groups and single panels, and of a part panel; and an
            // inner dimension of several KC blocks.
            for (int[] kn : new int[][] {{256, 768}, {600, 70}, {33, 1100}, {2100, 40}, {64, 161}}) {
                int k = kn[0];
                int n = kn[1];
                PackedMatrix packed = BACKEND.pack(BACKEND.fromArray(random.uniform(k * n, -0.1, 0.1)), k, n, form);
                for (int m : new int[] {6, 7, 64}) {
                    float[] a = random.uniform(m * k, -1, 1);
                    float[] initial = random.uniform(m * n, -1, 1);
                    for (boolean accumulate : new boolean[] {false, true}) {
                        Storage whole = BACKEND.fromArray(initial);
                        BACKEND.matmul(whole, BACKEND.fromArray(a), packed, m, k, n, form, accumulate);
                        for (int row : new int[] {0, m - 1}) {
                            Storage alone = BACKEND.fromArray(Arrays.copyOfRange(initial, row * n, (row + 1) * n));
                            BACKEND.matmul(alone, BACKEND.fromArray(rowsOfA(a, form, m, k, row, row + 1)), packed, 1, k,
                                    n, form, accumulate);
                            assertArrayEquals(Arrays.copyOfRange(BACKEND.toArray(whole), row * n, (row + 1) * n),
                                    BACKEND.toArray(alone), form + " K=" + k + " N=" + n + " row " + row + " of " + m
                                            + (accumulate ? " accumulating" : ""));
                        }
                    }
                }
            }
        }
    }

    @Test
    void aPackedMatrixIsASnapshotThatFitsOnlyItsOwnProducts() {
        RandomArrays random = new RandomArrays(13);
        int m = 8;
        int k = 40;
        int n = 50;
        float[] a = random.uniform(m * k, -1, 1);
        float[] b = random.uniform(k * n, -1, 1);
        Storage bStorage = BACKEND.fromArray(b);
        PackedMatrix packed = BACKEND.pack(bStorage, k, n, MatmulForm.A_B);
        BACKEND.fill(bStorage, 7f);
        Storage out = BACKEND.allocate(m * n);
        BACKEND.matmul(out, BACKEND.fromArray(a), packed, m, k, n, MatmulForm.A_B, false);
        assertArrayEquals(multiply(a, b, new float[m * n], m, k, n, MatmulForm.A_B, false), BACKEND.toArray(out));

        Storage sa = BACKEND.fromArray(a);
        IllegalArgumentException wrongForm = assertThrows(IllegalArgumentException.class,
                () -> BACKEND.matmul(out, sa, packed, m, k, n, MatmulForm.A_BT, false));
        assertTrue(wrongForm.getMessage().contains("packed as op(B)[40, 50] for A_B"), wrongForm.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BACKEND.matmul(out, sa, packed, m, k, n + 1, MatmulForm.A_B, false));
        IllegalArgumentException elsewhere = assertThrows(IllegalArgumentException.class, () -> BACKEND.toArray(packed));
        assertTrue(elsewhere.getMessage().contains("only be the B operand of matmul"), elsewhere.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BACKEND.pack(bStorage, k, n + 1, MatmulForm.A_B));
    }

    @Test
    void packingIntoAPackedMatrixGivesWhatAFreshPackGives() {
        RandomArrays random = new RandomArrays(14);
        for (Backend backend : new Backend[] {BACKEND, new ScalarBackend()}) {
            for (MatmulForm form : MatmulForm.values()) {
                // N = 70 leaves a part panel, K = 600 more than one block of inner steps.
                int m = 9;
                int k = 600;
                int n = 70;
                Storage b = backend.fromArray(random.uniform(k * n, -1, 1));
                PackedMatrix packed = backend.pack(b, k, n, form);
                float[] changed = random.uniform(k * n, -1, 1);
                Storage newB = backend.fromArray(changed);
                backend.packInto(packed, newB);
                float[] a = random.uniform(m * k, -1, 1);
                Storage repacked = backend.allocate(m * n);
                Storage fresh = backend.allocate(m * n);
                backend.matmul(repacked, backend.fromArray(a), packed, m, k, n, form, false);
                backend.matmul(fresh, backend.fromArray(a), backend.pack(newB, k, n, form), m, k, n, form, false);
                assertArrayEquals(backend.toArray(fresh), backend.toArray(repacked), backend.describe() + " " + form);
            }
        }
        PackedMatrix scalarPacked = new ScalarBackend().pack(BACKEND.allocate(4), 2, 2, MatmulForm.A_B);
        assertThrows(IllegalArgumentException.class, () -> BACKEND.packInto(scalarPacked, BACKEND.allocate(4)));
    }
}
