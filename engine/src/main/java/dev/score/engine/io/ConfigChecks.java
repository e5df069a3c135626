package dev.score.engine.io;

/** The checks every family's config makes of its values; messages use the config.json key names. */
final class ConfigChecks {
    private ConfigChecks() {
    }

    static void positive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("key \"" + key + "\": expected a positive integer, found " + value);
        }
    }

    /** Every parameter is one Java array, so its element count must fit in an int. */
    static void fitsInArray(String what, long elements) {
        if (elements > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(what + " = " + elements + " elements, more than one Java array can hold");
        }
    }
}
