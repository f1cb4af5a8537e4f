package org.lmxbridge.cli;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.BridgeException;
import org.lmxbridge.internal.diagnose.ConnectionCheck;
import org.lmxbridge.internal.diagnose.Verdict;
import org.lmxbridge.internal.owner.LiveRegister;
import org.lmxbridge.internal.text.OperationsTexts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code check --config FILE}: diagnoses a register's configuration, data folder, offline queue, name
 * resolution, TCP reachability, TLS and authentication, in plain sentences, step by step, stopping at
 * the first step that fails (later steps cannot be judged then). The steps are the core's
 * ({@link ConnectionCheck}); when another process has the register open (the register program, the
 * host), that process runs them through its own queue and lane, and the queue's step names it.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Diagnoses the configured register: configuration, data folder, name resolution,",
            "TCP connection, TLS and authentication, in plain sentences. Exit code 0 when all is well."})
final class CheckCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "register configuration (JSON file)")
    String config;

    @Option(names = "--com", description = "diagnose the COM registration (both bitnesses, both hives) with lmx_comcheck.exe; needs no Java on the register's side")
    boolean com;

    private PrintStream out;

    @Override
    public Integer call() {
        out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (com) return comCheck();
        if (config == null) {
            out.println("check needs --config FILE (the register to diagnose) or --com (the COM registration)");
            return 2;
        }
        BridgeConfig cfg;
        try {
            cfg = BridgeConfig.parse(config);
        } catch (BridgeException e) {
            out.println(Verdict.fail("configuration", e.getMessage(), e.status()).line());
            return 1;
        }
        CliLogging.init(cfg.dataDir(), cfg.logLevel());
        CliLogging.program("loymax-bridge check");
        // the data folder first: without it the register cannot even be opened to run the rest
        ConnectionCheck pre = new ConnectionCheck().configuration(cfg).dataFolder(cfg.dataDir());
        if (!pre.report().passed()) return print(pre.network(cfg).probe(cfg, null).report().toResult());
        // the register's owner runs the check when another process has it open (its queue, its lane);
        // when nobody has, this process opens it like a register program would
        try (LiveRegister r = LiveRegister.attach(config, true)) {
            return print(r.check());
        } catch (BridgeException e) {
            ConnectionCheck c = new ConnectionCheck().configuration(cfg).dataFolder(cfg.dataDir())
                    .add(Verdict.fail("queue", e.getMessage(), e.status()));
            return print(c.network(cfg).probe(cfg, null).report().toResult());
        }
    }

    private int print(org.lmxbridge.model.OperationResult r) {
        return print((com.fasterxml.jackson.databind.JsonNode) org.lmxbridge.internal.json.Json.MAPPER.valueToTree(r));
    }

    /** Prints the verdicts of a check's result, one line each, and the summary; the exit code. */
    private int print(com.fasterxml.jackson.databind.JsonNode r) {
        for (com.fasterxml.jackson.databind.JsonNode v : r.path("checks")) {
            Boolean ok = v.path("ok").isNull() ? null : v.path("ok").asBoolean();
            out.println(new Verdict(v.path("step").asText(), ok, v.path("text").asText(), 0).line());
        }
        boolean passed = r.path("ok").asBoolean(false);
        if (passed) {
            out.println(OperationsTexts.allPassed());
        } else if (!r.path("checks").elements().hasNext()) {
            out.println("[FAIL] " + r.path("error").path("message").asText());
        }
        return passed ? 0 : 1;
    }

    /**
     * Runs the native COM diagnostic shipped beside the DLLs (x64\\ and x86\\ of the install folder,
     * or the folder of the jar): it reads the registry of both views and hives and the DLLs' PE
     * headers, so it needs no Java — this is only a convenient way to reach it.
     */
    private int comCheck() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
            out.println("COM exists only on Windows: run lmx_comcheck.exe (installed beside loymax_bridge.dll) there.");
            return 2;
        }
        Path base;
        try {
            base = Path.of(CheckCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            base = Path.of(".");
        }
        int worst = 0;
        boolean found = false;
        for (String sub : new String[] {"", "x64", "x86", "windows-x64", "windows-x86"}) {
            Path exe = base.resolve(sub).resolve("lmx_comcheck.exe");
            if (!Files.isRegularFile(exe)) continue;
            found = true;
            try {
                Process p = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
                out.println("== " + exe);
                out.print(new String(p.getInputStream().readAllBytes(), java.nio.charset.Charset.defaultCharset()));
                worst = Math.max(worst, p.waitFor());
            } catch (java.io.IOException e) {
                out.println("[FAIL] cannot run " + exe + ": " + e.getMessage());
                worst = 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        if (!found) {
            out.println("[FAIL] lmx_comcheck.exe not found beside " + base + " (x64\\ or x86\\); reinstall the bridge");
            return 1;
        }
        return worst == 0 ? 0 : 1;
    }
}
