package org.lmxbridge.internal.owner;

import java.nio.file.Path;

/**
 * How this process is named to a person who finds it owning a register: the register program with the
 * in-process library ({@code register_demo (in-process library)}), {@code loymax-bridge host}, or a
 * command of the tool. Internal.
 */
public final class OwnerProcess {
    private OwnerProcess() {
    }

    /** Set by the tool's commands (e.g. "loymax-bridge host"); the native library sets {@code org.lmxbridge.engine=jvm}. */
    public static final String PROGRAM_PROPERTY = "org.lmxbridge.program";

    /** The program file's name, looked up once (at first use): the operating system was asked at every register open. */
    private static final class Exe {
        static final String NAME = ProcessHandle.current().info().command().map(c -> {
            Path f = Path.of(c).getFileName();
            return f == null ? c : f.toString();
        }).orElse("?");
    }

    public static String describe() {
        String p = System.getProperty(PROGRAM_PROPERTY);
        if (p != null && !p.isBlank()) return p;
        String exe = Exe.NAME;
        if ("jvm".equals(System.getProperty("org.lmxbridge.engine"))) return exe + " (in-process library)";
        return exe + " (Java)";
    }
}
