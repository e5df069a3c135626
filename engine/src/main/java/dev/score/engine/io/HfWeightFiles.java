package dev.score.engine.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;

/**
 * The safetensors files of a Hugging Face model directory, open: one {@code model.safetensors}, or the
 * shards that {@code model.safetensors.index.json}'s {@code weight_map} names, each tensor read from the
 * shard the index gives and nowhere else. Close it to unmap the files.
 */
public final class HfWeightFiles implements AutoCloseable {
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private final Path origin;
    private final List<SafeTensorsFile> files;
    private final LinkedHashMap<String, SafeTensorsFile> fileOf;

    private HfWeightFiles(Path origin, List<SafeTensorsFile> files, LinkedHashMap<String, SafeTensorsFile> fileOf) {
        this.origin = origin;
        this.files = files;
        this.fileOf = fileOf;
    }

    /** Opens {@code dir}'s weights: {@code model.safetensors} if present, else the shards of the index. */
    public static HfWeightFiles open(Path dir) {
        Path single = dir.resolve(Checkpoint.MODEL_FILE);
        if (Files.exists(single)) {
            SafeTensorsFile file = SafeTensors.read(single);
            LinkedHashMap<String, SafeTensorsFile> fileOf = new LinkedHashMap<>();
            file.names().forEach(name -> fileOf.put(name, file));
            return new HfWeightFiles(single, List.of(file), fileOf);
        }
        Path index = ModelDirectory.requireFile(dir, INDEX_FILE, "a model directory holds " + Checkpoint.MODEL_FILE
                + ", or shards listed in " + INDEX_FILE);
        return openShards(dir, index);
    }

    private static HfWeightFiles openShards(Path dir, Path index) {
        ObjectNode weightMap = new JsonFields(index, JsonFiles.readObject(index)).requiredObject("weight_map");
        Map<String, SafeTensorsFile> shards = new LinkedHashMap<>();
        LinkedHashMap<String, SafeTensorsFile> fileOf = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, JsonNode> entry : weightMap.properties()) {
                JsonNode shardName = entry.getValue();
                if (!shardName.isTextual() || shardName.textValue().contains("/") || shardName.textValue().contains("\\")) {
                    throw new CheckpointException(index, "key \"weight_map\".\"" + entry.getKey()
                            + "\": expected the name of a file beside the index, found " + JsonFiles.typeOf(shardName));
                }
                SafeTensorsFile shard = shards.get(shardName.textValue());
                if (shard == null) {
                    shard = SafeTensors.read(ModelDirectory.requireFile(dir, shardName.textValue(),
                            "a shard named by " + INDEX_FILE));
                    shards.put(shardName.textValue(), shard);
                }
                if (!shard.contains(entry.getKey())) {
                    throw CheckpointException.inTensor(shard.path(), entry.getKey(), "missing from the file, though "
                            + INDEX_FILE + " places it there");
                }
                fileOf.put(entry.getKey(), shard);
            }
            for (SafeTensorsFile shard : shards.values()) {
                for (String name : shard.names()) {
                    if (fileOf.get(name) != shard) {
                        throw CheckpointException.inTensor(shard.path(), name, INDEX_FILE
                                + " does not place this tensor in this file");
                    }
                }
            }
        } catch (RuntimeException e) {
            shards.values().forEach(SafeTensorsFile::close);
            throw e;
        }
        return new HfWeightFiles(index, new ArrayList<>(shards.values()), fileOf);
    }

    /** The single file, or the index of the shards: where a message about the whole set points. */
    public Path origin() {
        return origin;
    }

    /** Every tensor name, in the file's (or the index's) order. */
    public SequencedSet<String> names() {
        return fileOf.sequencedKeySet();
    }

    /** The file that holds {@code name}. */
    public SafeTensorsFile fileOf(String name) {
        SafeTensorsFile file = fileOf.get(name);
        if (file == null) {
            throw CheckpointException.inTensor(origin, name, "no such tensor");
        }
        return file;
    }

    @Override
    public void close() {
        files.forEach(SafeTensorsFile::close);
    }
}
