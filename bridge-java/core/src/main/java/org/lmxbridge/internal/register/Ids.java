package org.lmxbridge.internal.register;

import java.util.UUID;

/** Generated identifiers: 32 hex characters (a GUID without dashes), as seen in captures. */
public final class Ids {
    private Ids() {
    }

    public static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
