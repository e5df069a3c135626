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
 * row, head) pair is one task. Its keys are packed transposed, so that the scores of one query
 * against {@link #BK} keys are four vectors built by broadcasting the query (a few decoding queries
 * instead take one dot product per key, in place); queries go in blocks of
 * {@link #BQ} rows over blocks of {@link #BK} keys, with an online softmax (running maximum and sum
 * per query, rescaling the partial output as the maximum grows), so no T×T matrix ever exists.
 * The backward pass recomputes each probability tile from the saved log-sum-exp.
 */
final class VectorAttention {

    /** Keys per block: four vectors of scores per query. */
    private static final int BK = 4 * L;
    /** Queries per block, sharing each key block while it sits in L1. */
    private static final int BQ = 16;
    /** From this many queries on, keys are packed transposed; below it, scored in place. */
    private static final int FEW_QUERIES = 8;

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

    void forward(float[] out, float[] lse, float[] qkv, int batch, int t, int c, int heads) {
        int hd = ScalarAttention.headSize(c, heads);
        loops.forRange(batch * heads, (long) t * t * hd, (from, to) -> {
            for (int task = from; task < to; task++) {
                int b = task / heads;
                int h = task % heads;
                // qkv is (B, T, 3C): head h of token i's query is at (b*T + i)*3C + h*hd, key C further, value 2C further.
                int base = b * t * 3 * c + h * hd;
                attendHead(new Rows(qkv, base, 3 * c), new Rows(qkv, base + c, 3 * c), new Rows(qkv, base + 2 * c, 3 * c),
                        t, t, 0, hd, new Rows(out, b * t * c + h * hd, c), lse, (b * heads + h) * t);
            }
        });
    }

    void cached(float[] out, float[] qkv, float[] kCache, float[] vCache, int[] pastLength,
            int batch, int tq, int c, int heads, int maxT) {
        int hd = ScalarAttention.headSize(c, heads);
        int longest = 0;
        for (int b = 0; b < batch; b++) {
            int past = pastLength[b];
            Objects.checkFromIndexSize(past, tq, maxT);
            longest = Math.max(longest, past + tq);
            // The caches are (B, maxT, C): the new token i of row b goes to position past + i.
            for (int i = 0; i < tq; i++) {
                int token = (b * tq + i) * 3 * c;
                int slot = (b * maxT + past + i) * c;
                System.arraycopy(qkv, token + c, kCache, slot, c);
                System.arraycopy(qkv, token + 2 * c, vCache, slot, c);
            }
        }
        loops.forRange(batch * heads, (long) tq * longest * hd * 2, (from, to) -> {
            for (int task = from; task < to; task++) {
                int b = task / heads;
                int h = task % heads;
                int past = pastLength[b];
                attendHead(new Rows(qkv, b * tq * 3 * c + h * hd, 3 * c),
                        new Rows(kCache, b * maxT * c + h * hd, c), new Rows(vCache, b * maxT * c + h * hd, c),
                        tq, past + tq, past, hd, new Rows(out, b * tq * c + h * hd, c), null, 0);
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
        float scale = (float) (1.0 / Math.sqrt(hd));
        int hdPad = roundUp(hd, L);
        int keyPad = roundUp(keyCount, BK);
        // Transposing the keys pays off only when many queries share them; a few decoding queries
        // take one dot product per key instead.
        boolean transposed = queries >= FEW_QUERIES;
        float[] keysT = transposed ? packTransposed(k, keyCount, hd, keyPad, Slot.ATTENTION_KEYS_T) : null;
        // Rows of whole vectors are read in place; others are packed into (keyCount, hdPad), zero past hd.
        Rows values = hd == hdPad ? v : new Rows(packRows(v, keyCount, hd, hdPad, Slot.ATTENTION_VALUES), 0, hdPad);
        // Per query of the block: the running maximum, the running sum and the unnormalized output (hdPad).
        float[] state = ThreadScratch.get(Slot.ATTENTION_ROWS, BQ * (hdPad + 2));
        int maxAt = BQ * hdPad;
        int sumAt = maxAt + BQ;
        float[] p = ThreadScratch.get(Slot.ATTENTION_TILE, BK);
        for (int i0 = 0; i0 < queries; i0 += BQ) {
            int rows = Math.min(BQ, queries - i0);
            Arrays.fill(state, 0, rows * hdPad, 0f);
            Arrays.fill(state, maxAt, maxAt + rows, Float.NEGATIVE_INFINITY);
            Arrays.fill(state, sumAt, sumAt + rows, 0f);
            int keyEnd = past + i0 + rows;
            for (int j0 = 0; j0 < keyEnd; j0 += BK) {
                for (int r = 0; r < rows; r++) {
                    int visible = Math.min(past + i0 + r + 1, j0 + BK) - j0;
                    if (visible <= 0) {
                        continue;
                    }
                    float blockMax = transposed
                            ? scores(q.array(), q.at(i0 + r), keysT, keyPad, j0, hd, scale, visible, p)
                            : scoresByDotProducts(q.array(), q.at(i0 + r), k, j0, hd, scale, visible, p);
                    float oldMax = state[maxAt + r];
                    float newMax = Math.max(oldMax, blockMax);
                    float correction = (float) Math.exp(oldMax - newMax);
                    float blockSum = VectorMath.exponentiate(p, 0, p, 0, BK, newMax);
                    state[maxAt + r] = newMax;
                    state[sumAt + r] = state[sumAt + r] * correction + blockSum;
                    accumulateWeightedRows(state, r * hdPad, correction, p, 0, values.array(), values.at(j0),
                            values.stride(), visible, hdPad);
                }
            }
            for (int r = 0; r < rows; r++) {
                float sum = state[sumAt + r];
                float inverse = 1f / sum;
                int o = out.at(i0 + r);
                for (int d = 0; d < hd; d += L) {
                    VectorMask<Float> mask = S.indexInRange(d, hd);
                    FloatVector.fromArray(S, state, r * hdPad + d).mul(inverse).intoArray(out.array(), o + d, mask);
                }
                if (lse != null) {
                    lse[lseOffset + i0 + r] = state[maxAt + r] + (float) Math.log(sum);
                }
            }
        }
    }

    /**
     * The scaled scores of query {@code q[qAt..qAt+hd)} against keys {@code j0 .. j0+BK} into
     * {@code scores[0..BK)}, {@code -∞} past the first {@code visible}; returns their maximum.
     */
    private static float scores(float[] q, int qAt, float[] keysT, int keyPad, int j0, int hd, float scale,
            int visible, float[] scores) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        // keysT is (hd, keyPad): dimension d of key j at d*keyPad + j.
        for (int d = 0; d < hd; d++) {
            FloatVector qd = FloatVector.broadcast(S, q[qAt + d]);
            int row = d * keyPad + j0;
            s0 = qd.fma(FloatVector.fromArray(S, keysT, row), s0);
            s1 = qd.fma(FloatVector.fromArray(S, keysT, row + L), s1);
            s2 = qd.fma(FloatVector.fromArray(S, keysT, row + 2 * L), s2);
            s3 = qd.fma(FloatVector.fromArray(S, keysT, row + 3 * L), s3);
        }
        s0 = NEGATIVE_INFINITY.blend(s0.mul(scale), S.indexInRange(0, visible));
        s1 = NEGATIVE_INFINITY.blend(s1.mul(scale), S.indexInRange(L, visible));
        s2 = NEGATIVE_INFINITY.blend(s2.mul(scale), S.indexInRange(2 * L, visible));
        s3 = NEGATIVE_INFINITY.blend(s3.mul(scale), S.indexInRange(3 * L, visible));
        s0.intoArray(scores, 0);
        s1.intoArray(scores, L);
        s2.intoArray(scores, 2 * L);
        s3.intoArray(scores, 3 * L);
        return s0.max(s1).max(s2.max(s3)).reduceLanes(VectorOperators.MAX);
    }

    /** {@link #scores} for keys read in place, one dot product each. */
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
     * {@code acc[at..at+hdPad) = acc·correction + Σ_{j<count} w[wAt+j]·rows[rowsAt + j·stride ..]}, four
     * keys at a time into separate accumulators; each row holds at least {@code hdPad} floats.
     */
    private static void accumulateWeightedRows(float[] acc, int at, float correction, float[] w, int wAt,
            float[] rows, int rowsAt, int stride, int count, int hdPad) {
        for (int d = 0; d < hdPad; d += L) {
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

    void backward(float[] dqkv, float[] dout, float[] qkv, float[] out, float[] lse, int batch, int t, int c, int heads) {
        int hd = ScalarAttention.headSize(c, heads);
        loops.forRange(batch * heads, 3L * t * t * hd, (from, to) -> {
            for (int task = from; task < to; task++) {
                int b = task / heads;
                int h = task % heads;
                int base = b * t * 3 * c + h * hd;
                Rows q = new Rows(qkv, base, 3 * c);
                Rows k = new Rows(qkv, base + c, 3 * c);
                Rows v = new Rows(qkv, base + 2 * c, 3 * c);
                Rows dO = new Rows(dout, b * t * c + h * hd, c);
                Rows o = new Rows(out, b * t * c + h * hd, c);
                backwardHead(q, k, v, dO, o, lse, (b * heads + h) * t, t, hd,
                        new Rows(dqkv, base, 3 * c), new Rows(dqkv, base + c, 3 * c), new Rows(dqkv, base + 2 * c, 3 * c));
            }
        });
    }

    /**
     * One head's gradients, added into the rows {@code dqRows}, {@code dkRows}, {@code dvRows}. With
     * {@code P = exp(scale·QKᵀ − lse)} (causal), {@code D_i = dO_i · O_i} and {@code dS = P ⊙ (dO·Vᵀ − D)}:
     * {@code dV = Pᵀ·dO}, {@code dQ = scale·dS·K}, {@code dK = scale·dSᵀ·Q}, computed one (BQ, BK) tile of
     * P and dS at a time.
     */
    private static void backwardHead(Rows q, Rows k, Rows v, Rows dO, Rows o, float[] lse, int lseOffset, int t, int hd,
            Rows dqRows, Rows dkRows, Rows dvRows) {
        float scale = (float) (1.0 / Math.sqrt(hd));
        int hdPad = roundUp(hd, L);
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
        // The tile of P (BQ, BK), then the tile of dS (BQ, BK), then D for the BQ queries of the block.
        float[] tiles = ThreadScratch.get(Slot.ATTENTION_TILE, 2 * BQ * BK + BQ);
        int dsAt = BQ * BK;
        int rowTermAt = 2 * BQ * BK;
        for (int i0 = 0; i0 < t; i0 += BQ) {
            int rows = Math.min(BQ, t - i0);
            for (int r = 0; r < rows; r++) {
                tiles[rowTermAt + r] = VectorMath.dot(dO.array(), dO.at(i0 + r), o.array(), o.at(i0 + r), hd);
            }
            int keyEnd = i0 + rows;
            for (int j0 = 0; j0 < keyEnd; j0 += BK) {
                for (int r = 0; r < rows; r++) {
                    int i = i0 + r;
                    int visible = Math.min(i + 1, j0 + BK) - j0;
                    probabilityTile(q.array(), q.at(i), gradOut, i * hdPad, keysT, valuesT, keyPad, j0, hd, scale, visible,
                            lse[lseOffset + i], tiles[rowTermAt + r], tiles, r * BK, dsAt + r * BK);
                    if (visible > 0) {
                        accumulateWeightedRows(dq, i * hdPad, 1f, tiles, dsAt + r * BK, keys, j0 * hdPad, hdPad, visible,
                                hdPad);
                    }
                }
                int blockKeys = Math.min(BK, keyEnd - j0);
                for (int jj = 0; jj < blockKeys; jj++) {
                    int j = j0 + jj;
                    accumulateTileColumn(dv, j * hdPad, tiles, jj, gradOut, i0, rows, hdPad);
                    accumulateTileColumn(dk, j * hdPad, tiles, dsAt + jj, queries, i0, rows, hdPad);
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
     * For query {@code i} against keys {@code j0 .. j0+BK}: {@code p_j = exp(scale·q·k_j − lse_i)} into
     * {@code tiles[pAt ..]} and {@code ds_j = p_j·(dO_i·v_j − D_i)} into {@code tiles[dsAt ..]}, both zero
     * past the first {@code visible} keys.
     */
    private static void probabilityTile(float[] q, int qAt, float[] gradOut, int gAt, float[] keysT, float[] valuesT,
            int keyPad, int j0, int hd, float scale, int visible, float lse, float rowTerm, float[] tiles, int pAt,
            int dsAt) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        FloatVector g0 = FloatVector.zero(S);
        FloatVector g1 = FloatVector.zero(S);
        FloatVector g2 = FloatVector.zero(S);
        FloatVector g3 = FloatVector.zero(S);
        if (visible > 0) {
            // keysT and valuesT are (hd, keyPad): dimension d of key j at d*keyPad + j.
            for (int d = 0; d < hd; d++) {
                FloatVector qd = FloatVector.broadcast(S, q[qAt + d]);
                FloatVector gd = FloatVector.broadcast(S, gradOut[gAt + d]);
                int row = d * keyPad + j0;
                s0 = qd.fma(FloatVector.fromArray(S, keysT, row), s0);
                s1 = qd.fma(FloatVector.fromArray(S, keysT, row + L), s1);
                s2 = qd.fma(FloatVector.fromArray(S, keysT, row + 2 * L), s2);
                s3 = qd.fma(FloatVector.fromArray(S, keysT, row + 3 * L), s3);
                g0 = gd.fma(FloatVector.fromArray(S, valuesT, row), g0);
                g1 = gd.fma(FloatVector.fromArray(S, valuesT, row + L), g1);
                g2 = gd.fma(FloatVector.fromArray(S, valuesT, row + 2 * L), g2);
                g3 = gd.fma(FloatVector.fromArray(S, valuesT, row + 3 * L), g3);
            }
        }
        // The raw scores go to the P row and dO·v to the dS row, then one pass turns them into p and ds.
        s0.intoArray(tiles, pAt);
        s1.intoArray(tiles, pAt + L);
        s2.intoArray(tiles, pAt + 2 * L);
        s3.intoArray(tiles, pAt + 3 * L);
        g0.intoArray(tiles, dsAt);
        g1.intoArray(tiles, dsAt + L);
        g2.intoArray(tiles, dsAt + 2 * L);
        g3.intoArray(tiles, dsAt + 3 * L);
        FloatVector zero = FloatVector.zero(S);
        for (int j = 0; j < BK; j += L) {
            VectorMask<Float> mask = S.indexInRange(j, visible);
            FloatVector score = FloatVector.fromArray(S, tiles, pAt + j);
            FloatVector p = zero.blend(VectorMath.exp(score.mul(scale).sub(lse)), mask);
            FloatVector dp = FloatVector.fromArray(S, tiles, dsAt + j);
            zero.blend(p.mul(dp.sub(rowTerm)), mask).intoArray(tiles, dsAt + j);
            p.intoArray(tiles, pAt + j);
        }
    }

    /**
     * {@code acc[at..at+hdPad) += Σ_{r<rows} tiles[col + r·BK]·rows[(i0+r)·hdPad ..]}: one key's share of
     * {@code Pᵀ·dO} or {@code dSᵀ·Q}, column {@code col} of a tile times the block's query rows.
     */
    private static void accumulateTileColumn(float[] acc, int at, float[] tiles, int col, float[] rows, int i0,
            int count, int hdPad) {
        for (int d = 0; d < hdPad; d += L) {
            // Four rows at a time into four accumulators: one chain would wait on each FMA's latency.
            FloatVector a0 = FloatVector.fromArray(S, acc, at + d);
            FloatVector a1 = FloatVector.zero(S);
            FloatVector a2 = FloatVector.zero(S);
            FloatVector a3 = FloatVector.zero(S);
            int r = 0;
            for (; r + 4 <= count; r += 4) {
                int row = (i0 + r) * hdPad + d;
                int w = col + r * BK;
                a0 = FloatVector.broadcast(S, tiles[w]).fma(FloatVector.fromArray(S, rows, row), a0);
                a1 = FloatVector.broadcast(S, tiles[w + BK]).fma(FloatVector.fromArray(S, rows, row + hdPad), a1);
                a2 = FloatVector.broadcast(S, tiles[w + 2 * BK]).fma(FloatVector.fromArray(S, rows, row + 2 * hdPad), a2);
                a3 = FloatVector.broadcast(S, tiles[w + 3 * BK]).fma(FloatVector.fromArray(S, rows, row + 3 * hdPad), a3);
            }
            for (; r < count; r++) {
                a0 = FloatVector.broadcast(S, tiles[col + r * BK]).fma(FloatVector.fromArray(S, rows, (i0 + r) * hdPad + d), a0);
            }
            a0.add(a1).add(a2.add(a3)).intoArray(acc, at + d);
        }
    }

    private static float[] zeroed(Slot slot, int size) {
        float[] array = ThreadScratch.get(slot, size);
        Arrays.fill(array, 0, size, 0f);
        return array;
    }
}
