package org.lmxbridge.cli;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bench calculate}: a 10-line Calculate through the bridge vs a raw {@link HttpClient} POST
 * of the same pre-built XML to the same emulator, interleaved in one run; prints p50/p99 of both
 * and the ratio. A benchmark, not a test: it asserts nothing.
 */
@picocli.CommandLine.Command(name = "bench", mixinStandardHelpOptions = true, hidden = true,
        description = {"Benchmarks (not tests). bench calculate [--iterations N]: bridge vs raw HTTP POST."})
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", defaultValue = "calculate", description = "calculate")
    String which;

    @Option(names = "--iterations", defaultValue = "3000")
    int iterations;

    @Option(names = "--warmup", defaultValue = "1500")
    int warmup;

    @Override
    public Integer call() throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (!"calculate".equals(which)) {
            out.println("unknown benchmark " + which + "; available: calculate");
            return 2;
        }
        Path dir = Files.createTempDirectory("loymax-bench");
        CliLogging.init(dir, "WARN");
        try (Emulator emu = Emulator.start(EmulatorOptions.builder().port(0).build())) {
            URI url = emu.registerUrl("demo-partner", "reg01");
            String cfg = "{\"url\":\"" + url + "\",\"login\":\"reg01\",\"password\":\"secret\",\"dataDir\":\""
                    + dir.toString().replace("\\", "\\\\") + "\"}";
            List<ChequeLine> lines = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                lines.add(new ChequeLine(i, String.valueOf(1000 + i), "Товар " + i, new BigDecimal("99.90"), BigDecimal.ONE,
                        new BigDecimal("99.90")));
            }
            OperationRequest req = OperationRequest.builder().identifier(Identifier.of("8690003")).cashier("Bench")
                    .cheque(new Cheque("1", LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS), lines)).build();
            // the raw baseline posts the very XML the bridge writes, built once; only the ids change per call
            String template = new String(new ProtocolCodec().encode(XmlRequestEnvelope.of(ProtocolMapper.toXml(Command.CALCULATE,
                    req, new OperationContext("OPID", ProtocolMapper.now(), null, "PURCHASEID"))), StandardCharsets.UTF_8),
                    StandardCharsets.UTF_8);
            HttpClient raw = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
            String auth = "Basic " + Base64.getEncoder().encodeToString("reg01:secret".getBytes(StandardCharsets.UTF_8));
            try (Bridge bridge = Bridge.open(cfg)) {
                long[] tb = new long[iterations];
                long[] tr = new long[iterations];
                for (int i = -warmup; i < iterations; i++) {
                    long t0 = System.nanoTime();
                    OperationResult r = bridge.calculate(req);
                    long t1 = System.nanoTime();
                    if (!r.ok()) throw new IllegalStateException("bridge call failed: " + r.error());
                    String body = template.replace("OPID", Ids.newId()).replace("PURCHASEID", Ids.newId());
                    long t2 = System.nanoTime();
                    HttpResponse<byte[]> resp = raw.send(HttpRequest.newBuilder(url).header("Authorization", auth)
                            .header("Content-Type", "application/xml; charset=utf-8")
                            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    long t3 = System.nanoTime();
                    if (resp.statusCode() != 200) throw new IllegalStateException("raw POST failed: " + resp.statusCode());
                    if (i >= 0) {
                        tb[i] = t1 - t0;
                        tr[i] = t3 - t2;
                    }
                }
                Arrays.sort(tb);
                Arrays.sort(tr);
                double b50 = tb[iterations / 2] / 1000.0;
                double b99 = tb[(int) (iterations * 0.99)] / 1000.0;
                double r50 = tr[iterations / 2] / 1000.0;
                double r99 = tr[(int) (iterations * 0.99)] / 1000.0;
                out.printf("10-line Calculate against the emulator on loopback, %d calls each (after %d warm-up), interleaved%n",
                        iterations, warmup);
                out.printf("  bridge (Bridge.calculate)  p50 %8.1f us   p99 %8.1f us%n", b50, b99);
                out.printf("  raw HttpClient POST        p50 %8.1f us   p99 %8.1f us%n", r50, r99);
                out.printf("  ratio bridge/raw           p50 %8.2fx    p99 %8.2fx   (goal: within 1.30x)%n", b50 / r50, b99 / r99);
            }
        }
        return 0;
    }
}
