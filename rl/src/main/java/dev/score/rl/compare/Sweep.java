package dev.score.rl.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.score.engine.io.AtomicFiles;
import dev.score.rl.train.ConfigTree;
import dev.score.rl.train.Method;
import dev.score.rl.train.MethodPlan;
import dev.score.rl.train.MethodTraining;
import dev.score.rl.train.RunDirectory;
import dev.score.rl.train.ScoreConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sweep of one hyperparameter on the first seed, chosen on validation only: every trained method is
 * trained once with each value, and keeps the value whose training kept the best validation Accuracy@t2
 * (ties go to the value listed first). No test problem is looked at; the chosen candidate's training is
 * what the first seed then evaluates. {@code self_refine} is a prompt with nothing to train, so it is not
 * swept.
 */
final class Sweep {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One value's training of one method, and the validation Accuracy@t2 it kept. */
    record Candidate(String value, double validationAccT2, RunDirectory dir) {
    }

    /** A method's candidates in the order swept, and the one chosen. */
    record Choice(String key, List<Candidate> candidates, Candidate chosen) {
        /** The chosen value as a method's settings. */
        ObjectNode settings() {
            ObjectNode settings = JSON.createObjectNode();
            settings.set(key, SweepSpec.number(chosen.value()));
            return settings;
        }

        /** The chosen training, for the first seed's job to evaluate as it is. */
        MethodPlan plan() {
            return new MethodPlan(settings(), chosen.dir());
        }
    }

    private final SweepSpec spec;
    private final ScoreConfig config;
    private final SeedsDirectory dir;
    private final MethodTraining training;

    Sweep(SweepSpec spec, ScoreConfig config, SeedsDirectory dir, MethodTraining training) {
        this.spec = spec;
        this.config = config;
        this.dir = dir;
        this.training = training;
    }

    /** The methods a sweep trains: every configured one but {@code self_refine}. */
    static List<String> swept(ScoreConfig config) {
        return config.methods().stream().filter(m -> Method.parse(m) != Method.SELF_REFINE).toList();
    }

    /** Trains (or, when already trained, loads) every candidate, chooses, and writes {@code sweep.json}. */
    Map<String, Choice> run() throws IOException {
        Map<String, List<Candidate>> candidates = new LinkedHashMap<>();
        for (String value : spec.values()) {
            ScoreConfig candidate = ConfigTree.with(config, spec.key(), SweepSpec.number(value));
            for (String method : swept(config)) {
                RunDirectory methodDir = dir.candidate(spec.label(value), method);
                double score = training.train(Method.parse(method), candidate, methodDir,
                        method + " (" + spec.label(value) + ")").validationAccT2();
                candidates.computeIfAbsent(method, m -> new ArrayList<>()).add(new Candidate(value, score, methodDir));
            }
        }
        Map<String, Choice> choices = new LinkedHashMap<>();
        candidates.forEach((method, list) -> {
            Candidate best = list.getFirst();
            for (Candidate c : list) {
                best = c.validationAccT2() > best.validationAccT2() ? c : best;
            }
            choices.put(method, new Choice(spec.key(), list, best));
        });
        AtomicFiles.write(dir.sweep(), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json(choices)));
        return choices;
    }

    /**
     * {@code sweep.json}: the key, the values, the seed swept on, per method its candidates ({@code value},
     * {@code validation_acc_t2}, {@code trained_in} relative to the run) and the {@code chosen} value, and the
     * methods {@code not_swept} with the reason.
     */
    private ObjectNode json(Map<String, Choice> choices) {
        ObjectNode root = JSON.createObjectNode().put("key", spec.key());
        root.set("values", JSON.valueToTree(spec.values()));
        root.put("seed", config.seed());
        ObjectNode methods = root.putObject("methods");
        choices.forEach((method, choice) -> {
            ObjectNode entry = methods.putObject(method).put("chosen", choice.chosen().value());
            var list = entry.putArray("candidates");
            for (Candidate c : choice.candidates()) {
                list.addObject().put("value", c.value()).put("validation_acc_t2", c.validationAccT2())
                        .put("trained_in", dir.root().toAbsolutePath().relativize(c.dir().root().toAbsolutePath())
                                .toString());
            }
        });
        ObjectNode notSwept = root.putObject("not_swept");
        config.methods().stream().filter(m -> Method.parse(m) == Method.SELF_REFINE)
                .forEach(m -> notSwept.put(m, "a prompt: nothing to train, so nothing to tune"));
        return root;
    }

    /** The sweep as a table: validation Acc@t2 per method and value in percent, the chosen value starred. */
    String table(Map<String, Choice> choices) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "Sweep of %s on seed %d (validation Acc@t2, "
                + "%%; * the value kept for every seed):%n", spec.key(), config.seed()));
        out.append("| method |");
        spec.values().forEach(v -> out.append(' ').append(v).append(" |"));
        out.append("\n|---|").append("---|".repeat(spec.values().size())).append('\n');
        choices.forEach((method, choice) -> {
            out.append("| ").append(method).append(" |");
            for (Candidate c : choice.candidates()) {
                out.append(String.format(Locale.ROOT, " %.1f%s |", 100 * c.validationAccT2(),
                        c == choice.chosen() ? " *" : ""));
            }
            out.append('\n');
        });
        config.methods().stream().filter(m -> Method.parse(m) == Method.SELF_REFINE)
                .forEach(m -> out.append(m).append(" is not swept: a prompt, with nothing to train.\n"));
        return out.toString();
    }
}
