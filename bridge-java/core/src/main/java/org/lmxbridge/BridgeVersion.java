package org.lmxbridge;

/** The bridge's version, from the jar manifest when packaged. */
public final class BridgeVersion {
    private BridgeVersion() {
    }

    public static final String VERSION = read();

    private static String read() {
        String v = BridgeVersion.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }
}
