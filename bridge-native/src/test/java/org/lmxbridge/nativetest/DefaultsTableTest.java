package org.lmxbridge.nativetest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.internal.json.Json;
import org.lmxbridge.model.Command;

/**
 * The C library repeats some of the core's defaults and limits (src/lmx_internal.h, "defaults shared
 * with the core"): the host engine's answer timeout is computed from the timeouts, the default token
 * file lives in the default data folder, and sizes are refused in C before they reach Java. Same
 * numbers and names on both sides, as StatusTableTest does for the statuses.
 */
class DefaultsTableTest {
    private static Map<String, String> defines() throws Exception {
        String h = Files.readString(Path.of("src", "lmx_internal.h"), StandardCharsets.UTF_8)
                + Files.readString(Path.of("include", "loymax_bridge.h"), StandardCharsets.UTF_8);
        Map<String, String> d = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^#define (LMX_[A-Z_]+)\\s+(\"[^\"]*\"|\\([^)]*\\)|\\d+)").matcher(h);
        while (m.find()) d.put(m.group(1), m.group(2));
        return d;
    }

    private static long number(Map<String, String> d, String name) {
        String v = d.get(name);
        assertNotNull(v, name + " is not defined in lmx_internal.h");
        v = v.replaceAll("[()\\s]", "");
        long r = 1;
        for (String f : v.split("\\*")) r *= Long.parseLong(f);
        return r;
    }

    @Test
    void cDefaultsAreTheCores() throws Exception {
        Map<String, String> d = defines();
        assertEquals(BridgeConfig.DEFAULT_CONNECT_TIMEOUT_MS, number(d, "LMX_DEFAULT_CONNECT_TIMEOUT_MS"));
        assertEquals(BridgeConfig.DEFAULT_READ_TIMEOUT_MS, number(d, "LMX_DEFAULT_READ_TIMEOUT_MS"));
        assertEquals(BridgeConfig.DEFAULT_LANE_EXTRA_MS, number(d, "LMX_DEFAULT_LANE_EXTRA_MS"));
        assertEquals("\"" + BridgeConfig.DEFAULT_DATA_DIR_POSIX + "\"", d.get("LMX_DEFAULT_DATA_DIR_POSIX"));
        assertEquals("\"" + BridgeConfig.DEFAULT_DATA_DIR_WINDOWS + "\"", d.get("LMX_DEFAULT_DATA_DIR_WINDOWS"));
        assertEquals(Json.MAX_INPUT_CHARS, number(d, "LMX_MAX_CONFIG_BYTES"));
        assertEquals(Json.MAX_INPUT_CHARS, number(d, "LMX_MAX_REQUEST_BYTES"));
        assertEquals(Json.MAX_INPUT_CHARS, number(d, "LMX_MAX_REQUEST_JSON_BYTES")); // the header's, for callers
        assertEquals(Json.MAX_DEPTH, number(d, "LMX_MAX_REQUEST_DEPTH"));
        assertEquals(Command.MAX_NAME, number(d, "LMX_MAX_COMMAND_BYTES"));
        // a value the core accepts (10,000 characters) always fits the C limit in UTF-8 (4 bytes each at most)
        assertEquals(40 * 1024, number(d, "LMX_MAX_VALUE_BYTES"));
        String json = Files.readString(Path.of("src", "lmx_json.h"), StandardCharsets.UTF_8);
        Matcher depth = Pattern.compile("#define LMX_JSON_MAX_DEPTH (\\d+)").matcher(json);
        depth.find();
        assertEquals(Json.MAX_DEPTH, Integer.parseInt(depth.group(1)));
    }
}
