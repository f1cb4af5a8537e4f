package org.lmxbridge.it.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** The test's side of a {@link ChaosRegister} process: send a line, wait for its answer, or kill it (SIGKILL). */
final class BridgeProcess implements AutoCloseable {
    private static final String EOF = "\u0000EOF";
    private final Process process;
    private final Writer in;
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(1024);
    private boolean dead;

    BridgeProcess(Path logFile) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m"));
        cmd.addAll(List.of("-Xshare:auto", "-Dlmx.it.logfile=" + logFile, "-cp", System.getProperty("java.class.path"),
                ChaosRegister.class.getName()));
        process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) lines.put(l);
            } catch (IOException | InterruptedException e) {
                // killed
            }
            lines.offer(EOF);
        }, "chaos-reader");
        reader.setDaemon(true);
        reader.start();
        String ready = lines.poll(60, TimeUnit.SECONDS);
        if (!"READY".equals(ready)) throw new IOException("the bridge process did not start: " + ready);
    }

    /** Sends a line and waits for the answer line (null when the process died first). */
    String call(String line, long timeoutMs) throws IOException, InterruptedException {
        send(line);
        return answer(timeoutMs);
    }

    void send(String line) throws IOException {
        in.write(line.replace('\n', ' '));
        in.write('\n');
        in.flush();
    }

    String answer(long timeoutMs) throws InterruptedException {
        if (dead && lines.isEmpty()) return null;
        String l = lines.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (l == null) throw new IllegalStateException("the bridge process did not answer within " + timeoutMs + " ms");
        if (EOF.equals(l)) {
            dead = true;
            return null;
        }
        return l;
    }

    /** SIGKILL; returns the answer the process had already written (the register got it), or null. */
    String kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
        dead = true;
        String l = lines.poll(2, TimeUnit.SECONDS);
        return l == null || EOF.equals(l) ? null : l;
    }

    @Override
    public void close() throws InterruptedException {
        if (!dead) {
            try {
                send("CLOSE");
                in.close();
            } catch (IOException e) {
                // already gone
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        }
        dead = true;
    }
}
