package dev.score.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.score.engine.io.Gpt2Config;
import dev.score.kernels.Backend;
import dev.score.kernels.Backends;
import dev.score.kernels.Storage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Training steps drawing their memory from a {@link Workspace} give exactly what steps that allocate
 * afresh give: no kernel reads what a previous step left in a recycled buffer.
 */
class WorkspaceTest {

    static Stream<String> backends() {
        return Stream.of("scalar", "vector");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void recycledStepsEqualFreshOnes(String name) {
        try (Backend backend = Backends.create(name, 2)) {
            Gpt2Config config = TestModels.tinyConfig();
            int batch = 2;
            int t = 9;
            int[] tokens = TestModels.randomTokens(batch * t, config.vocabSize(), 5);
            int[] targets = TestModels.randomTokens(batch * t, config.vocabSize(), 6);
            Map<String, float[]> fresh = train(backend, config, tokens, targets, batch, t, null);
            Map<String, float[]> recycled = train(backend, config, tokens, targets, batch, t, new Workspace());
            // Scalar code is bit-exact. Vector code is not across JIT tiers: before C2 compiles a kernel the
            // Vector API runs Java fallbacks whose exp differs from the intrinsic's in the last bit, and
            // which tier runs a given step depends on timing.
            float tolerance = name.equals("scalar") ? 0f : 1e-6f;
            fresh.forEach((param, values) -> assertArrayEquals(values, recycled.get(param), tolerance, param));
        }
    }

    /** Three AdamW steps; returns the parameters and the last step's gradients. */
    private static Map<String, float[]> train(Backend backend, Gpt2Config config, int[] tokens, int[] targets,
            int batch, int t, Workspace workspace) {
        Gpt2Model model = TestModels.randomModel(config, backend, 3);
        AdamW optimizer = AdamW.forModel(model, 0.9f, 0.95f, 1e-8f, 0.1f);
        for (int step = 0; step < 3; step++) {
            model.zeroGrad();
            if (workspace == null) {
                model.loss(tokens, targets, batch, t).backward();
            } else {
                try (Workspace.Scope scope = workspace.open()) {
                    model.loss(tokens, targets, batch, t).backward();
                }
            }
            optimizer.step(1e-2f);
        }
        Map<String, float[]> state = new LinkedHashMap<>(model.parameterValues());
        model.parameters().forEach((param, p) -> state.put(param + ".grad", p.gradToArray()));
        return state;
    }

    @Test
    void aClosedScopeHandsItsStoragesOutAgain() {
        try (Backend backend = Backends.create("scalar", 1)) {
            Workspace workspace = new Workspace();
            Storage first;
            try (Workspace.Scope scope = workspace.open()) {
                first = Workspace.output(backend, 10);
            }
            try (Workspace.Scope scope = workspace.open()) {
                assertSame(first, Workspace.output(backend, 10));
                Storage zeros = Workspace.zeros(backend, 10);
                assertEquals(0f, backend.toArray(zeros)[0]);
            }
        }
    }

    @Test
    void recyclingInsideAScopeHandsOutAllButTheKeptStorageAgain() {
        try (Backend backend = Backends.create("scalar", 1)) {
            Workspace workspace = new Workspace();
            Storage keptStorage;
            try (Workspace.Scope scope = workspace.open()) {
                Storage dead = Workspace.output(backend, 10);
                Tensor kept = Tensor.of(backend, new float[10], false, 10);
                keptStorage = Workspace.output(backend, 10);
                Tensor keep = Tensor.result(keptStorage, new int[] {10}, null, kept);
                Workspace.recycleAllBut(keep);
                assertSame(dead, Workspace.output(backend, 10), "the dead storage is handed out again");
                assertNotSame(keptStorage, Workspace.output(backend, 10), "the kept one is not");
            }
            // Closing the scope returns the kept storage with the others: the next scope meets it again.
            try (Workspace.Scope scope = workspace.open()) {
                Set<Storage> handed = Set.of(Workspace.output(backend, 10), Workspace.output(backend, 10),
                        Workspace.output(backend, 10));
                assertTrue(handed.contains(keptStorage));
            }
        }
    }

    @Test
    void aSizeIsKeptWhileRecentScopesAskForIt() {
        try (Backend backend = Backends.create("scalar", 1)) {
            Workspace workspace = new Workspace();
            Storage ten = storageAfterOtherSizes(backend, workspace, Workspace.KEEP_SCOPES - 1);
            try (Workspace.Scope scope = workspace.open()) {
                assertSame(ten, Workspace.output(backend, 10), "a batch length met again reuses its memory");
            }
        }
    }

    @Test
    void aSizeNoRecentScopeAskedForIsLetGo() {
        try (Backend backend = Backends.create("scalar", 1)) {
            Workspace workspace = new Workspace();
            Storage ten = storageAfterOtherSizes(backend, workspace, Workspace.KEEP_SCOPES);
            try (Workspace.Scope scope = workspace.open()) {
                assertNotSame(ten, Workspace.output(backend, 10), "memory of sizes no longer asked for is not kept");
            }
        }
    }

    @Test
    void pastItsLimitTheSizesTheLastScopeDidNotAskForAreLetGoOldestFirst() {
        try (Backend backend = Backends.create("scalar", 1)) {
            Workspace workspace = new Workspace(26);
            Storage[] taken = new Storage[3];
            int[] sizes = {10, 12, 14};
            for (int i = 0; i < sizes.length; i++) {
                try (Workspace.Scope scope = workspace.open()) {
                    taken[i] = Workspace.output(backend, sizes[i]);
                }
            }
            // Closing the scope of 14 left 36 idle floats over a limit of 26: 10, the oldest, went; 12 and 14 fit.
            try (Workspace.Scope scope = workspace.open()) {
                assertSame(taken[2], Workspace.output(backend, 14), "the closing scope's own size stays");
                assertSame(taken[1], Workspace.output(backend, 12), "a newer size within the limit stays");
                assertNotSame(taken[0], Workspace.output(backend, 10), "the oldest size over the limit went");
            }
        }
    }

    @Test
    void aScopeLargerThanTheLimitKeepsItsOwnStorages() {
        try (Backend backend = Backends.create("scalar", 1)) {
            Workspace workspace = new Workspace(5);
            Storage first;
            Storage second;
            try (Workspace.Scope scope = workspace.open()) {
                first = Workspace.output(backend, 10);
                second = Workspace.output(backend, 10);
            }
            try (Workspace.Scope scope = workspace.open()) {
                Storage a = Workspace.output(backend, 10);
                Storage b = Workspace.output(backend, 10);
                assertTrue((a == first && b == second) || (a == second && b == first), "both storages reused");
            }
        }
    }

    /** A scope that takes a size-10 storage, then {@code scopes} scopes that ask for size 20 only. */
    private static Storage storageAfterOtherSizes(Backend backend, Workspace workspace, int scopes) {
        Storage ten;
        try (Workspace.Scope scope = workspace.open()) {
            ten = Workspace.output(backend, 10);
        }
        for (int i = 0; i < scopes; i++) {
            try (Workspace.Scope scope = workspace.open()) {
                Workspace.output(backend, 20);
            }
        }
        return ten;
    }

    @Test
    void scopesOfOneWorkspaceDoNotNest() {
        try (Backend backend = Backends.create("scalar", 1)) {
            Workspace workspace = new Workspace();
            try (Workspace.Scope scope = workspace.open()) {
                assertThrows(IllegalStateException.class, workspace::open);
            }
        }
    }
}
