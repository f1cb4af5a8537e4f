package org.lmxbridge.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Points sqlite-jdbc at the SQLite native library installed beside the tool, as the native library's
 * in-process engine does (bridge-native/src/lmx_jvm.c, "Packaging hook"). Without it every start of
 * the command-line tool or of the host (the Windows service runs {@code loymax-bridge.exe host})
 * extracts a copy of the library into the temp folder and loads it from there — where a locked-down
 * register's software restriction policy may forbid loading a DLL, and where a killed process leaves
 * its copy behind.
 *
 * <p>Looked for beside the running jar (or the Launch4j exe that carries it), see {@link #find}. Nothing found, or {@code org.sqlite.lib.path} already given: sqlite-jdbc's own
 * behaviour. A library that is found but does not load costs nothing either: sqlite-jdbc then falls
 * back to its extracted copy. Internal.
 */
final class InstalledSqlite {
    private InstalledSqlite() {
    }

    /** Sets {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name} when an installed library is found. */
    static void useIfInstalled() {
        if (System.getProperty("org.sqlite.lib.path") != null) return; // given by whoever started the JVM
        try {
            Path code = Path.of(InstalledSqlite.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = Files.isDirectory(code) ? null : code.getParent(); // classes folder (tests, IDE): nothing installed
            if (dir == null) return;
            find(dir, System.getProperty("os.name", ""), System.getProperty("os.arch", "")).ifPresent(lib -> {
                System.setProperty("org.sqlite.lib.path", lib.getParent().toString());
                System.setProperty("org.sqlite.lib.name", lib.getFileName().toString());
            });
        } catch (Exception | LinkageError e) {
            // no code source (an unusual class loader) or an unreadable folder: sqlite-jdbc's own behaviour
        }
    }

    /**
     * The installed library for this platform in {@code dir}, if any: on Windows
     * {@code dir\x64\sqlitejdbc.dll} or {@code dir\x86\sqlitejdbc.dll} by the JVM's bitness (the MSI puts
     * the exe in the install folder and each bitness's libraries in its subfolder); on x86-64 Linux
     * {@code dir/libsqlitejdbc.so} (dist/linux-x64, /opt/loymax-bridge). No other platform ships a copy.
     * @param osName {@code os.name}
     * @param osArch {@code os.arch}
     */
    static Optional<Path> find(Path dir, String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String bits = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x64";
            case "x86", "i386", "i486", "i586", "i686" -> "x86";
            default -> "";
        };
        Path lib;
        if (os.startsWith("windows") && !bits.isEmpty()) {
            lib = dir.resolve(bits).resolve("sqlitejdbc.dll");
        } else if (os.startsWith("linux") && bits.equals("x64")) {
            lib = dir.resolve("libsqlitejdbc.so");
        } else {
            return Optional.empty();
        }
        return Files.isRegularFile(lib) ? Optional.of(lib.toAbsolutePath()) : Optional.empty();
    }
}
