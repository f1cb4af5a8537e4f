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
import org.lmxbridge.Bridge;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Status;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.OperationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code check --config FILE}: diagnoses a register's configuration, name resolution, TCP
 * reachability, TLS and authentication, in plain sentences, step by step, stopping at the first
 * step that fails (later steps cannot be judged then).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Diagnoses the configured register: configuration, data folder, name resolution,",
            "TCP connection, TLS and authentication, in plain sentences. Exit code 0 when all is well."})
final class CheckCommand implements Callable<Integer> {
    /** An identifier no card has: processing answers CardNotFound, which proves login and protocol work. */
    static final String PROBE_IDENTIFIER = "0000000000000";

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
            fail("Configuration", e.getMessage());
            return 1;
        }
        CliLogging.init(cfg.dataDir(), cfg.logLevel());
        ok("Configuration", "register \"" + cfg.register() + "\", login \"" + cfg.login() + "\", URL " + cfg.registerUri());
        if (!checkDataDir(cfg.dataDir())) return 1;
        URI uri = cfg.registerUri();
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
        InetAddress addr;
        try {
            addr = InetAddress.getByName(host);
            ok("Name resolution", host + " is " + addr.getHostAddress());
        } catch (UnknownHostException e) {
            fail("Name resolution", "the server name " + host + " cannot be resolved: check the \"url\" and this computer's DNS");
            return 1;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(addr, port), cfg.connectTimeoutMs());
            ok("Connection", "TCP port " + port + " of " + host + " accepts connections");
        } catch (java.io.IOException e) {
            fail("Connection", "cannot connect to " + host + ":" + port + " (" + e.getMessage()
                    + "): check the port in \"url\", a firewall or proxy between the register and processing");
            return 1;
        }
        try (Bridge b = Bridge.open(cfg)) {
            OperationResult r = b.balance(Identifier.of(PROBE_IDENTIFIER));
            if (r.ok() || (r.status() >= 200 && r.status() < 300)) {
                if ("https".equalsIgnoreCase(uri.getScheme())) ok("TLS", "the server certificate is trusted");
                ok("Authentication", "processing accepted the register's login and password");
                ok("Protocol", r.ok() ? "processing answered a Balance request"
                        : "processing answered a Balance request for a test identifier with "
                        + r.error().name() + " (\"" + r.error().message() + "\") — expected for an unknown card");
                out.println("All checks passed.");
                return 0;
            }
            String step = switch (r.status()) {
                case Status.TLS_FAILED -> "TLS";
                case Status.AUTH_FAILED -> "Authentication";
                case Status.HTTP_STATUS -> "URL";
                case Status.MALFORMED_RESPONSE, Status.RESPONSE_TOO_LARGE -> "Protocol";
                default -> "Request";
            };
            fail(step, r.error().message());
            return 1;
        } catch (BridgeException e) {
            fail("Open", e.getMessage());
            return 1;
        }
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

    private boolean checkDataDir(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".check", ".tmp");
            Files.delete(probe);
            ok("Data folder", dir + " is writable");
            return true;
        } catch (java.io.IOException | RuntimeException e) {
            fail("Data folder", dir + " is not writable (" + e.getMessage() + "): the offline queue and logs live there; "
                    + "set \"dataDir\" or give this user write access");
            return false;
        }
    }

    private void ok(String step, String text) {
        out.println("[ OK ] " + step + ": " + text);
    }

    private void fail(String step, String text) {
        out.println("[FAIL] " + step + ": " + text);
    }
}
