package io.meshrelay.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** rbstat's noise figures with the generator's own JVM taken out. */
class LoadSweepNoiseTest {
    private static ObjectNode rbstat(double wall, double proc, double tick, boolean noisy) {
        return JsonNodeFactory.instance.objectNode().put("wall_s", wall).put("other_proc_cores", proc)
                .put("other_tick_cores", tick).put("other_cores", Math.max(proc, tick)).put("noisy", noisy);
    }

    @Test
    void theGeneratorsOwnCpuIsNotCountedAsOtherLoad() {
        // 2 s point: rbstat saw 0.65 cores of "other" processes, 0.62 of them this JVM
        ObjectNode rec = rbstat(2.0, 0.65, 0.1, true);
        assertFalse(LoadSweep.discountGenerator(rec, 1.24, 1.1, 0.25));
        assertEquals(0.03, rec.get("other_proc_cores").asDouble(), 1e-9);
        assertEquals(0.03, rec.get("other_tick_cores").asDouble(), 1e-9); // 0.1 - (1.24 - 1.1) / 2
        assertEquals(0.62, rec.get("generator_cpu_cores").asDouble(), 1e-9);
        assertFalse(rec.get("noisy").asBoolean());
    }

    @Test
    void anotherProcessStillMakesThePointNoisy() {
        ObjectNode rec = rbstat(2.0, 1.65, 0.0, true);
        assertTrue(LoadSweep.discountGenerator(rec, 1.24, 1.2, 0.25));
        assertEquals(1.03, rec.get("other_cores").asDouble(), 1e-9);
        assertTrue(rec.get("noisy").asBoolean());
    }

    @Test
    void withoutTheJvmsCpuTimeTheVerdictIsRbstats() {
        ObjectNode rec = rbstat(2.0, 0.65, 0.0, true);
        assertTrue(LoadSweep.discountGenerator(rec, 0, 0, 0.25));
        assertEquals(0.65, rec.get("other_proc_cores").asDouble(), 1e-9);
    }
}
