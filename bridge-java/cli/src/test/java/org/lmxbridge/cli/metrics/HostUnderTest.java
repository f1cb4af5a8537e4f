package org.lmxbridge.cli.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lmxbridge.cli.ToolRun;
import org.lmxbridge.internal.host.HostClient;

/**
 * A real {@code loymax-bridge host} in a JVM of its own, as a service runs it, with the register of
 * {@code config} kept open and its metrics on a port; a register program's connection to it
 * ({@link HostClient}); and {@code /metrics} read over HTTP as Prometheus reads it.
 */
final class HostUnderTest implements AutoCloseable {
    final Process process;
    final int hostPort;
    final int metricsPort;
    final String metricsUrl;
    final List<String> output = new ArrayList<>();
    private final Path dataDir;
    private HostClient client;
    private long handle;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HostUnderTest(Process p, int hostPort, int metricsPort, String metricsUrl, Path dataDir) {
        this.process = p;
        this.hostPort = hostPort;
        this.metricsPort = metricsPort;
        this.metricsUrl = metricsUrl;
        this.dataDir = dataDir;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Runs {@code loymax-bridge host ARGS} and returns its exit code and output, for hosts that must refuse to start. */
    static ToolRun.Finished refused(String... args) throws Exception {
        return ToolRun.finish(start(args));
    }

    private static Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("host"));
        cmd.addAll(List.of(args));
        return ToolRun.start(false, cmd.toArray(String[]::new));
    }

    /** Starts the host with {@code --config config --port 0 --data-dir dataDir --metrics-port P} and extra arguments. */
    static HostUnderTest start(Path config, Path dataDir, String... extra) throws Exception {
        int mp = freePort();
        List<String> args = new ArrayList<>(List.of("--config", config.toString(), "--port", "0", "--data-dir", dataDir.toString(),
                "--metrics-port", Integer.toString(mp), "--until-stdin-closes"));
        args.addAll(List.of(extra));
        Process p = start(args.toArray(new String[0]));
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) lines.add(l);
            } catch (IOException ignored) {
                // the host ended
            }
            lines.add("\u0000END");
        }, "host-output");
        reader.setDaemon(true);
        reader.start();
        int hostPort = -1;
        String url = null;
        List<String> seen = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (url == null || hostPort < 0) {
            String l = lines.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (l == null || l.equals("\u0000END")) {
                p.destroyForcibly();
                throw new AssertionError("the host did not start its metrics: " + seen);
            }
            seen.add(l);
            Matcher m = Pattern.compile("^host listening on 127\\.0\\.0\\.1:(\\d+)").matcher(l);
            if (m.find()) hostPort = Integer.parseInt(m.group(1));
            if (l.startsWith("metrics on ")) url = l.substring("metrics on ".length()).trim();
        }
        HostUnderTest h = new HostUnderTest(p, hostPort, mp, url, dataDir);
        h.output.addAll(seen);
        return h;
    }

    /** The register program's session on the host, opened on first use. */
    private long handle(Path config) throws IOException {
        if (client == null) {
            String token = Files.readString(dataDir.resolve("host.token")).strip();
            client = HostClient.connect(hostPort, token, "metrics-test");
            JsonNode o = client.open(config.toString());
            if (o.path("status").asInt(-1) != 0) throw new AssertionError("open: " + o);
            handle = o.get("handle").asLong();
        }
        return handle;
    }

    /** Runs a command through the host as a register program does; returns the whole result JSON. */
    JsonNode execute(Path config, String command, String request) throws IOException {
        long h = handle(config);
        client.execute(h, command, request);
        JsonNode r = client.result(h, "");
        return org.lmxbridge.internal.json.Json.parse(r.path("value").asText());
    }

    /** GET /metrics without a token; the body. */
    String scrape() throws Exception {
        HttpResponse<String> r = get(null);
        if (r.statusCode() != 200) throw new AssertionError("/metrics answered " + r.statusCode() + ": " + r.body());
        return r.body();
    }

    HttpResponse<String> get(String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(20)).GET();
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** One line of the text exposition: name, labels, value. */
    record Sample(String name, java.util.Map<String, String> labels, double value) {
    }

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The samples of an exposition (comment lines left out). */
    static List<Sample> samples(String exposition) {
        List<Sample> out = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name;
            java.util.Map<String, String> labels = new java.util.TreeMap<>();
            String rest;
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                int close = line.lastIndexOf('}');
                Matcher m = LABEL.matcher(line.substring(brace + 1, close));
                while (m.find()) labels.put(m.group(1), m.group(2));
                rest = line.substring(close + 1).trim();
            } else {
                name = line.substring(0, space);
                rest = line.substring(space + 1).trim();
            }
            out.add(new Sample(name, labels, Double.parseDouble(rest.split(" ")[0])));
        }
        return out;
    }

    /** The value of the series {@code name} with exactly these labels ({@code k1, v1, k2, v2, …}); NaN when absent. */
    static double value(String exposition, String name, String... labels) {
        java.util.Map<String, String> want = new java.util.TreeMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) want.put(labels[i], labels[i + 1]);
        for (Sample s : samples(exposition)) {
            if (s.name().equals(name) && s.labels().equals(want)) return s.value();
        }
        return Double.NaN;
    }

    @Override
    public void close() throws Exception {
        if (client != null) client.close();
        process.getOutputStream().close(); // --until-stdin-closes: stops in order
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
