package org.lmxbridge.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command-line tool run in a JVM of its own, as support or a service runs it (tests): its exit code
 * and what it printed, standard error included.
 */
public final class ToolRun {
    private ToolRun() {
    }

    /** What a finished run printed, and its exit code. */
    public record Finished(int exit, String out) {
    }

    /** Starts {@code loymax-bridge ARGS} with this test JVM's class path; its standard input is closed when {@code closeInput}. */
    public static Process start(boolean closeInput, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (closeInput) p.getOutputStream().close();
        return p;
    }

    /** Reads a run's output to its end and waits for it (60 s at most: a run that does not end fails the test). */
    public static Finished finish(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("it did not stop: " + out);
        }
        return new Finished(p.exitValue(), out);
    }

    /** {@code loymax-bridge ARGS} with standard input closed, run to its end. */
    public static Finished run(String... args) throws Exception {
        return finish(start(true, args));
    }
}
