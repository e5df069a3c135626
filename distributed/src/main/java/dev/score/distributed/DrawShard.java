package dev.score.distributed;

import java.io.Serializable;
import java.util.List;

/** One worker's part of a step's sampling: its rows' first prompts, and where its first row sits in the batch. */
record DrawShard(List<int[]> firstPrompts, long streams, int firstRow) implements Serializable {
}
