package org.lmxbridge.cli.bench;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.lmxbridge.Bridge;
import org.lmxbridge.emulator.Emulator;
import org.lmxbridge.emulator.EmulatorOptions;
import org.lmxbridge.internal.protocol.OperationContext;
import org.lmxbridge.internal.protocol.ProtocolCodec;
import org.lmxbridge.internal.protocol.ProtocolMapper;
import org.lmxbridge.internal.protocol.XmlRequestEnvelope;
import org.lmxbridge.internal.register.Ids;
import org.lmxbridge.model.Cheque;
import org.lmxbridge.model.ChequeLine;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;

/**
 * A 10-line Calculate through the bridge ({@code Bridge.calculate}) vs a raw {@link HttpClient} POST of
 * the same XML (built once; only the ids change per call) to the same emulator, interleaved call by
 * call in one run, so both see the same machine load. Figure: the p50 ratio bridge / raw. A third
 * line, interleaved too, is the raw POST with the bridge's XML codec around it (the request mapped and
 * encoded, the answer decoded and mapped): the share of the gap that is the protocol's XML binding,
 * measured where it runs — between two network waits it costs several times what it costs in a loop.
 */
public final class CalculateBench {
    private final PrintStream out;
    private final Path dir;

    public CalculateBench(PrintStream out, Path dir) {
        this.out = out;
        this.dir = dir;
    }

    public void run(int iterations, int warmup) throws Exception {
        try (Emulator emu = Emulator.start(EmulatorOptions.builder().port(0).build())) {
            URI url = emu.registerUrl("demo-partner", "reg01");
            String cfg = "{\"url\":\"" + url + "\",\"login\":\"reg01\",\"password\":\"secret\",\"dataDir\":\""
                    + dir.resolve("calc").toString().replace("\\", "\\\\") + "\"}";
            List<ChequeLine> lines = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                lines.add(new ChequeLine(i, String.valueOf(1000 + i), "Товар " + i, new BigDecimal("99.90"), BigDecimal.ONE,
                        new BigDecimal("99.90")));
            }
            OperationRequest req = OperationRequest.builder().identifier(Identifier.of("8690003")).cashier("Bench")
                    .cheque(new Cheque("1", LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS), lines)).build();
            String template = new String(new ProtocolCodec().encode(XmlRequestEnvelope.of(ProtocolMapper.toXml(Command.CALCULATE,
                    req, new OperationContext("OPID", ProtocolMapper.now(), null, "PURCHASEID"))), StandardCharsets.UTF_8),
                    StandardCharsets.UTF_8);
            HttpClient raw = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
            String auth = "Basic " + Base64.getEncoder().encodeToString("reg01:secret".getBytes(StandardCharsets.UTF_8));
            long[] tb = new long[iterations];
            long[] tr = new long[iterations];
            long[] tc = new long[iterations];
            ProtocolCodec codec = new ProtocolCodec();
            try (Bridge bridge = Bridge.open(cfg)) {
                for (int i = -warmup; i < iterations; i++) {
                    long t0 = System.nanoTime();
                    OperationResult r = bridge.calculate(req);
                    long t1 = System.nanoTime();
                    if (!r.ok()) throw new IllegalStateException("bridge call failed: " + r.error());
                    String body = template.replace("OPID", Ids.newId()).replace("PURCHASEID", Ids.newId());
                    long t2 = System.nanoTime();
                    HttpResponse<byte[]> resp = post(raw, url, auth, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
                    long t3 = System.nanoTime();
                    if (resp.statusCode() != 200) throw new IllegalStateException("raw POST failed: " + resp.statusCode());
                    // the same raw POST with the bridge's XML codec around it (request built and encoded, answer
                    // decoded and mapped): how much of the gap is the protocol's XML binding, measured in place
                    long t4 = System.nanoTime();
                    byte[] encoded = codec.encode(XmlRequestEnvelope.of(ProtocolMapper.toXml(Command.CALCULATE, req,
                            new OperationContext(Ids.newId(), ProtocolMapper.now(), null, Ids.newId()))), StandardCharsets.UTF_8);
                    HttpResponse<byte[]> coded = post(raw, url, auth, HttpRequest.BodyPublishers.ofByteArray(encoded));
                    OperationResult mapped = ProtocolMapper.toResult(Command.CALCULATE, codec.decode(coded.body()));
                    long t5 = System.nanoTime();
                    if (!mapped.ok()) throw new IllegalStateException("raw POST with the codec failed: " + mapped.error());
                    if (i >= 0) {
                        tb[i] = t1 - t0;
                        tr[i] = t3 - t2;
                        tc[i] = t5 - t4;
                    }
                }
            }
            Stats b = Stats.of(tb);
            Stats r = Stats.of(tr);
            Stats c = Stats.of(tc);
            out.printf("10-line Calculate against the emulator on loopback, %d calls each after %d warm-up, interleaved%n",
                    iterations, warmup);
            out.printf("| %-34s | %10s | %10s |%n", "what", "p50 us", "p99 us");
            out.printf("|---|---|---|%n");
            out.printf("| %-34s | %10.1f | %10.1f |%n", "bridge (Bridge.calculate)", b.p50us(), b.p99us());
            out.printf("| %-34s | %10.1f | %10.1f |%n", "raw HttpClient POST (baseline)", r.p50us(), r.p99us());
            out.printf("| %-34s | %10.1f | %10.1f |%n", "raw POST + the bridge's XML codec", c.p50us(), c.p99us());
            out.printf("| %-34s | %10.2f | %10.2f |%n", "ratio bridge / raw", b.p50us() / r.p50us(), b.p99us() / r.p99us());
            out.printf("| %-34s | %10.2f | %10.2f |%n", "ratio raw with codec / raw", c.p50us() / r.p50us(), c.p99us() / r.p99us());
            out.printf("figure: calculate_p50_ratio %.2f%n", b.p50us() / r.p50us());
        }
    }

    /** The raw POST of both baselines: the headers the bridge sends, nothing else. */
    private static HttpResponse<byte[]> post(HttpClient raw, URI url, String auth, HttpRequest.BodyPublisher body) throws Exception {
        return raw.send(HttpRequest.newBuilder(url).header("Authorization", auth).header("Content-Type", "application/xml; charset=utf-8")
                .POST(body).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
