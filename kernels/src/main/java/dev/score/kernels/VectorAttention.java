package dev.score.kernels;

import static dev.score.kernels.VectorMath.L;
import static dev.score.kernels.VectorMath.S;

import dev.score.kernels.ThreadScratch.Slot;
import java.util.Arrays;
import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Flash-style causal attention on SIMD lanes (see {@link Backend#attentionForward}). Each (batch
 * row, query head) pair is one task of the forward pass; the backward and cached passes take a (batch
 * row, key/value head) pair, and the query heads of its group in turn. Queries go in blocks of
 * {@link #BQ} rows over blocks of {@link #BK} keys, with an online softmax (running maximum and sum
 * per query, rescaling the partial output as the maximum grows), so no T×T matrix ever exists; the
 * backward pass recomputes each probability tile from the saved log-sum-exp. Every product inside a
 * tile (scores, probabilities times values, and the four products of the backward pass) is one small
 * matrix product run by {@link #accumulateTile}: four rows by two vectors of columns in registers, so
 * that each step's eight FMAs share six loads (one row at a time took two loads per FMA). Its operands
 * are padded to whole pairs of vectors: keys packed transposed, and rows packed {@code hdPad} wide
 * where needed. A few decoding queries instead take one dot product per key and one row of values at
 * a time, in place.
 */
final class VectorAttention {

    /** Keys per block: four vectors of scores per query. */
    private static final int BK = 4 * L;
    /** Queries per block, sharing each key block while it sits in L1. */
    private static final int BQ = 16;
    /** From this many queries on, keys are packed transposed; below it, scored in place. */
    private static final int FEW_QUERIES = 8;
    /** Rows of {@link #accumulateTile}'s register block. */
    private static final int ROWS = 4;
    /** Columns of {@link #accumulateTile}'s register block: two vectors. */
    private static final int WIDTH = 2 * L;
    /**
     * The backward pass's tile buffer: the tile of P (BQ, BK) at 0, the tile of dS (BQ, BK) at
     * {@code DS_AT}, then D for the BQ queries of the block at {@code ROW_TERM_AT}.
     */
    private static final int DS_AT = BQ * BK;
    private static final int ROW_TERM_AT = 2 * BQ * BK;
    private static final int BACKWARD_TILES = 2 * BQ * BK + BQ;

    private static final FloatVector NEGATIVE_INFINITY = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);

    private final ParallelLoops loops;

    VectorAttention(ParallelLoops loops) {
        this.loops = loops;
    }

    /**
     * Where one head's rows live in a larger array: row {@code i} starts at {@code offset + i·stride}
     * and holds {@code hd} floats.
     */
    private record Rows(float[] array, int offset, int stride) {
        int at(int i) {
            return offset + i * stride;
        }
    }

    private static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    // ---------------------------------------------------------------------------------------------
    // Forward

    void forward(float[] out, float[] lse, float[] qkv, int batch, int t, int heads, int kvHeads, int hd) {
        int group = HeadShapes.groupSize(heads, kvHeads, hd);
        // qkv is (B, T, W), W = (heads + 2·kvHeads)·hd: query heads, then key heads, then value heads.
        int width = (heads + 2 * kvHeads) * hd;
        int c = heads * hd;
        loops.forRange(batch * heads, (long) t * t * hd, (from, to) -> {
            for (int task = from; task < to; task++) {
                int b = task / heads;
                int h = task % heads;
                // Token i's query head h is at (b*T + i)*W + h*hd, C = heads*hd; the key head it reads,
                // h/group, at (b*T + i)*W + C + (h/group)*hd, and the value head kvHeads*hd further.
                int row = b * t * width;
                int k = row + c + h / group * hd;
                attendHead(new Rows(qkv, row + h * hd, width), new Rows(qkv, k, width),
                        new Rows(qkv, k + kvHeads * hd, width), t, t, 0, hd, new Rows(out, b * t * c + h * hd, c), lse,
                        (b * heads + h) * t);
            }
        });
    }

    /**
     * One task per row and key/value head: it writes that head's new keys and values into the caches,
     * then attends with each query head of its group in turn: no other task reads what it writes, and
     * the query heads of a group read the same cached rows back to back.
     */
    void cached(float[] out, float[] qkv, float[] kCache, float[] vCache, int[] pastLength,
            int batch, int tq, int heads, int kvHeads, int hd, int maxT) {
        int group = HeadShapes.groupSize(heads, kvHeads, hd);
        int width = (heads + 2 * kvHeads) * hd;
        int c = heads * hd;
        int kvWidth = kvHeads * hd;
        int longest = 0;
        for (int b = 0; b < batch; b++) {
            Objects.checkFromIndexSize(pastLength[b], tq, maxT);
            longest = Math.max(longest, pastLength[b] + tq);
        }
        loops.forRange(batch * kvHeads, (long) group * tq * longest * hd * 2, (from, to) -> {
            for (int task = from; task < to; task++) {
                int b = task / kvHeads;
                int kv = task % kvHeads;
                int past = pastLength[b];
                // The caches are (B, maxT, kvHeads·hd): head kv of the new token i of row b goes to position past + i.
                int cacheRows = b * maxT * kvWidth + kv * hd;
                for (int i = 0; i < tq; i++) {
                    int token = (b * tq + i) * width + c + kv * hd;
                    int slot = cacheRows + (past + i) * kvWidth;
                    System.arraycopy(qkv, token, kCache, slot, hd);
                    System.arraycopy(qkv, token + kvWidth, vCache, slot, hd);
                }
                for (int h = kv * group; h < (kv + 1) * group; h++) {
                    attendHead(new Rows(qkv, b * tq * width + h * hd, width), new Rows(kCache, cacheRows, kvWidth),
                            new Rows(vCache, cacheRows, kvWidth), tq, past + tq, past, hd,
                            new Rows(out, b * tq * c + h * hd, c), null, 0);
                }
            }
        });
    }

    /**
     * One head: query {@code i < queries} attends to keys {@code 0..past + i} of {@code keyCount}.
     * Writes each query's output row and, when {@code lse} is not null, its log-sum-exp at
     * {@code lse[lseOffset + i]}.
     */
    private static void attendHead(Rows q, Rows k, Rows v, int queries, int keyCount, int past, int hd,
            Rows out, float[] lse, int lseOffset) {
        if (queries < FEW_QUERIES) {
            attendFewQueries(q, k, v, queries, past, hd, out, lse, lseOffset);
            return;
        }
        float scale = (float) (1.0 / Math.sqrt(hd));
        int hdPad = roundUp(hd, WIDTH);
        int keyPad = roundUp(keyCount, BK);
        float[] keysT = packTransposed(k, keyCount, hd, keyPad, Slot.ATTENTION_KEYS_T);
        // Rows of whole vector pairs are read in place; others are packed into (keyCount, hdPad), zero past hd.
        Rows values = hd == hdPad ? v : new Rows(packRows(v, keyCount, hd, hdPad, Slot.ATTENTION_VALUES), 0, hdPad);
        // Per query of the block: the unnormalized output (hdPad), then the running maximum and sum.
        float[] state = ThreadScratch.get(Slot.ATTENTION_ROWS, BQ * (hdPad + 2));
        int maxAt = BQ * hdPad;
        int sumAt = maxAt + BQ;
        // (BQ, BK): the block's scores, then its probabilities.
        float[] p = ThreadScratch.get(Slot.ATTENTION_TILE, BQ * BK);
        for (int i0 = 0; i0 < queries; i0 += BQ) {
            int rows = Math.min(BQ, queries - i0);
            Arrays.fill(state, 0, rows * hdPad, 0f);
            Arrays.fill(state, maxAt, maxAt + rows, Float.NEGATIVE_INFINITY);
            Arrays.fill(state, sumAt, sumAt + rows, 0f);
            int keyEnd = past + i0 + rows;
            for (int j0 = 0; j0 < keyEnd; j0 += BK) {
                // Pairs of score vectors past the block's last visible key are left as they are: every
                // lane there is past each row's visible keys and becomes −∞ below.
                int scored = Math.min(BK, keyEnd - j0);
                for (int r = 0; r < rows; r += ROWS) {
                    for (int w = 0; w < scored; w += WIDTH) {
                        accumulateTile(q.array(), q.at(i0 + r), q.stride(), 1, Math.min(ROWS, rows - r),
                                keysT, j0 + w, keyPad, hd, p, r * BK + w, BK, true);
                    }
                }
                int mostVisible = 0;
                for (int r = 0; r < rows; r++) {
                    int visible = Math.min(past + i0 + r + 1, j0 + BK) - j0;
                    if (visible <= 0) {
                        Arrays.fill(p, r * BK, (r + 1) * BK, 0f);
                        continue;
                    }
                    mostVisible = Math.max(mostVisible, visible);
                    float blockMax = scaleScores(p, r * BK, scale, visible);
                    float oldMax = state[maxAt + r];
                    float newMax = Math.max(oldMax, blockMax);
                    float correction = (float) Math.exp(oldMax - newMax);
                    float blockSum = VectorMath.exponentiate(p, r * BK, p, r * BK, BK, newMax);
                    state[maxAt + r] = newMax;
                    state[sumAt + r] = state[sumAt + r] * correction + blockSum;
                    scaleRow(state, r * hdPad, hdPad, correction);
                }
                // A key a row cannot see has probability 0 there, so every row may take the keys the last one sees.
                for (int r = 0; r < rows; r += ROWS) {
                    for (int d = 0; d < hdPad; d += WIDTH) {
                        accumulateTile(p, r * BK, BK, 1, Math.min(ROWS, rows - r), values.array(), values.at(j0) + d,
                                values.stride(), mostVisible, state, r * hdPad + d, hdPad, false);
                    }
                }
            }
            for (int r = 0; r < rows; r++) {
                float sum = state[sumAt + r];
                writeRow(out, i0 + r, state, r * hdPad, 1f / sum, hd);
                if (lse != null) {
                    lse[lseOffset + i0 + r] = state[maxAt + r] + (float) Math.log(sum);
                }
            }
        }
    }

    /**
     * Fewer than {@link #FEW_QUERIES} queries (decoding): each row on its own, one dot product per
     * key and one row of values at a time, read in place, since packing them would cost more than the
     * few products that use them.
     */
    private static void attendFewQueries(Rows q, Rows k, Rows v, int queries, int past, int hd, Rows out,
            float[] lse, int lseOffset) {
        float scale = (float) (1.0 / Math.sqrt(hd));
        int hdPad = roundUp(hd, L);
        // Rows of whole vectors are read in place; others are packed, zero past hd.
        Rows values = hd == hdPad ? v : new Rows(packRows(v, past + queries, hd, hdPad, Slot.ATTENTION_VALUES), 0, hdPad);
        float[] acc = ThreadScratch.get(Slot.ATTENTION_ROWS, hdPad);
        float[] p = ThreadScratch.get(Slot.ATTENTION_TILE, BK);
        for (int i = 0; i < queries; i++) {
            Arrays.fill(acc, 0, hdPad, 0f);
            float max = Float.NEGATIVE_INFINITY;
            float sum = 0f;
            int keyEnd = past + i + 1;
            for (int j0 = 0; j0 < keyEnd; j0 += BK) {
                int visible = Math.min(keyEnd, j0 + BK) - j0;
                float blockMax = scoresByDotProducts(q.array(), q.at(i), k, j0, hd, scale, visible, p);
                float newMax = Math.max(max, blockMax);
                float correction = (float) Math.exp(max - newMax);
                float blockSum = VectorMath.exponentiate(p, 0, p, 0, BK, newMax);
                max = newMax;
                sum = sum * correction + blockSum;
                accumulateWeightedRows(acc, 0, correction, p, 0, values.array(), values.at(j0), values.stride(), visible,
                        hdPad);
            }
            writeRow(out, i, acc, 0, 1f / sum, hd);
            if (lse != null) {
                lse[lseOffset + i] = max + (float) Math.log(sum);
            }
        }
    }

    /** Row {@code i} of {@code out} (its first {@code hd} floats) {@code = acc[at ..] · factor}. */
    private static void writeRow(Rows out, int i, float[] acc, int at, float factor, int hd) {
        int o = out.at(i);
        for (int d = 0; d < hd; d += L) {
            VectorMask<Float> mask = S.indexInRange(d, hd);
            FloatVector.fromArray(S, acc, at + d).mul(factor).intoArray(out.array(), o + d, mask);
        }
    }

    /**
     * The raw scores {@code p[at .. at+BK)} times {@code scale}, and {@code -∞} past the first
     * {@code visible}; returns their maximum.
     */
    private static float scaleScores(float[] p, int at, float scale, int visible) {
        FloatVector s0 = NEGATIVE_INFINITY.blend(FloatVector.fromArray(S, p, at).mul(scale), S.indexInRange(0, visible));
        FloatVector s1 = NEGATIVE_INFINITY.blend(FloatVector.fromArray(S, p, at + L).mul(scale), S.indexInRange(L, visible));
        FloatVector s2 = NEGATIVE_INFINITY.blend(FloatVector.fromArray(S, p, at + 2 * L).mul(scale),
                S.indexInRange(2 * L, visible));
        FloatVector s3 = NEGATIVE_INFINITY.blend(FloatVector.fromArray(S, p, at + 3 * L).mul(scale),
                S.indexInRange(3 * L, visible));
        s0.intoArray(p, at);
        s1.intoArray(p, at + L);
        s2.intoArray(p, at + 2 * L);
        s3.intoArray(p, at + 3 * L);
        return s0.max(s1).max(s2.max(s3)).reduceLanes(VectorOperators.MAX);
    }

    /** {@code acc[at .. at+n) *= factor}; {@code n} is a multiple of the lane count. */
    private static void scaleRow(float[] acc, int at, int n, float factor) {
        for (int d = 0; d < n; d += L) {
            FloatVector.fromArray(S, acc, at + d).mul(factor).intoArray(acc, at + d);
        }
    }

    /**
     * A small matrix product in registers, the one every tile of attention is made of:
     * {@code c[cAt + r·ldc + v] (+)= Σ_{t<count} x[xAt + r·xRow + t·xStep] · y[yAt + t·yStride + v]} for
     * {@code r < rows} (at most {@link #ROWS}) and {@code v < WIDTH}, overwriting when {@code overwrite}
     * and adding otherwise. Each output sums its terms in order of {@code t} in one accumulator. Rows
     * past {@code rows} read the last one again and are not written.
     */
    private static void accumulateTile(float[] x, int xAt, int xRow, int xStep, int rows, float[] y, int yAt,
            int yStride, int count, float[] c, int cAt, int ldc, boolean overwrite) {
        int last = rows - 1;
        int x0 = xAt;
        int x1 = xAt + Math.min(1, last) * xRow;
        int x2 = xAt + Math.min(2, last) * xRow;
        int x3 = xAt + Math.min(3, last) * xRow;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        for (int t = 0; t < count; t++) {
            int yi = yAt + t * yStride;
            int xt = t * xStep;
            FloatVector y0 = FloatVector.fromArray(S, y, yi);
            FloatVector y1 = FloatVector.fromArray(S, y, yi + L);
            FloatVector b = FloatVector.broadcast(S, x[x0 + xt]);
            c00 = b.fma(y0, c00);
            c01 = b.fma(y1, c01);
            b = FloatVector.broadcast(S, x[x1 + xt]);
            c10 = b.fma(y0, c10);
            c11 = b.fma(y1, c11);
            b = FloatVector.broadcast(S, x[x2 + xt]);
            c20 = b.fma(y0, c20);
            c21 = b.fma(y1, c21);
            b = FloatVector.broadcast(S, x[x3 + xt]);
            c30 = b.fma(y0, c30);
            c31 = b.fma(y1, c31);
        }
        // Vectors are never handed to another method: C2 might not inline it, and would box them.
        if (!overwrite) {
            c00 = c00.add(FloatVector.fromArray(S, c, cAt));
            c01 = c01.add(FloatVector.fromArray(S, c, cAt + L));
        }
        c00.intoArray(c, cAt);
        c01.intoArray(c, cAt + L);
        if (rows > 1) {
            int at = cAt + ldc;
            if (!overwrite) {
                c10 = c10.add(FloatVector.fromArray(S, c, at));
                c11 = c11.add(FloatVector.fromArray(S, c, at + L));
            }
            c10.intoArray(c, at);
            c11.intoArray(c, at + L);
        }
        if (rows > 2) {
            int at = cAt + 2 * ldc;
            if (!overwrite) {
                c20 = c20.add(FloatVector.fromArray(S, c, at));
                c21 = c21.add(FloatVector.fromArray(S, c, at + L));
            }
            c20.intoArray(c, at);
            c21.intoArray(c, at + L);
        }
        if (rows > 3) {
            int at = cAt + 3 * ldc;
            if (!overwrite) {
                c30 = c30.add(FloatVector.fromArray(S, c, at));
                c31 = c31.add(FloatVector.fromArray(S, c, at + L));
            }
            c30.intoArray(c, at);
            c31.intoArray(c, at + L);
        }
    }

    /**
     * The scaled scores of query {@code q[qAt..qAt+hd)} against keys {@code j0 .. j0+BK} read in place,
     * one dot product each, into {@code scores[0..BK)}, {@code -∞} past the first {@code visible};
     * returns their maximum.
     */
    private static float scoresByDotProducts(float[] q, int qAt, Rows k, int j0, int hd, float scale, int visible,
            float[] scores) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < visible; j++) {
            scores[j] = scale * VectorMath.dot(q, qAt, k.array(), k.at(j0 + j), hd);
            max = Math.max(max, scores[j]);
        }
        Arrays.fill(scores, visible, BK, Float.NEGATIVE_INFINITY);
        return max;
    }

    /**
     * {@code acc[at..at+hdPad) = acc·correction + Σ_{j<count} w[wAt+j]·rows[rowsAt + j·stride ..]}; each
     * row holds at least {@code hdPad} floats. Four vectors of a row at a time, key after key: a
     * decoding head's whole row when hd = 4L, so that the rows, which come from beyond L2, are read in
     * one pass (a pass per vector, four keys at a time, read each row four times over). The vectors
     * left over go one at a time, four keys at a time into separate accumulators.
     */
    private static void accumulateWeightedRows(float[] acc, int at, float correction, float[] w, int wAt,
            float[] rows, int rowsAt, int stride, int count, int hdPad) {
        int d = 0;
        for (; d + 4 * L <= hdPad; d += 4 * L) {
            FloatVector a0 = FloatVector.fromArray(S, acc, at + d).mul(correction);
            FloatVector a1 = FloatVector.fromArray(S, acc, at + d + L).mul(correction);
            FloatVector a2 = FloatVector.fromArray(S, acc, at + d + 2 * L).mul(correction);
            FloatVector a3 = FloatVector.fromArray(S, acc, at + d + 3 * L).mul(correction);
            for (int j = 0; j < count; j++) {
                int row = rowsAt + j * stride + d;
                FloatVector x = FloatVector.broadcast(S, w[wAt + j]);
                a0 = x.fma(FloatVector.fromArray(S, rows, row), a0);
                a1 = x.fma(FloatVector.fromArray(S, rows, row + L), a1);
                a2 = x.fma(FloatVector.fromArray(S, rows, row + 2 * L), a2);
                a3 = x.fma(FloatVector.fromArray(S, rows, row + 3 * L), a3);
            }
            a0.intoArray(acc, at + d);
            a1.intoArray(acc, at + d + L);
            a2.intoArray(acc, at + d + 2 * L);
            a3.intoArray(acc, at + d + 3 * L);
        }
        for (; d < hdPad; d += L) {
            FloatVector a0 = FloatVector.fromArray(S, acc, at + d).mul(correction);
            FloatVector a1 = FloatVector.zero(S);
            FloatVector a2 = FloatVector.zero(S);
            FloatVector a3 = FloatVector.zero(S);
            int j = 0;
            for (; j + 4 <= count; j += 4) {
                int row = rowsAt + j * stride + d;
                a0 = FloatVector.broadcast(S, w[wAt + j]).fma(FloatVector.fromArray(S, rows, row), a0);
                a1 = FloatVector.broadcast(S, w[wAt + j + 1]).fma(FloatVector.fromArray(S, rows, row + stride), a1);
                a2 = FloatVector.broadcast(S, w[wAt + j + 2]).fma(FloatVector.fromArray(S, rows, row + 2 * stride), a2);
                a3 = FloatVector.broadcast(S, w[wAt + j + 3]).fma(FloatVector.fromArray(S, rows, row + 3 * stride), a3);
            }
            for (; j < count; j++) {
                a0 = FloatVector.broadcast(S, w[wAt + j]).fma(FloatVector.fromArray(S, rows, rowsAt + j * stride + d), a0);
            }
            a0.add(a1).add(a2.add(a3)).intoArray(acc, at + d);
        }
    }

    /** Rows {@code 0..count} of {@code src} as a (hd, keyPad) scratch matrix: element (d, j) at d*keyPad + j. */
    private static float[] packTransposed(Rows src, int count, int hd, int keyPad, Slot slot) {
        float[] packed = ThreadScratch.get(slot, hd * keyPad);
        for (int j = 0; j < count; j++) {
            int at = src.at(j);
            for (int d = 0; d < hd; d++) {
                packed[d * keyPad + j] = src.array()[at + d];
            }
        }
        return packed;
    }

    /** Rows {@code 0..count} of {@code src} as a (count, hdPad) scratch matrix, zero past hd. */
    private static float[] packRows(Rows src, int count, int hd, int hdPad, Slot slot) {
        float[] packed = ThreadScratch.get(slot, count * hdPad);
        for (int j = 0; j < count; j++) {
            System.arraycopy(src.array(), src.at(j), packed, j * hdPad, hd);
            Arrays.fill(packed, j * hdPad + hd, (j + 1) * hdPad, 0f);
        }
        return packed;
    }

    // ---------------------------------------------------------------------------------------------
    // Backward

    /**
     * One task per row and key/value head, so that the query heads of a group, which all add into that
     * head's dK and dV, take turns instead of racing.
     */
    void backward(float[] dqkv, float[] dout, float[] qkv, float[] out, float[] lse, int batch, int t,
            int heads, int kvHeads, int hd) {
        int group = HeadShapes.groupSize(heads, kvHeads, hd);
        int width = (heads + 2 * kvHeads) * hd;
        int c = heads * hd;
        loops.forRange(batch * kvHeads, 3L * group * t * t * hd, (from, to) -> {
            for (int task = from; task < to; task++) {
                int b = task / kvHeads;
                int kv = task % kvHeads;
                // As in forward: qkv and dqkv are (B, T, W), dout and out (B, T, C).
                int row = b * t * width;
                int k = row + c + kv * hd;
                int v = k + kvHeads * hd;
                for (int h = kv * group; h < (kv + 1) * group; h++) {
                    int q = row + h * hd;
                    int o = b * t * c + h * hd;
                    backwardHead(new Rows(qkv, q, width), new Rows(qkv, k, width), new Rows(qkv, v, width),
                            new Rows(dout, o, c), new Rows(out, o, c), lse, (b * heads + h) * t, t, hd,
                            new Rows(dqkv, q, width), new Rows(dqkv, k, width), new Rows(dqkv, v, width));
                }
            }
        });
    }

    /**
     * One head's gradients, added into the rows {@code dqRows}, {@code dkRows}, {@code dvRows}. With
     * {@code P = exp(scale·QKᵀ − lse)} (causal), {@code D_i = dO_i · O_i} and {@code dS = P ⊙ (dO·Vᵀ − D)}:
     * {@code dV = Pᵀ·dO}, {@code dQ = scale·dS·K}, {@code dK = scale·dSᵀ·Q}, computed one (BQ, BK) tile of
     * P and dS at a time, each product of the tile by {@link #accumulateTile}.
     */
    private static void backwardHead(Rows q, Rows k, Rows v, Rows dO, Rows o, float[] lse, int lseOffset, int t, int hd,
            Rows dqRows, Rows dkRows, Rows dvRows) {
        float scale = (float) (1.0 / Math.sqrt(hd));
        int hdPad = roundUp(hd, WIDTH);
        int keyPad = roundUp(t, BK);
        float[] keysT = packTransposed(k, t, hd, keyPad, Slot.ATTENTION_KEYS_T);
        float[] valuesT = packTransposed(v, t, hd, keyPad, Slot.ATTENTION_VALUES);
        float[] queries = packRows(q, t, hd, hdPad, Slot.ATTENTION_QUERIES);
        float[] keys = packRows(k, t, hd, hdPad, Slot.ATTENTION_KEYS);
        float[] gradOut = packRows(dO, t, hd, hdPad, Slot.ATTENTION_DOUT);
        // (T, hdPad) each: dQ and dK still lack their factor scale, applied once at the end.
        float[] dq = zeroed(Slot.ATTENTION_GRAD_Q, t * hdPad);
        float[] dk = zeroed(Slot.ATTENTION_GRAD_K, t * hdPad);
        float[] dv = zeroed(Slot.ATTENTION_GRAD_V, t * hdPad);
        float[] tiles = ThreadScratch.get(Slot.ATTENTION_TILE, BACKWARD_TILES);
        for (int i0 = 0; i0 < t; i0 += BQ) {
            int rows = Math.min(BQ, t - i0);
            for (int r = 0; r < rows; r++) {
                tiles[ROW_TERM_AT + r] = VectorMath.dot(dO.array(), dO.at(i0 + r), o.array(), o.at(i0 + r), hd);
            }
            int keyEnd = i0 + rows;
            for (int j0 = 0; j0 < keyEnd; j0 += BK) {
                int blockKeys = Math.min(BK, keyEnd - j0);
                blockTiles(queries, gradOut, keysT, valuesT, keyPad, hd, hdPad, i0, rows, j0, blockKeys, scale, lse,
                        lseOffset, tiles);
                // Keys past a row's last visible one have P = dS = 0 there: every row may take the block's keys.
                for (int d = 0; d < hdPad; d += WIDTH) {
                    for (int r = 0; r < rows; r += ROWS) {
                        // dQ rows += dS · K
                        accumulateTile(tiles, DS_AT + r * BK, BK, 1, Math.min(ROWS, rows - r), keys, j0 * hdPad + d,
                                hdPad, blockKeys, dq, (i0 + r) * hdPad + d, hdPad, false);
                    }
                    for (int jj = 0; jj < blockKeys; jj += ROWS) {
                        int groupKeys = Math.min(ROWS, blockKeys - jj);
                        int at = (j0 + jj) * hdPad + d;
                        // dV rows += Pᵀ · dO and dK rows += dSᵀ · Q: column jj of a tile is row jj of its transpose.
                        accumulateTile(tiles, jj, 1, BK, groupKeys, gradOut, i0 * hdPad + d, hdPad, rows, dv, at, hdPad,
                                false);
                        accumulateTile(tiles, DS_AT + jj, 1, BK, groupKeys, queries, i0 * hdPad + d, hdPad, rows, dk, at,
                                hdPad, false);
                    }
                }
            }
        }
        addRows(dqRows, dq, scale, t, hd, hdPad);
        addRows(dkRows, dk, scale, t, hd, hdPad);
        addRows(dvRows, dv, 1f, t, hd, hdPad);
    }

    /** {@code rows[i][0..hd) += factor · packed[i·hdPad ..]} for {@code i < count}. */
    private static void addRows(Rows rows, float[] packed, float factor, int count, int hd, int hdPad) {
        float[] array = rows.array();
        for (int i = 0; i < count; i++) {
            int at = rows.at(i);
            for (int d = 0; d < hd; d += L) {
                VectorMask<Float> mask = S.indexInRange(d, hd);
                FloatVector.fromArray(S, packed, i * hdPad + d).mul(factor)
                        .add(FloatVector.fromArray(S, array, at + d, mask)).intoArray(array, at + d, mask);
            }
        }
    }

    /**
     * The P and dS tiles of queries {@code i0 .. i0+rows} against keys {@code j0 .. j0+blockKeys}: the
     * raw scores Q·Kᵀ and dO·Vᵀ by {@link #accumulateTile} (up to the block's last visible key; past it
     * each row's P and dS come out 0 whatever the tiles held), then per row
     * {@code p_j = exp(scale·s_j − lse)} and {@code ds_j = p_j·(dO·v_j − D)}, both zero past the row's
     * visible keys, the exponentials through {@link VectorMath#exponentiate}.
     *
     * <p>A method of its own, too large for C2 to inline: inlined into {@link #backwardHead}, in some
     * runs its vectors were boxed (1 GB of garbage in 15 s of training) and in others not.
     */
    private static void blockTiles(float[] queries, float[] gradOut, float[] keysT, float[] valuesT, int keyPad, int hd,
            int hdPad, int i0, int rows, int j0, int blockKeys, float scale, float[] lse, int lseOffset, float[] tiles) {
        for (int r = 0; r < rows; r += ROWS) {
            int groupRows = Math.min(ROWS, rows - r);
            for (int w = 0; w < blockKeys; w += WIDTH) {
                accumulateTile(queries, (i0 + r) * hdPad, hdPad, 1, groupRows, keysT, j0 + w, keyPad, hd, tiles,
                        r * BK + w, BK, true);
                accumulateTile(gradOut, (i0 + r) * hdPad, hdPad, 1, groupRows, valuesT, j0 + w, keyPad, hd, tiles,
                        DS_AT + r * BK + w, BK, true);
            }
        }
        FloatVector zero = FloatVector.zero(S);
        for (int r = 0; r < rows; r++) {
            int i = i0 + r;
            int visible = Math.min(i + 1, j0 + BK) - j0;
            int pAt = r * BK;
            for (int j = 0; j < BK; j += L) {
                // Scores a query cannot see become −∞, so that their exponential is exactly 0.
                FloatVector score = FloatVector.fromArray(S, tiles, pAt + j).mul(scale);
                NEGATIVE_INFINITY.blend(score, S.indexInRange(j, visible)).intoArray(tiles, pAt + j);
            }
            VectorMath.exponentiate(tiles, pAt, tiles, pAt, BK, lse[lseOffset + i]);
            float rowTerm = tiles[ROW_TERM_AT + r];
            for (int j = 0; j < BK; j += L) {
                FloatVector p = FloatVector.fromArray(S, tiles, pAt + j);
                FloatVector dp = FloatVector.fromArray(S, tiles, DS_AT + pAt + j);
                zero.blend(p.mul(dp.sub(rowTerm)), S.indexInRange(j, visible)).intoArray(tiles, DS_AT + pAt + j);
            }
        }
    }

    private static float[] zeroed(Slot slot, int size) {
        float[] array = ThreadScratch.get(slot, size);
        Arrays.fill(array, 0, size, 0f);
        return array;
    }
}
