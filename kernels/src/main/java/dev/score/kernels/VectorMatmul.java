package dev.score.kernels;

import static dev.score.kernels.VectorMath.L;
import static dev.score.kernels.VectorMath.S;

import dev.score.kernels.Backend.MatmulForm;
import dev.score.kernels.ThreadScratch.Slot;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * Matrix multiplication on SIMD lanes, in the manner of BLIS: {@code out[M,N] (+)= op(A)·op(B)} is
 * cut into blocks of {@code KC} inner-dimension steps and {@code NC} columns; each block of B is
 * packed once into contiguous panels {@code NR} columns wide, each block of A into panels {@code MR}
 * rows tall, and a register-tiled micro-kernel multiplies one A panel by one B panel with
 * {@code MR × 2} vector accumulators. The three {@link MatmulForm}s differ only in how the packing
 * reads A and B (a transposing read goes through {@link VectorTranspose}). Up to
 * {@code COLUMN_SPLIT_ROWS} rows a path that splits the columns across threads instead takes over:
 * A is packed once for the whole team (or, up to {@code IN_PLACE_ROWS} rows stored [M,K], read in
 * place six rows at a time, since packing would then cost a good part of the product), and each
 * thread packs only the B panels it owns, each one then serving every row; fewer than
 * {@code MR_IN_PLACE} rows take plain vector loops.
 * From {@code MR_IN_PLACE} rows on, every path adds the products of one output in the same order
 * (each output has its own accumulator, whatever the tile's shape), so a row's result does not
 * depend on how many other rows were multiplied with it.
 *
 * <p>B may also come packed whole beforehand ({@link #pack}, for weights that many products share):
 * the same panels, so the same bits, without the packing.
 */
final class VectorMatmul {

    /**
     * Rows of the register tile of packed A panels: 24 accumulators, two B vectors and a broadcast
     * take 27 of AVX-512's 32 registers, and each step's 24 FMAs share 14 loads (6 rows: 12 FMAs to
     * 8 loads; 12 rows gave about a tenth more GFLOP/s on one thread).
     */
    private static final int MR = 12;
    /** Rows of the register tile that reads A in place: six row offsets fit the integer registers with the loop's. */
    private static final int MR_IN_PLACE = 6;
    /** Panels the one-row kernel multiplies together: eight accumulators, so eight FMAs in flight. */
    private static final int ONE_ROW_PANELS = 4;
    /**
     * The work a one-row panel is counted as when the loop decides how many threads to wake, per
     * multiply-add: reading the packed weights, not the arithmetic, is what such a product costs.
     */
    private static final int ONE_ROW_WORK = 6;
    /** Columns of the register tile: two vectors. */
    private static final int NR = 2 * L;
    /**
     * Inner-dimension steps per block: every product of the models here (K ≤ 1024) runs in one pass,
     * so each output tile is read and written once, not once per block. A B panel (KC × NR) then
     * outgrows L1 and streams from L2, which costs less: against 256, 1024 ran 9–28 % faster at
     * 2048×1024·1024×256 (A·B and A·Bᵀ), 1024³, 4096×768·768×3072 and a decoding step's
     * 64×1024·1024×256, and no slower elsewhere (medians of 25 rounds alternating in one JVM).
     */
    private static final int KC = 1024;
    /**
     * Columns per block: each packed A panel serves up to NC / NR B panels. At KC = 1024 the packed B
     * block (4 MiB) no longer fits L2, yet 256 columns (1 MiB) ran 6–12 % slower at 1024³ and
     * 4096×768·768×3072.
     */
    private static final int NC = NR * Math.max(1, 1024 / NR);
    /** Steps of A stored [K,M] packed together, panel after panel: fewer than the 12 ways of an L1 set. */
    private static final int STEP_GROUP = 8;
    /** Rows of A packed at a time by one thread. */
    private static final int MC = MR * 8;
    /**
     * Up to this many rows, A stored [M,K] is read in place: decoding's products (64 rows) ran 7–20 %
     * faster so than with A packed and the 12-row tile.
     */
    private static final int IN_PLACE_ROWS = 2 * MC;
    /**
     * Up to this many rows the columns are split across threads: the packed path splits the rows, and
     * with a few row tiles per thread each B panel served only those before the next one was fetched.
     * Split by columns, 256×768·768×2304 ran 17 % faster, 256×2048ᵀ·2048×768 21 %, 512×768·768×2304
     * 17 %; from 768 rows on the two were within a few percent (medians of 26 rounds alternating in
     * one JVM).
     */
    private static final int COLUMN_SPLIT_ROWS = 512;

    private final ParallelLoops loops;

    VectorMatmul(ParallelLoops loops) {
        this.loops = loops;
    }

    /**
     * The strides of one operand: element {@code (row, col)} of {@code op(X)} is at
     * {@code x[row * rowStride + col * colStride]}.
     */
    private record Layout(int rowStride, int colStride) {
    }

    /**
     * {@code op(B)} packed whole, {@code k × n}: the panels of {@link #packB} for each block of KC
     * inner-dimension steps in turn, block {@code pc}'s panel {@code q} at {@code pc·paddedN + q·kc·NR}.
     */
    record PackedPanels(float[] panels, int k, int n, MatmulForm form) implements PackedMatrix {
        /** Columns rounded up to whole panels: the floats per inner-dimension step. */
        int paddedN() {
            return (n + NR - 1) / NR * NR;
        }

        /** Where block {@code pc}'s panel {@code q} starts, {@code kc} being that block's steps. */
        int panelAt(int pc, int kc, int q) {
            return pc * paddedN() + q * kc * NR;
        }
    }

    /** {@code b} (as {@code form} stores B) packed whole, for {@link #multiply(float[], float[], PackedPanels, int, boolean)}. */
    PackedPanels pack(float[] b, int k, int n, MatmulForm form) {
        PackedPanels packed = new PackedPanels(new float[k * ((n + NR - 1) / NR) * NR], k, n, form);
        packInto(packed, b);
        return packed;
    }

    /** {@code b} packed over {@code packed}'s panels, for its {@code k}, {@code n} and form. */
    void packInto(PackedPanels packed, float[] b) {
        int k = packed.k();
        int n = packed.n();
        Layout bLayout = bLayout(packed.form(), k, n);
        int panels = (n + NR - 1) / NR;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            int blockInner = pc;
            loops.forRange(panels, (long) kc * NR, (from, to) ->
                    packB(b, bLayout, blockInner, kc, 0, n, from, to, packed.panels(), packed.panelAt(blockInner, kc, 0)));
        }
    }

    /** op(A) is [M,K]: stored [M,K], or [K,M] for AT_B. */
    private static Layout aLayout(MatmulForm form, int m, int k) {
        return form == MatmulForm.AT_B ? new Layout(1, m) : new Layout(k, 1);
    }

    /** op(B) is [K,N]: stored [K,N], or [N,K] for A_BT. */
    private static Layout bLayout(MatmulForm form, int k, int n) {
        return form == MatmulForm.A_BT ? new Layout(1, k) : new Layout(n, 1);
    }

    void multiply(float[] out, float[] a, float[] b, int m, int k, int n, MatmulForm form, boolean accumulate) {
        Layout aLayout = aLayout(form, m, k);
        Layout bLayout = bLayout(form, k, n);
        if (isEmpty(out, m, k, n, accumulate)) {
            return;
        }
        if (m < MR_IN_PLACE) {
            if (form == MatmulForm.A_BT) {
                multiplyFewRowsByRows(out, a, aLayout, b, m, k, n, accumulate);
            } else {
                multiplyFewRowsByColumns(out, a, aLayout, b, m, k, n, accumulate);
            }
            return;
        }
        if (m <= COLUMN_SPLIT_ROWS) {
            multiplyByColumnPanels(out, a, aLayout, b, bLayout, null, m, k, n, accumulate);
            return;
        }
        multiplyPacked(out, a, aLayout, b, bLayout, null, m, k, n, accumulate);
    }

    /**
     * {@link #multiply} with B packed beforehand. Fewer than MR_IN_PLACE rows also take the column
     * panels (the tile kernel reads the last row again for the missing ones), so their sums are added
     * in another order than {@code multiply}'s plain loops add them.
     */
    void multiply(float[] out, float[] a, PackedPanels b, int m, boolean accumulate) {
        int k = b.k();
        int n = b.n();
        Layout aLayout = aLayout(b.form(), m, k);
        if (isEmpty(out, m, k, n, accumulate)) {
            return;
        }
        if (m <= COLUMN_SPLIT_ROWS) {
            multiplyByColumnPanels(out, a, aLayout, null, null, b, m, k, n, accumulate);
        } else {
            multiplyPacked(out, a, aLayout, null, null, b, m, k, n, accumulate);
        }
    }

    /** Whether the product has no terms: then it is done here (zeroing {@code out} unless accumulating). */
    private static boolean isEmpty(float[] out, int m, int k, int n, boolean accumulate) {
        if (m == 0 || n == 0) {
            return true;
        }
        if (k == 0) {
            if (!accumulate) {
                Arrays.fill(out, 0, m * n, 0f);
            }
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------
    // The packed path

    /** B comes either stored ({@code b}, {@code bLayout}) or packed beforehand ({@code prepacked}); the other is null. */
    private void multiplyPacked(float[] out, float[] a, Layout aLayout, float[] b, Layout bLayout,
            PackedPanels prepacked, int m, int k, int n, boolean accumulate) {
        int rowTiles = (m + MR - 1) / MR;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int panels = (nc + NR - 1) / NR;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                // The first pass over the inner dimension overwrites unless the caller accumulates.
                boolean overwrite = pc == 0 && !accumulate;
                int blockColumn = jc;
                int blockInner = pc;
                float[] packedB;
                int blockAt;
                if (prepacked == null) {
                    packedB = ThreadScratch.get(Slot.MATMUL_PACKED_B, panels * kc * NR);
                    blockAt = 0;
                    loops.forRange(panels, (long) kc * NR, (from, to) ->
                            packB(b, bLayout, blockInner, kc, blockColumn, nc, from, to, packedB, 0));
                } else {
                    packedB = prepacked.panels();
                    blockAt = prepacked.panelAt(pc, kc, jc / NR);
                }
                loops.forRange(rowTiles, (long) MR * kc * nc, (from, to) -> multiplyRowTiles(out, a, aLayout,
                        packedB, blockAt, m, n, from * MR, Math.min(m, to * MR), blockInner, kc, blockColumn, nc,
                        overwrite));
            }
        }
    }

    /**
     * Rows {@code [i0, i1)} of the output block at columns {@code [jc, jc + nc)}, against the packed B
     * block at {@code packedB[blockAt]}.
     */
    private static void multiplyRowTiles(float[] out, float[] a, Layout aLayout, float[] packedB, int blockAt,
            int m, int n, int i0, int i1, int pc, int kc, int jc, int nc, boolean overwrite) {
        float[] packedA = ThreadScratch.get(Slot.MATMUL_PACKED_A, MC * kc);
        float[] tile = ThreadScratch.get(Slot.MATMUL_TILE, MR * NR);
        for (int ic = i0; ic < i1; ic += MC) {
            int mc = Math.min(MC, i1 - ic);
            packA(a, aLayout, ic, mc, pc, kc, packedA, 0);
            for (int jr = 0; jr < nc; jr += NR) {
                int cols = Math.min(NR, nc - jr);
                int bPanel = blockAt + (jr / NR) * kc * NR;
                for (int ir = 0; ir < mc; ir += MR) {
                    kernel(packedA, (ir / MR) * kc * MR, packedB, bPanel, kc, out, (ic + ir) * n + jc + jr, n,
                            Math.min(MR, mc - ir), cols, overwrite, tile);
                }
            }
        }
    }

    /**
     * Packs {@code op(A)[i0 : i0+rows, p0 : p0+kc]} as panels of MR rows: panel {@code r} holds
     * {@code (kc, MR)} at {@code r*kc*MR}, element {@code (p, ii)} at {@code r*kc*MR + p*MR + ii}.
     * Rows past {@code rows} are zero, so the micro-kernel never needs a row tail.
     */
    private static void packA(float[] a, Layout layout, int i0, int rows, int p0, int kc, float[] packed, int at) {
        int rs = layout.rowStride();
        int cs = layout.colStride();
        if (cs == 1) {
            // A stored [M,K]: each row is contiguous along p.
            for (int r0 = 0; r0 < rows; r0 += MR) {
                VectorTranspose.rows(a, (i0 + r0) * rs + p0, rs, Math.min(MR, rows - r0), kc, packed,
                        at + (r0 / MR) * kc * MR, MR);
            }
            return;
        }
        // A stored [K,M]: the rows of one step p are contiguous. Steps go in groups of STEP_GROUP, panel
        // after panel within a group, so that the group's lines of A stay in L1 for all the panels and
        // each panel is written STEP_GROUP steps at a time (step by step over all panels, the writes
        // went to as many places as there are panels; panel by panel over all steps, a step's line was
        // reloaded for each panel, steps sitting M floats apart, a multiple of 4 KiB at M = 1024, in
        // the same few L1 sets). Masked vectors copy a panel's MR floats of a step, zero past the
        // valid rows.
        for (int g = 0; g < kc; g += STEP_GROUP) {
            int groupEnd = Math.min(kc, g + STEP_GROUP);
            for (int r0 = 0; r0 < rows; r0 += MR) {
                int valid = Math.min(MR, rows - r0);
                int panel = at + (r0 / MR) * kc * MR;
                for (int p = g; p < groupEnd; p++) {
                    int src = (p0 + p) * cs + i0 + r0;
                    for (int ii = 0; ii < MR; ii += L) {
                        FloatVector.fromArray(S, a, src + ii, S.indexInRange(ii, valid))
                                .intoArray(packed, panel + p * MR + ii, S.indexInRange(ii, MR));
                    }
                }
            }
        }
    }

    /**
     * Packs panels {@code [panelFrom, panelTo)} of {@code op(B)[p0 : p0+kc, j0 : j0+nc]}: panel {@code q}
     * holds {@code (kc, NR)} at {@code at + q*kc*NR}, element {@code (p, jj)} at {@code at + q*kc*NR + p*NR + jj}.
     * Columns past {@code nc} are zero, so the micro-kernel's loads never need masks.
     */
    private static void packB(float[] b, Layout layout, int p0, int kc, int j0, int nc, int panelFrom, int panelTo,
            float[] packed, int at) {
        int rs = layout.rowStride();
        int cs = layout.colStride();
        for (int q = panelFrom; q < panelTo; q++) {
            int panel = at + q * kc * NR;
            int valid = Math.min(NR, nc - q * NR);
            int col = j0 + q * NR;
            if (cs == 1) {
                // B stored [K,N]: the NR columns of one step p are contiguous.
                VectorMask<Float> m0 = S.indexInRange(0, valid);
                VectorMask<Float> m1 = S.indexInRange(L, valid);
                for (int p = 0; p < kc; p++) {
                    int src = (p0 + p) * rs + col;
                    int dst = panel + p * NR;
                    if (valid == NR) {
                        FloatVector.fromArray(S, b, src).intoArray(packed, dst);
                        FloatVector.fromArray(S, b, src + L).intoArray(packed, dst + L);
                    } else {
                        FloatVector.fromArray(S, b, src, m0).intoArray(packed, dst);
                        FloatVector.fromArray(S, b, src + L, m1).intoArray(packed, dst + L);
                    }
                }
            } else {
                // B stored [N,K]: each column of op(B) is a contiguous row of the stored matrix.
                VectorTranspose.rows(b, col * cs + p0, cs, valid, kc, packed, panel, NR);
            }
        }
    }

    /**
     * {@code out[MR, NR] (+)= Apanel · Bpanel} over {@code kc} steps, for the top-left {@code rows × cols}
     * of the tile at {@code out[o]} (row stride {@code ldo}). The A panel is packed, (kc, MR) at
     * {@code ap[aOffset]}, and so is the B panel, (kc, NR) at {@code b[bOffset]}. Twenty-four
     * accumulators: row r, vector v is {@code cR_V}. {@code tile} is (MR, NR) scratch for edge tiles.
     */
    private static void kernel(float[] ap, int aOffset, float[] b, int bOffset, int kc,
            float[] out, int o, int ldo, int rows, int cols, boolean overwrite, float[] tile) {
        FloatVector c0_0 = FloatVector.zero(S);
        FloatVector c0_1 = FloatVector.zero(S);
        FloatVector c1_0 = FloatVector.zero(S);
        FloatVector c1_1 = FloatVector.zero(S);
        FloatVector c2_0 = FloatVector.zero(S);
        FloatVector c2_1 = FloatVector.zero(S);
        FloatVector c3_0 = FloatVector.zero(S);
        FloatVector c3_1 = FloatVector.zero(S);
        FloatVector c4_0 = FloatVector.zero(S);
        FloatVector c4_1 = FloatVector.zero(S);
        FloatVector c5_0 = FloatVector.zero(S);
        FloatVector c5_1 = FloatVector.zero(S);
        FloatVector c6_0 = FloatVector.zero(S);
        FloatVector c6_1 = FloatVector.zero(S);
        FloatVector c7_0 = FloatVector.zero(S);
        FloatVector c7_1 = FloatVector.zero(S);
        FloatVector c8_0 = FloatVector.zero(S);
        FloatVector c8_1 = FloatVector.zero(S);
        FloatVector c9_0 = FloatVector.zero(S);
        FloatVector c9_1 = FloatVector.zero(S);
        FloatVector c10_0 = FloatVector.zero(S);
        FloatVector c10_1 = FloatVector.zero(S);
        FloatVector c11_0 = FloatVector.zero(S);
        FloatVector c11_1 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = aOffset + p * MR;
            int bi = bOffset + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x = FloatVector.broadcast(S, ap[ai]);
            c0_0 = x.fma(b0, c0_0);
            c0_1 = x.fma(b1, c0_1);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c1_0 = x.fma(b0, c1_0);
            c1_1 = x.fma(b1, c1_1);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c2_0 = x.fma(b0, c2_0);
            c2_1 = x.fma(b1, c2_1);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c3_0 = x.fma(b0, c3_0);
            c3_1 = x.fma(b1, c3_1);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c4_0 = x.fma(b0, c4_0);
            c4_1 = x.fma(b1, c4_1);
            x = FloatVector.broadcast(S, ap[ai + 5]);
            c5_0 = x.fma(b0, c5_0);
            c5_1 = x.fma(b1, c5_1);
            x = FloatVector.broadcast(S, ap[ai + 6]);
            c6_0 = x.fma(b0, c6_0);
            c6_1 = x.fma(b1, c6_1);
            x = FloatVector.broadcast(S, ap[ai + 7]);
            c7_0 = x.fma(b0, c7_0);
            c7_1 = x.fma(b1, c7_1);
            x = FloatVector.broadcast(S, ap[ai + 8]);
            c8_0 = x.fma(b0, c8_0);
            c8_1 = x.fma(b1, c8_1);
            x = FloatVector.broadcast(S, ap[ai + 9]);
            c9_0 = x.fma(b0, c9_0);
            c9_1 = x.fma(b1, c9_1);
            x = FloatVector.broadcast(S, ap[ai + 10]);
            c10_0 = x.fma(b0, c10_0);
            c10_1 = x.fma(b1, c10_1);
            x = FloatVector.broadcast(S, ap[ai + 11]);
            c11_0 = x.fma(b0, c11_0);
            c11_1 = x.fma(b1, c11_1);
        }
        if (rows == MR && cols == NR) {
            if (!overwrite) {
                c0_0 = c0_0.add(FloatVector.fromArray(S, out, o));
                c0_1 = c0_1.add(FloatVector.fromArray(S, out, o + L));
                c1_0 = c1_0.add(FloatVector.fromArray(S, out, o + ldo));
                c1_1 = c1_1.add(FloatVector.fromArray(S, out, o + ldo + L));
                c2_0 = c2_0.add(FloatVector.fromArray(S, out, o + 2 * ldo));
                c2_1 = c2_1.add(FloatVector.fromArray(S, out, o + 2 * ldo + L));
                c3_0 = c3_0.add(FloatVector.fromArray(S, out, o + 3 * ldo));
                c3_1 = c3_1.add(FloatVector.fromArray(S, out, o + 3 * ldo + L));
                c4_0 = c4_0.add(FloatVector.fromArray(S, out, o + 4 * ldo));
                c4_1 = c4_1.add(FloatVector.fromArray(S, out, o + 4 * ldo + L));
                c5_0 = c5_0.add(FloatVector.fromArray(S, out, o + 5 * ldo));
                c5_1 = c5_1.add(FloatVector.fromArray(S, out, o + 5 * ldo + L));
                c6_0 = c6_0.add(FloatVector.fromArray(S, out, o + 6 * ldo));
                c6_1 = c6_1.add(FloatVector.fromArray(S, out, o + 6 * ldo + L));
                c7_0 = c7_0.add(FloatVector.fromArray(S, out, o + 7 * ldo));
                c7_1 = c7_1.add(FloatVector.fromArray(S, out, o + 7 * ldo + L));
                c8_0 = c8_0.add(FloatVector.fromArray(S, out, o + 8 * ldo));
                c8_1 = c8_1.add(FloatVector.fromArray(S, out, o + 8 * ldo + L));
                c9_0 = c9_0.add(FloatVector.fromArray(S, out, o + 9 * ldo));
                c9_1 = c9_1.add(FloatVector.fromArray(S, out, o + 9 * ldo + L));
                c10_0 = c10_0.add(FloatVector.fromArray(S, out, o + 10 * ldo));
                c10_1 = c10_1.add(FloatVector.fromArray(S, out, o + 10 * ldo + L));
                c11_0 = c11_0.add(FloatVector.fromArray(S, out, o + 11 * ldo));
                c11_1 = c11_1.add(FloatVector.fromArray(S, out, o + 11 * ldo + L));
            }
            c0_0.intoArray(out, o);
            c0_1.intoArray(out, o + L);
            c1_0.intoArray(out, o + ldo);
            c1_1.intoArray(out, o + ldo + L);
            c2_0.intoArray(out, o + 2 * ldo);
            c2_1.intoArray(out, o + 2 * ldo + L);
            c3_0.intoArray(out, o + 3 * ldo);
            c3_1.intoArray(out, o + 3 * ldo + L);
            c4_0.intoArray(out, o + 4 * ldo);
            c4_1.intoArray(out, o + 4 * ldo + L);
            c5_0.intoArray(out, o + 5 * ldo);
            c5_1.intoArray(out, o + 5 * ldo + L);
            c6_0.intoArray(out, o + 6 * ldo);
            c6_1.intoArray(out, o + 6 * ldo + L);
            c7_0.intoArray(out, o + 7 * ldo);
            c7_1.intoArray(out, o + 7 * ldo + L);
            c8_0.intoArray(out, o + 8 * ldo);
            c8_1.intoArray(out, o + 8 * ldo + L);
            c9_0.intoArray(out, o + 9 * ldo);
            c9_1.intoArray(out, o + 9 * ldo + L);
            c10_0.intoArray(out, o + 10 * ldo);
            c10_1.intoArray(out, o + 10 * ldo + L);
            c11_0.intoArray(out, o + 11 * ldo);
            c11_1.intoArray(out, o + 11 * ldo + L);
            return;
        }
        // An edge tile goes through the (MR, NR) scratch tile. Vectors are never handed to another
        // method: C2 may not inline it into this large one, and would then box every accumulator.
        c0_0.intoArray(tile, 0);
        c0_1.intoArray(tile, L);
        c1_0.intoArray(tile, NR);
        c1_1.intoArray(tile, NR + L);
        c2_0.intoArray(tile, 2 * NR);
        c2_1.intoArray(tile, 2 * NR + L);
        c3_0.intoArray(tile, 3 * NR);
        c3_1.intoArray(tile, 3 * NR + L);
        c4_0.intoArray(tile, 4 * NR);
        c4_1.intoArray(tile, 4 * NR + L);
        c5_0.intoArray(tile, 5 * NR);
        c5_1.intoArray(tile, 5 * NR + L);
        c6_0.intoArray(tile, 6 * NR);
        c6_1.intoArray(tile, 6 * NR + L);
        c7_0.intoArray(tile, 7 * NR);
        c7_1.intoArray(tile, 7 * NR + L);
        c8_0.intoArray(tile, 8 * NR);
        c8_1.intoArray(tile, 8 * NR + L);
        c9_0.intoArray(tile, 9 * NR);
        c9_1.intoArray(tile, 9 * NR + L);
        c10_0.intoArray(tile, 10 * NR);
        c10_1.intoArray(tile, 10 * NR + L);
        c11_0.intoArray(tile, 11 * NR);
        c11_1.intoArray(tile, 11 * NR + L);
        addTile(tile, out, o, ldo, rows, cols, overwrite);
    }

    /**
     * {@link #kernel} with A read in place, stored [M,K]: row r of the panel is the {@code kc} floats
     * at {@code a[aOffset + r·lda]}. Rows past {@code rows} reread the last valid one, so A is never
     * read past its end. Used for a few row tiles, where each thread would otherwise pack all of A
     * for only the few B panels it owns (a 64×1024·1024×256 product ran at 105 GFLOP/s so, 185 in
     * place); with many rows a packed A is reused over a whole block of B and keeps one pointer.
     */
    private static void kernelRowsInPlace(float[] a, int aOffset, int lda, float[] b, int bOffset, int kc,
            float[] out, int o, int ldo, int rows, int cols, boolean overwrite, float[] tile) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        int last = rows - 1;
        int a0 = aOffset;
        int a1 = aOffset + Math.min(1, last) * lda;
        int a2 = aOffset + Math.min(2, last) * lda;
        int a3 = aOffset + Math.min(3, last) * lda;
        int a4 = aOffset + Math.min(4, last) * lda;
        int a5 = aOffset + Math.min(5, last) * lda;
        for (int p = 0; p < kc; p++) {
            int bi = bOffset + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[a5 + p]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        // A whole tile that overwrites goes straight to out; any other through the scratch tile.
        boolean direct = overwrite && rows == MR_IN_PLACE && cols == NR;
        float[] dst = direct ? out : tile;
        int d = direct ? o : 0;
        int ld = direct ? ldo : NR;
        c00.intoArray(dst, d);
        c01.intoArray(dst, d + L);
        c10.intoArray(dst, d + ld);
        c11.intoArray(dst, d + ld + L);
        c20.intoArray(dst, d + 2 * ld);
        c21.intoArray(dst, d + 2 * ld + L);
        c30.intoArray(dst, d + 3 * ld);
        c31.intoArray(dst, d + 3 * ld + L);
        c40.intoArray(dst, d + 4 * ld);
        c41.intoArray(dst, d + 4 * ld + L);
        c50.intoArray(dst, d + 5 * ld);
        c51.intoArray(dst, d + 5 * ld + L);
        if (!direct) {
            addTile(tile, out, o, ldo, rows, cols, overwrite);
        }
    }

    /**
     * {@code out[o .. o + cols) (+)= a[aOffset .. aOffset + kc) · B} over four consecutive packed panels
     * ({@code 4·NR} columns, {@code cols} of them valid) at {@code b[bOffset]}, each (kc, NR): one row
     * of A, as a batch-1 decoding step multiplies. The tile kernels would compute six rows for it (the
     * missing ones rereading the first), six FMAs per loaded vector where one is needed; here eight
     * accumulators over four panels keep the FMA pipeline full. Each output is summed as the tile
     * kernels sum it (FMAs in order of p from zero, then added to {@code out}), so a row's result is the
     * same, bit for bit, whether it was multiplied alone or with others.
     */
    private static void kernelOneRowFourPanels(float[] a, int aOffset, float[] b, int bOffset, int kc, float[] out,
            int o, int cols, boolean overwrite) {
        int stride = kc * NR;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector x = FloatVector.broadcast(S, a[aOffset + p]);
            int bi = bOffset + p * NR;
            c00 = x.fma(FloatVector.fromArray(S, b, bi), c00);
            c01 = x.fma(FloatVector.fromArray(S, b, bi + L), c01);
            c10 = x.fma(FloatVector.fromArray(S, b, bi + stride), c10);
            c11 = x.fma(FloatVector.fromArray(S, b, bi + stride + L), c11);
            c20 = x.fma(FloatVector.fromArray(S, b, bi + 2 * stride), c20);
            c21 = x.fma(FloatVector.fromArray(S, b, bi + 2 * stride + L), c21);
            c30 = x.fma(FloatVector.fromArray(S, b, bi + 3 * stride), c30);
            c31 = x.fma(FloatVector.fromArray(S, b, bi + 3 * stride + L), c31);
        }
        storeRow(c00, out, o, cols, overwrite);
        storeRow(c01, out, o + L, cols - L, overwrite);
        storeRow(c10, out, o + NR, cols - NR, overwrite);
        storeRow(c11, out, o + NR + L, cols - NR - L, overwrite);
        storeRow(c20, out, o + 2 * NR, cols - 2 * NR, overwrite);
        storeRow(c21, out, o + 2 * NR + L, cols - 2 * NR - L, overwrite);
        storeRow(c30, out, o + 3 * NR, cols - 3 * NR, overwrite);
        storeRow(c31, out, o + 3 * NR + L, cols - 3 * NR - L, overwrite);
    }

    /** {@link #kernelOneRowFourPanels} over one panel ({@code NR} columns, {@code cols} of them valid). */
    private static void kernelOneRowOnePanel(float[] a, int aOffset, float[] b, int bOffset, int kc, float[] out,
            int o, int cols, boolean overwrite) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector x = FloatVector.broadcast(S, a[aOffset + p]);
            int bi = bOffset + p * NR;
            c0 = x.fma(FloatVector.fromArray(S, b, bi), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, bi + L), c1);
        }
        storeRow(c0, out, o, cols, overwrite);
        storeRow(c1, out, o + L, cols - L, overwrite);
    }

    /** The first {@code valid} lanes (all of them from L on, none from 0 down) of {@code sum} written or added at {@code out[o]}. */
    private static void storeRow(FloatVector sum, float[] out, int o, int valid, boolean overwrite) {
        if (valid >= L) {
            (overwrite ? sum : sum.add(FloatVector.fromArray(S, out, o))).intoArray(out, o);
        } else if (valid > 0) {
            VectorMask<Float> mask = S.indexInRange(0, valid);
            (overwrite ? sum : sum.add(FloatVector.fromArray(S, out, o, mask))).intoArray(out, o, mask);
        }
    }

    /** {@code out[o + r·ldo + j] (+)= tile[r·NR + j]} for {@code r < rows}, {@code j < cols}. */
    private static void addTile(float[] tile, float[] out, int o, int ldo, int rows, int cols, boolean overwrite) {
        for (int r = 0; r < rows; r++) {
            int row = o + r * ldo;
            for (int j = 0; j < cols; j += L) {
                FloatVector sum = FloatVector.fromArray(S, tile, r * NR + j);
                if (j + L <= cols) {
                    (overwrite ? sum : sum.add(FloatVector.fromArray(S, out, row + j))).intoArray(out, row + j);
                } else {
                    VectorMask<Float> mask = S.indexInRange(j, cols);
                    (overwrite ? sum : sum.add(FloatVector.fromArray(S, out, row + j, mask))).intoArray(out, row + j, mask);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // A few row tiles: columns split across threads

    /**
     * Each thread takes whole panels of NR output columns and runs every row tile against a panel
     * while it sits in L1 or L2, one KC block of the inner dimension per round of the team. A is read
     * in place when stored [M,K] and short ({@code IN_PLACE_ROWS}); otherwise the team first packs
     * the block of A into one buffer they share. Each B panel is packed by the thread that uses it
     * into one contiguous (KC, NR) block: read in place, its rows sat a multiple of 1 KiB apart and
     * fell into a few L1 sets (64×256×768 ran at 169 GFLOP/s so, 204 packed).
     */
    private void multiplyByColumnPanels(float[] out, float[] a, Layout aLayout, float[] b, Layout bLayout,
            PackedPanels prepacked, int m, int k, int n, boolean accumulate) {
        int panels = (n + NR - 1) / NR;
        boolean aInPlace = aLayout.colStride() == 1 && m <= IN_PLACE_ROWS;
        int tileRows = aInPlace ? MR_IN_PLACE : MR;
        int rowTiles = (m + tileRows - 1) / tileRows;
        int lda = aLayout.rowStride();
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            int blockInner = pc;
            // The first pass over the inner dimension overwrites unless the caller accumulates.
            boolean overwrite = pc == 0 && !accumulate;
            // This block of A packed by the team into one buffer they share: row panel r at r·kc·MR.
            float[] packedA = aInPlace ? null : ThreadScratch.get(Slot.MATMUL_PACKED_A, rowTiles * MR * kc);
            if (!aInPlace) {
                loops.forRange(rowTiles, (long) MR * kc, (from, to) -> packA(a, aLayout, from * MR,
                        Math.min(m, to * MR) - from * MR, blockInner, kc, packedA, from * kc * MR));
            }
            if (m == 1 && aInPlace && prepacked != null) {
                loops.forRange(panels, (long) ONE_ROW_WORK * kc * NR, (from, to) -> {
                    int q = from;
                    for (; q + ONE_ROW_PANELS <= to; q += ONE_ROW_PANELS) {
                        kernelOneRowFourPanels(a, blockInner, prepacked.panels(), prepacked.panelAt(blockInner, kc, q),
                                kc, out, q * NR, Math.min(ONE_ROW_PANELS * NR, n - q * NR), overwrite);
                    }
                    for (; q < to; q++) {
                        kernelOneRowOnePanel(a, blockInner, prepacked.panels(), prepacked.panelAt(blockInner, kc, q),
                                kc, out, q * NR, Math.min(NR, n - q * NR), overwrite);
                    }
                });
                continue;
            }
            loops.forRange(panels, (long) m * kc * NR, (from, to) -> {
                float[] scratchB = prepacked == null ? ThreadScratch.get(Slot.MATMUL_PACKED_B, kc * NR) : null;
                float[] tile = ThreadScratch.get(Slot.MATMUL_TILE, MR * NR);
                for (int q = from; q < to; q++) {
                    int col = q * NR;
                    int cols = Math.min(NR, n - col);
                    float[] packedB = scratchB;
                    int panelAt = 0;
                    if (prepacked == null) {
                        packB(b, bLayout, blockInner, kc, col, cols, 0, 1, scratchB, 0);
                    } else {
                        packedB = prepacked.panels();
                        panelAt = prepacked.panelAt(blockInner, kc, q);
                    }
                    for (int tileRow = 0; tileRow < rowTiles; tileRow++) {
                        int i = tileRow * tileRows;
                        int rows = Math.min(tileRows, m - i);
                        if (aInPlace) {
                            kernelRowsInPlace(a, i * lda + blockInner, lda, packedB, panelAt, kc, out, i * n + col, n,
                                    rows, cols, overwrite, tile);
                        } else {
                            kernel(packedA, tileRow * kc * MR, packedB, panelAt, kc, out, i * n + col, n, rows, cols,
                                    overwrite, tile);
                        }
                    }
                }
            });
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Fewer than MR_IN_PLACE rows: no packing

    /** Columns handled together by one thread on the few-rows paths: a multiple of the lane count. */
    private static final int COLUMN_GRAIN = 4 * L;

    /**
     * {@code out[i, :] (+)= Σ_p op(A)[i, p] · B[p, :]} with B stored [K,N]: each step adds a scaled row
     * of B, four vectors of columns at a time, split by columns across threads.
     */
    private void multiplyFewRowsByColumns(float[] out, float[] a, Layout aLayout, float[] b,
            int m, int k, int n, boolean accumulate) {
        int rs = aLayout.rowStride();
        int cs = aLayout.colStride();
        loops.forRange(n, (long) m * k, COLUMN_GRAIN, (from, to) -> {
            for (int i = 0; i < m; i++) {
                int o = i * n;
                int j = from;
                for (; j + COLUMN_GRAIN <= to; j += COLUMN_GRAIN) {
                    FloatVector c0 = accumulate ? FloatVector.fromArray(S, out, o + j) : FloatVector.zero(S);
                    FloatVector c1 = accumulate ? FloatVector.fromArray(S, out, o + j + L) : FloatVector.zero(S);
                    FloatVector c2 = accumulate ? FloatVector.fromArray(S, out, o + j + 2 * L) : FloatVector.zero(S);
                    FloatVector c3 = accumulate ? FloatVector.fromArray(S, out, o + j + 3 * L) : FloatVector.zero(S);
                    for (int p = 0; p < k; p++) {
                        FloatVector x = FloatVector.broadcast(S, a[i * rs + p * cs]);
                        int row = p * n + j;
                        c0 = x.fma(FloatVector.fromArray(S, b, row), c0);
                        c1 = x.fma(FloatVector.fromArray(S, b, row + L), c1);
                        c2 = x.fma(FloatVector.fromArray(S, b, row + 2 * L), c2);
                        c3 = x.fma(FloatVector.fromArray(S, b, row + 3 * L), c3);
                    }
                    c0.intoArray(out, o + j);
                    c1.intoArray(out, o + j + L);
                    c2.intoArray(out, o + j + 2 * L);
                    c3.intoArray(out, o + j + 3 * L);
                }
                for (; j < to; j += L) {
                    VectorMask<Float> mask = S.indexInRange(j, to);
                    FloatVector c = accumulate ? FloatVector.fromArray(S, out, o + j, mask) : FloatVector.zero(S);
                    for (int p = 0; p < k; p++) {
                        FloatVector x = FloatVector.broadcast(S, a[i * rs + p * cs]);
                        c = x.fma(FloatVector.fromArray(S, b, p * n + j, mask), c);
                    }
                    c.intoArray(out, o + j, mask);
                }
            }
        });
    }

    /**
     * {@code out[i, j] (+)= A[i, :] · B[j, :]} with A stored [M,K] and B stored [N,K]: one dot product
     * of two contiguous rows per output, split by columns across threads.
     */
    private void multiplyFewRowsByRows(float[] out, float[] a, Layout aLayout, float[] b,
            int m, int k, int n, boolean accumulate) {
        int rs = aLayout.rowStride();
        loops.forRange(n, (long) m * k, (from, to) -> {
            for (int j = from; j < to; j++) {
                for (int i = 0; i < m; i++) {
                    float dot = VectorMath.dot(a, i * rs, b, j * k, k);
                    out[i * n + j] = accumulate ? out[i * n + j] + dot : dot;
                }
            }
        });
    }
}
