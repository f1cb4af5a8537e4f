package org.lmxbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/** Status.errorName names every status constant: its name in CamelCase (issue 11: names were typed by hand). */
class StatusNameTest {
    @Test
    void everyConstantHasItsCamelCaseName() throws Exception {
        int n = 0;
        for (Field f : Status.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != int.class) continue;
            StringBuilder camel = new StringBuilder();
            for (String part : f.getName().split("_")) {
                camel.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
            }
            assertEquals(camel.toString(), Status.errorName(f.getInt(null)), f.getName());
            n++;
        }
        assertEquals(36, n);
        assertEquals("Error999", Status.errorName(999));
    }
}
