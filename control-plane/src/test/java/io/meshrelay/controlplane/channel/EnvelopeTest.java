package io.meshrelay.controlplane.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshrelay.controlplane.api.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
    private static Envelope.Decoded decode(String json) {
        return Envelope.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void encodesTheDocumentedEnvelopeAndDecodesItBack() {
        byte[] bytes = Envelope.encode("lsdb.delta", Json.object().put("seq", 4));
        assertEquals("{\"v\":1,\"type\":\"lsdb.delta\",\"body\":{\"seq\":4}}", new String(bytes, StandardCharsets.UTF_8));

        Envelope.Decoded d = Envelope.decode(bytes);
        assertEquals(Envelope.Outcome.OK, d.outcome());
        assertEquals("lsdb.delta", d.type());
        assertEquals(4, d.body().get("seq").asInt());
    }

    @Test
    void nullBodyIsSentAsEmptyObject() {
        assertEquals("{\"v\":1,\"type\":\"x\",\"body\":{}}", new String(Envelope.encode("x", null), StandardCharsets.UTF_8));
    }

    @Test
    void unknownTopLevelFieldsAreIgnoredForForwardCompatibility() {
        Envelope.Decoded d = decode("{\"v\":1,\"type\":\"x\",\"body\":{},\"trace\":\"abc\"}");
        assertEquals(Envelope.Outcome.OK, d.outcome());
    }

    @Test
    void otherVersionIsUnsupportedButItsTypeIsReported() {
        Envelope.Decoded d = decode("{\"v\":2,\"type\":\"policy\",\"body\":{}}");
        assertEquals(Envelope.Outcome.UNSUPPORTED_VERSION, d.outcome());
        assertEquals("policy", d.type());
        assertTrue(d.problem().contains("envelope version 2 is not supported"), d.problem());
    }

    @Test
    void malformedEnvelopesSayWhatIsWrong() {
        assertMalformed("{\"type\":\"x\",\"body\":{}}", "field 'v' must be an integer version");
        assertMalformed("{\"v\":1.0,\"type\":\"x\",\"body\":{}}", "field 'v' must be an integer version");
        assertMalformed("{\"v\":\"1\",\"type\":\"x\",\"body\":{}}", "field 'v' must be an integer version");
        assertMalformed("{\"v\":1,\"type\":7,\"body\":{}}", "field 'type' must be");
        assertMalformed("{\"v\":1,\"type\":\"\",\"body\":{}}", "field 'type' must be");
        assertMalformed("{\"v\":1,\"type\":\"x\"}", "field 'body' must be a JSON object");
        assertMalformed("{\"v\":1,\"type\":\"x\",\"body\":null}", "field 'body' must be a JSON object");
        assertMalformed("{\"v\":1,\"v\":1,\"type\":\"x\",\"body\":{}}", "Duplicate field 'v'");
        assertMalformed("{\"v\":1,\"type\":\"x\",\"body\":{}} {}", "not valid JSON");
        assertMalformed("\"just a string\"", "the envelope must be a JSON object");
        assertMalformed("", "the envelope must be a JSON object");
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] bad = {'{', '"', 'v', '"', ':', '1', ',', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, '"', '}'};
        assertEquals(Envelope.Outcome.MALFORMED, Envelope.decode(bad).outcome());
    }

    @Test
    void applicationMayNotSendHelloOrBadTypesOrNonObjectBodies() {
        assertThrows(IllegalArgumentException.class, () -> Envelope.requireApplicationType("hello"));
        assertThrows(IllegalArgumentException.class, () -> Envelope.requireApplicationType("has space"));
        assertThrows(IllegalArgumentException.class, () -> Envelope.requireApplicationType("x".repeat(65)));
        assertThrows(IllegalArgumentException.class, () -> Envelope.encode("x", Json.MAPPER.createArrayNode()));
        Envelope.requireApplicationType("error");
        Envelope.requireApplicationType("lsdb/delta:v2_full-1");
    }

    @Test
    void errorCarriesCodeMessageAndTheTypeItIsAbout() {
        Envelope.Decoded d = Envelope.decode(Envelope.error("malformed", "why", "ping"));
        assertEquals("error", d.type());
        assertEquals("malformed", d.body().get("code").asText());
        assertEquals("why", d.body().get("message").asText());
        assertEquals("ping", d.body().get("type").asText());
        assertNull(Envelope.decode(Envelope.error("malformed", "why", null)).body().get("type"));
    }

    private static void assertMalformed(String json, String problemPart) {
        Envelope.Decoded d = decode(json);
        assertEquals(Envelope.Outcome.MALFORMED, d.outcome(), json);
        assertTrue(d.problem().contains(problemPart), json + " -> " + d.problem());
    }
}
