package io.meshrelay.controlplane.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshrelay.controlplane.api.Json;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The JSON envelope of every control message: {@code {"v":1,"type":"...","body":{...}}}.
 * {@code v} is an integer version, {@code type} a name of 1-64 characters from
 * {@code [A-Za-z0-9._:/-]} starting with a letter or digit, {@code body} an object; other
 * top-level fields are ignored, so a later minor revision may add some. Duplicate keys and
 * trailing data are malformed. Stateless; any thread.
 */
final class Envelope {
    static final int VERSION = 1;
    /** Transport-level: the first message each way on a control stream; never given to the listener. */
    static final String HELLO = "hello";
    /** Sent by the transport when it drops a message; delivered to the listener like any message. */
    static final String ERROR = "error";

    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}");
    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    enum Outcome { OK, MALFORMED, UNSUPPORTED_VERSION }

    /** A decoded envelope, or why it could not be; {@code type} is set when it could be read. */
    record Decoded(Outcome outcome, String type, ObjectNode body, String problem) {
        static Decoded malformed(String type, String problem) {
            return new Decoded(Outcome.MALFORMED, type, null, problem);
        }
    }

    private Envelope() {
    }

    /** Rejects a type the application may not send: malformed, or the transport's own hello. */
    static void requireApplicationType(String type) {
        requireType(type);
        if (HELLO.equals(type)) {
            throw new IllegalArgumentException("message type 'hello' is reserved for the control channel itself");
        }
    }

    static void requireType(String type) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("message type '" + type + "' must be 1-64 of A-Z a-z 0-9 . _ : / -, "
                    + "starting with a letter or digit");
        }
    }

    /** The UTF-8 JSON of an envelope; a null body is sent as {@code {}}. */
    static byte[] encode(String type, JsonNode body) {
        requireType(type);
        if (body != null && !body.isObject()) {
            throw new IllegalArgumentException("message body must be a JSON object, not " + body.getNodeType());
        }
        ObjectNode env = Json.object();
        env.put("v", VERSION);
        env.put("type", type);
        env.set("body", body == null ? Json.object() : body);
        try {
            return Json.MAPPER.writeValueAsBytes(env);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("message body of type '" + type + "' cannot be serialised: "
                    + e.getOriginalMessage(), e);
        }
    }

    static byte[] error(String code, String message, String aboutType) {
        ObjectNode body = Json.object().put("code", code).put("message", message);
        if (aboutType != null) {
            body.put("type", aboutType);
        }
        return encode(ERROR, body);
    }

    static Decoded decode(byte[] json) {
        JsonNode root;
        try {
            root = READER.readTree(json);
        } catch (JsonProcessingException e) {
            return Decoded.malformed(null, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return Decoded.malformed(null, "not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return Decoded.malformed(null, "the envelope must be a JSON object");
        }
        JsonNode v = root.get("v");
        JsonNode t = root.get("type");
        String type = t != null && t.isTextual() && TYPE.matcher(t.textValue()).matches() ? t.textValue() : null;
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            return Decoded.malformed(type, "field 'v' must be an integer version");
        }
        if (v.intValue() != VERSION) {
            return new Decoded(Outcome.UNSUPPORTED_VERSION, type, null,
                    "envelope version " + v.asText() + " is not supported; this node speaks version " + VERSION);
        }
        if (type == null) {
            return Decoded.malformed(null, "field 'type' must be a string of 1-64 of A-Z a-z 0-9 . _ : / -");
        }
        JsonNode body = root.get("body");
        if (body == null || !body.isObject()) {
            return Decoded.malformed(type, "field 'body' must be a JSON object");
        }
        return new Decoded(Outcome.OK, type, (ObjectNode) body, null);
    }
}
