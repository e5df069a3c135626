package dev.score.engine;

/**
 * Learning rate with linear warmup then cosine decay: {@code peak·(s+1)/warmup} for the first
 * {@code warmup} steps, then from {@code peak} down to {@code floor} along half a cosine until
 * {@code total}, and {@code floor} after.
 */
public record CosineSchedule(double peak, double floor, int warmup, int total) {

    public CosineSchedule {
        if (warmup < 0 || total < warmup || peak < floor || floor < 0) {
            throw new IllegalArgumentException("bad schedule: peak=" + peak + ", floor=" + floor + ", warmup=" + warmup
                    + ", total=" + total);
        }
    }

    /** The learning rate for step {@code step}, counted from 0. */
    public double at(int step) {
        if (step < warmup) {
            return peak * (step + 1) / warmup;
        }
        if (step >= total) {
            return floor;
        }
        double progress = (double) (step - warmup) / Math.max(1, total - warmup);
        return floor + 0.5 * (peak - floor) * (1 + Math.cos(Math.PI * progress));
    }
}
