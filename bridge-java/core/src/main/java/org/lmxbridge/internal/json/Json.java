package org.lmxbridge.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;

/** The one JSON mapper of the core: BigDecimal for every number, money written as plain strings. Internal. */
public final class Json {
    private Json() {
    }

    /** Largest JSON text accepted from a caller (request or configuration). */
    public static final int MAX_INPUT_CHARS = 1 << 20;
    /** Deepest nesting accepted (the C library's JSON module and the parameter bag use the same). */
    public static final int MAX_DEPTH = 64;

    public static final ObjectMapper MAPPER = create();

    private static ObjectMapper create() {
        SimpleModule money = new SimpleModule("plain-money");
        money.addSerializer(BigDecimal.class, new StdSerializer<>(BigDecimal.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.toPlainString());
            }
        });
        JsonMapper m = JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .addModule(money)
                .build();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_INPUT_CHARS).maxNumberLength(64).build());
        return m;
    }

    /**
     * One JSON value and nothing after it but blanks: "{…} xyz" and "{…}]]]" are refused as trailing
     * data (Jackson would report the second token's own problem, or accept it).
     */
    public static JsonNode parse(String text) throws IOException {
        try (JsonParser p = MAPPER.createParser(text)) {
            JsonNode n;
            try {
                n = MAPPER.readTree(p);
            } catch (NumberFormatException e) {
                // found by RequestParserFuzzTest: 55E555…5 (an exponent BigDecimal cannot hold) escaped
                // Jackson as a NumberFormatException, so a request error became 6 "internal error"
                throw new com.fasterxml.jackson.core.JsonParseException(p, "Numeric value out of range", p.currentLocation());
            }
            com.fasterxml.jackson.core.JsonLocation end = p.currentLocation();
            boolean more;
            try {
                more = p.nextToken() != null;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                more = true;
            }
            if (more) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "Trailing token after the JSON value", end);
            }
            return n;
        }
    }

    public static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
