package dev.score.rl.code;

import java.util.Arrays;
import java.util.StringJoiner;

/** What an expression evaluates to: an integer, a boolean, or a list of integers. */
public sealed interface Value {

    /** The value as the language writes it: {@code -3}, {@code true}, {@code [1, 2]}. */
    String show();

    String typeName();

    static Value of(long value) {
        return new IntValue(value);
    }

    static Value of(boolean value) {
        return new BoolValue(value);
    }

    static Value of(long... items) {
        return new ListValue(items.clone());
    }

    record IntValue(long value) implements Value {
        @Override
        public String show() {
            return Long.toString(value);
        }

        @Override
        public String typeName() {
            return "int";
        }
    }

    record BoolValue(boolean value) implements Value {
        @Override
        public String show() {
            return Boolean.toString(value);
        }

        @Override
        public String typeName() {
            return "bool";
        }
    }

    /** An immutable list of integers; its array is never written after construction and never handed out. */
    final class ListValue implements Value {
        private final long[] items;

        ListValue(long[] items) {
            this.items = items;
        }

        public int size() {
            return items.length;
        }

        public long get(int i) {
            return items[i];
        }

        long[] toArray() {
            return items.clone();
        }

        long[] copyOfRange(int from, int to) {
            return Arrays.copyOfRange(items, from, to);
        }

        void copyInto(long[] destination, int offset) {
            System.arraycopy(items, 0, destination, offset, items.length);
        }

        @Override
        public String show() {
            StringJoiner joiner = new StringJoiner(", ", "[", "]");
            for (long item : items) {
                joiner.add(Long.toString(item));
            }
            return joiner.toString();
        }

        @Override
        public String typeName() {
            return "list";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ListValue other && Arrays.equals(items, other.items);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(items);
        }

        @Override
        public String toString() {
            return show();
        }
    }
}
