package org.lmxbridge.nativetest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.lmxbridge.Status;

/** loymax_bridge.h repeats org.lmxbridge.Status as LMX_* constants: same names, same numbers. */
class StatusTableTest {
    @Test
    void headerAndStatusAgree() throws Exception {
        String header = Files.readString(Path.of("include", "loymax_bridge.h"), StandardCharsets.UTF_8);
        Map<String, Integer> h = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^#define LMX_([A-Z_]+)\\s+(\\d+)\\b").matcher(header);
        while (m.find()) {
            if (!m.group(1).equals("MAX_INPUT_BYTES")) h.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        Map<String, Integer> j = new TreeMap<>();
        for (Field f : Status.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) j.put(f.getName(), f.getInt(null));
        }
        assertTrue(j.size() > 30, "Status constants found: " + j.size());
        assertEquals(j, h, "LMX_* in loymax_bridge.h vs org.lmxbridge.Status");
    }
}
