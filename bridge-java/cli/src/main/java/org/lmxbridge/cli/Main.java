package org.lmxbridge.cli;

import org.lmxbridge.BridgeVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code loymax-bridge}: the command-line tool. The only place that may end the JVM with a code. */
@Command(name = "loymax-bridge", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Loymax POS bridge: run loyalty operations, diagnose a register, run the emulator.",
        subcommands = {CallCommand.class, CheckCommand.class, QueueCommand.class, EmulatorCommand.class, DemoCommand.class,
            HostCommand.class, ConsoleCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"loymax-bridge " + BridgeVersion.VERSION};
        }
    }

    public static void main(String[] args) {
        InstalledSqlite.useIfInstalled(); // before anything opens a queue: SQLite's library from the install folder
        System.exit(run(args));
    }

    /** Runs the tool and returns its exit code (tests call this; only {@link #main} exits). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true); // --lang en, --lang EN
        return cl.execute(args);
    }
}
