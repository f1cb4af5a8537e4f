package org.lmxbridge.cli;

import java.nio.file.Path;

/**
 * Points the bridge's rolling log at {@code <dataDir>/logs} before the first logger is created
 * (logback reads these properties when it starts).
 */
final class CliLogging {
    private CliLogging() {
    }

    static void init(Path dataDir, String level) {
        if (dataDir != null) System.setProperty("lmx.logdir", dataDir.resolve("logs").toString());
        if (level != null) System.setProperty("lmx.loglevel", level);
    }

    /** How this process is named to a person who finds it owning a register (queue, check, console of other processes). */
    static void program(String name) {
        System.setProperty(org.lmxbridge.internal.owner.OwnerProcess.PROGRAM_PROPERTY, name);
    }

    static void verboseConsole() {
        System.setProperty("lmx.consolelevel", "INFO");
    }
}
