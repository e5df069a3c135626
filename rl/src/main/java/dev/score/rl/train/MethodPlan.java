package dev.score.rl.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * How one method of a job trains: the {@code settings} it trains with besides the job's config (e.g. the
 * learning rate a sweep chose; none by default) and the directory its training files go to (the job's
 * {@code METHOD/}, or the sweep's run of the chosen value, which the job then evaluates without training
 * again).
 */
public record MethodPlan(ObjectNode settings, RunDirectory dir) {
    public MethodPlan {
        settings = settings.deepCopy();
    }

    /** The job's config with this plan's settings. */
    public ScoreConfig config(ScoreConfig job) {
        ScoreConfig config = job;
        for (Iterator<Map.Entry<String, JsonNode>> it = settings.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> setting = it.next();
            config = ConfigTree.with(config, setting.getKey(), setting.getValue());
        }
        return config;
    }
}
