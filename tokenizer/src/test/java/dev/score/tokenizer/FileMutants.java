package dev.score.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutants of a valid file, for the fuzz tests: byte-level damage (bit flips, truncation, bytes
 * inserted or deleted) and JSON-level damage (a value swapped for null, a string, a huge, negative or
 * fractional number, the largest int; a duplicated key; deep nesting). Shared, as the tokenizer module's
 * test jar, with engine's and rl's fuzz tests.
 */
public final class FileMutants {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] BAD_VALUES = {"null", "\"x\"", "\"\"", "-1", "2147483647", "2147483648",
        "-2147483648", "1e308", "1e999", "0.5", "-0.0", "123456789012345678901234567890", "true", "[]", "{}",
        "[2147483647, 2147483647, 2147483647]", "\"NaN\""};

    private FileMutants() {
    }

    /** One byte-level mutant of {@code valid}. */
    public static byte[] bytes(byte[] valid, Random random) {
        byte[] b = valid.clone();
        int at = valid.length == 0 ? 0 : random.nextInt(valid.length);
        return switch (random.nextInt(4)) {
            case 0 -> {
                for (int flips = 1 + random.nextInt(4); flips > 0 && b.length > 0; flips--) {
                    int i = random.nextInt(b.length);
                    b[i] ^= (byte) (1 << random.nextInt(8));
                }
                yield b;
            }
            case 1 -> Arrays.copyOf(b, at);
            case 2 -> {
                byte[] out = new byte[b.length + 1];
                System.arraycopy(b, 0, out, 0, at);
                out[at] = (byte) random.nextInt(256);
                System.arraycopy(b, at, out, at + 1, b.length - at);
                yield out;
            }
            default -> {
                if (b.length == 0) {
                    yield b;
                }
                byte[] out = new byte[b.length - 1];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + 1, out, at, b.length - at - 1);
                yield out;
            }
        };
    }

    /** One JSON-level mutant of the JSON text {@code valid}. */
    public static byte[] json(String valid, Random random) throws Exception {
        return switch (random.nextInt(6)) {
            case 0 -> duplicatedKey(valid, random);
            case 1 -> swapped(valid, random, "[".repeat(100_000) + "]".repeat(100_000));
            default -> swapped(valid, random, BAD_VALUES[random.nextInt(BAD_VALUES.length)]);
        };
    }

    /** Some value (a whole container, an element, a leaf) of the tree replaced by {@code replacement}. */
    private static byte[] swapped(String valid, Random random, String replacement) throws Exception {
        JsonNode root = JSON.readTree(valid);
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        ContainerNode<?> parent = (ContainerNode<?>) containers.get(random.nextInt(containers.size()));
        String marker = "\"@@mutant@@\"";
        if (parent.isEmpty()) {
            return valid.getBytes(StandardCharsets.UTF_8);
        }
        int child = random.nextInt(parent.size());
        if (parent instanceof ObjectNode object) {
            List<String> keys = new ArrayList<>();
            object.fieldNames().forEachRemaining(keys::add);
            object.put(keys.get(child), "@@mutant@@");
        } else {
            ((ArrayNode) parent).set(child, JSON.getNodeFactory().textNode("@@mutant@@"));
        }
        return JSON.writeValueAsString(root).replace(marker, replacement).getBytes(StandardCharsets.UTF_8);
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            node.forEach(child -> collect(child, containers));
        }
    }

    /** The first key of some object given again, with a different value, right after that object opens. */
    private static byte[] duplicatedKey(String valid, Random random) throws Exception {
        JsonNode root = JSON.readTree(valid);
        String key = root.fieldNames().hasNext() ? root.fieldNames().next() : "k";
        String text = JSON.writeValueAsString(root);
        String extra = JSON.writeValueAsString(key) + ": " + BAD_VALUES[random.nextInt(BAD_VALUES.length)] + ", ";
        return ("{" + extra + text.substring(1)).getBytes(StandardCharsets.UTF_8);
    }
}
