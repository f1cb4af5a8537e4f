package org.lmxbridge.it.chaos;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.lmxbridge.BridgeException;
import org.lmxbridge.CommandSession;

/**
 * The bridge process of {@link ChaosIT}: a register's {@link CommandSession} driven over stdin/stdout,
 * one line per request and one per answer, so the test can kill it with SIGKILL at any moment and
 * start it again on the same data folder.
 * <pre>
 *   OPEN {config}            → OK | ERR text
 *   EXEC command {request}   → RESULT {result JSON}
 *   CLOSE                    → OK
 * </pre>
 * It prints {@code READY} once the JVM is warm (one harmless status call).
 */
public final class ChaosRegister {
    private ChaosRegister() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        CommandSession s = null;
        out.println("READY");
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("OPEN ")) {
                try {
                    if (s != null) s.close();
                    s = CommandSession.open(line.substring(5));
                    s.execute("status", null);
                    out.println("OK");
                } catch (BridgeException e) {
                    s = null;
                    out.println("ERR " + e.getMessage().replace('\n', ' '));
                }
            } else if (line.startsWith("EXEC ")) {
                int sp = line.indexOf(' ', 5);
                String command = sp < 0 ? line.substring(5) : line.substring(5, sp);
                String request = sp < 0 ? null : line.substring(sp + 1);
                if (s == null) {
                    out.println("ERR not open");
                    continue;
                }
                s.execute(command, request);
                out.println("RESULT " + s.resultJson());
            } else if (line.equals("CLOSE")) {
                if (s != null) s.close();
                s = null;
                out.println("OK");
            } else {
                out.println("ERR unknown line");
            }
        }
        if (s != null) s.close();
    }
}
