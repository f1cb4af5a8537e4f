package org.lmxbridge.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.lmxbridge.Status;
import org.lmxbridge.internal.host.FrameCodec;
import org.lmxbridge.internal.host.HostOptions;
import org.lmxbridge.internal.host.HostServer;
import org.lmxbridge.internal.host.HostSettings;
import org.lmxbridge.internal.host.TokenFile;
import org.lmxbridge.internal.nativeentry.SessionTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code host}: the out-of-process engine. Serves the bridge's native operations to register
 * programs (through {@code loymax_bridge} with {@code "engine":"host"}) on the loopback interface,
 * so several processes share one lane and one queue per register, a 32-bit program uses a 64-bit
 * Java, and a Java crash cannot take the register program down. Runs until killed. The protocol is
 * {@code docs/host-protocol.md}.
 */
@Command(name = "host", mixinStandardHelpOptions = true,
        description = {"Runs the host engine: register programs configured with \"engine\":\"host\" reach the bridge",
            "through it over 127.0.0.1 (loopback only), authenticated by a token file only this user can read.",
            "Runs until stopped (Ctrl-C or kill)."})
public final class HostCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE",
            description = {"a register configuration (JSON) to keep open while the host runs (its lane, queue and",
                "offline replay run even with no program connected); its hostAddress, tokenFile and dataDir",
                "set the host's defaults. Repeatable."})
    List<Path> configs = new ArrayList<>();

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port (default: the configuration's hostAddress, else 21847; 0 = any free)")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "loopback address to listen on: 127.0.0.1 (default) or ::1; other addresses are refused")
    String bind;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "data folder (logs, default token file); default: the configuration's dataDir, else the platform default")
    Path dataDir;

    @Option(names = "--token-file", paramLabel = "FILE", description = "token file, created when missing (default: <dataDir>/host.token)")
    Path tokenFile;

    @Option(names = "--max-frame-bytes", paramLabel = "N", defaultValue = "" + FrameCodec.DEFAULT_MAX_FRAME_BYTES,
            description = "largest frame accepted; a larger one closes that connection (default ${DEFAULT-VALUE})")
    int maxFrameBytes;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "64",
            description = "simultaneous connections (default ${DEFAULT-VALUE})")
    int maxConnections;

    @Option(names = "--console", arity = "0..1", fallbackValue = "0", paramLabel = "PORT",
            description = {"also serve the console of each --config register on 127.0.0.1 (PORT for the first, free ports",
                "for the others; default a free one); the addresses with their keys are printed and kept in <dataDir>/console.url"})
    Integer consolePort;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = {"serve Prometheus metrics at http://127.0.0.1:PORT/metrics (default: the configurations' metricsPort;",
                "0 = off); metricsBind and metricsTokenFile of the configurations set the address and the bearer token (docs/metrics.md)"})
    Integer metricsPort;

    @Option(names = "--until-stdin-closes",
            description = {"stop (as on Ctrl-C: connections and registers closed in order) when standard input ends;",
                "the Windows service wrapper (lmx_service.exe) stops the host this way"})
    boolean untilStdinCloses;

    @Override
    public Integer call() throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        HostSettings.Resolved s;
        try {
            s = HostSettings.resolve(configs, bind, port, dataDir, tokenFile);
        } catch (org.lmxbridge.BridgeException e) {
            err.println(e.message(hostLanguage())); // HostSettings does not know the reader: the host's language is chosen here
            return 2;
        }
        // checked here, not by HostOptions' own guards: their sentences are a programmer's, in English only
        if (maxFrameBytes < 1024) {
            err.println(hostText("cli.host.maxFrameBytes", maxFrameBytes));
            return 2;
        }
        if (maxConnections < 1) {
            err.println(hostText("cli.host.maxConnections", maxConnections));
            return 2;
        }
        if (consolePort != null && (consolePort < 0 || consolePort > 65535)) {
            err.println(hostText("option.port.range", "--console", consolePort)); // else the console's socket throws the JDK's English
            return 2;
        }
        HostOptions options = new HostOptions().bind(s.bind()).port(s.port()).maxFrameBytes(maxFrameBytes).maxConnections(maxConnections);
        CliLogging.init(s.dataDir(), null); // before anything logs: the log goes to <dataDir>/logs
        CliLogging.program("loymax-bridge host");
        org.lmxbridge.internal.metrics.MetricsSettings metrics;
        try {
            metrics = HostSettings.metrics(configs, metricsPort);
        } catch (org.lmxbridge.BridgeException e) {
            err.println(e.message(hostLanguage()));
            return 2;
        }
        TokenFile token;
        try {
            token = TokenFile.loadOrCreate(s.tokenFile());
        } catch (IOException e) {
            // TokenFile's own refusal is a catalogue sentence: in the host's language, as the words around it
            err.println(hostText("cli.host.tokenFile.failed", s.tokenFile(), org.lmxbridge.internal.text.Msg.text(e, hostLanguage())));
            return 2;
        }
        String addr = s.bind() instanceof java.net.Inet6Address ? "[" + s.bind().getHostAddress() + "]" : s.bind().getHostAddress();
        HostServer server;
        try {
            server = HostServer.start(options.token(token.token()));
        } catch (BindException e) {
            err.println(hostText("cli.host.bind.failed", addr + ":" + s.port(), e.getMessage()));
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "host-shutdown"));
        for (Path c : configs) {
            SessionTable.Opened o = server.keepOpen(c.toAbsolutePath().toString());
            if (o.status() != Status.OK) {
                err.println(hostText("cli.host.register.failed", c, o.text())); // o.text() is already in the register's language
                server.close();
                return 2;
            }
            out.println("register " + c + " open");
        }
        org.lmxbridge.internal.metrics.MetricsServer metricsServer = null;
        if (metrics != null) {
            try {
                metricsServer = org.lmxbridge.internal.metrics.MetricsServer.start(metrics, HostCommand::registerStates);
            } catch (IOException e) {
                err.println(org.lmxbridge.internal.metrics.MetricsServer.bindFailed(metrics, e, hostLanguage()));
                server.close();
                return 2;
            }
            org.lmxbridge.internal.metrics.MetricsServer ms = metricsServer;
            Runtime.getRuntime().addShutdownHook(new Thread(ms::close, "host-metrics-shutdown"));
        }
        java.util.List<AutoCloseable> consoles = new ArrayList<>();
        if (consolePort != null) {
            if (configs.isEmpty()) {
                err.println(hostText("cli.host.console.needsConfig"));
                server.close();
                return 2;
            }
            int p = consolePort;
            for (Path c : configs) {
                org.lmxbridge.internal.owner.LiveRegister r = org.lmxbridge.internal.owner.LiveRegister.attach(c.toAbsolutePath().toString(), false);
                org.lmxbridge.cli.console.ConsoleServer cs;
                try {
                    cs = org.lmxbridge.cli.console.ConsoleServer.start(r, p);
                } catch (IOException e) { // the port is taken: said as the console command says it, not with a stack trace
                    err.println(ConsoleCommand.bindFailed(p, "--console", e, hostLanguage()));
                    r.close();
                    closeAll(consoles);
                    if (metricsServer != null) metricsServer.close();
                    server.close();
                    return 2;
                }
                p = 0;
                consoles.add(cs);
                consoles.add(r);
                ConsoleCommand.announce(out, cs, r.config(), null, hostLanguage() == org.lmxbridge.Language.EN);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(consoles), "host-console-shutdown"));
        }
        out.println("host listening on " + addr + ":" + server.port() + ", token file " + token.path()
                + (token.created() ? " (created)" : ""));
        out.println("clients: \"engine\":\"host\", \"hostAddress\":\"" + addr + ":" + server.port() + "\", \"tokenFile\":\""
                + token.path().toString().replace("\\", "\\\\") + "\"");
        out.println("host process id " + ProcessHandle.current().pid());
        if (metricsServer != null) {
            // "metrics on URL" is the line scripts read (as "host listening on"); the sentence after it is the operator's
            out.println("metrics on " + metricsServer.url());
            out.println(metricsServer.announcement(hostLanguage()));
        }
        if (untilStdinCloses) {
            Thread t = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // anything written is ignored: only the end counts
                    }
                } catch (IOException ignored) {
                    // a broken pipe ends it the same way
                }
                out.println("standard input closed: stopping"); // a line scripts read (the service test), as "host listening on"
                server.close();
                stopped.countDown();
            }, "host-stdin-watch");
            t.setDaemon(true);
            t.start();
            out.println(hostText("cli.host.stopStdin"));
        } else {
            out.println(hostText("cli.host.stopCtrlC"));
        }
        stopped.await();
        return 0;
    }

    /** The registers open in this host, as the metrics show them (read at each scrape). */
    static java.util.List<org.lmxbridge.internal.metrics.RegisterState> registerStates() {
        java.util.List<org.lmxbridge.internal.metrics.RegisterState> l = new ArrayList<>();
        for (org.lmxbridge.internal.register.Register r : org.lmxbridge.internal.register.Registers.open()) l.add(r.metricsState());
        return l;
    }

    /** Closes each of them, the others too when one fails: the host is stopping anyway. */
    private static void closeAll(java.util.List<AutoCloseable> all) {
        for (AutoCloseable a : all) {
            try {
                a.close();
            } catch (Exception ignored) {
                // stopping anyway
            }
        }
    }

    /**
     * The language of the host's own sentences to its operator: the first register's configuration's
     * (Russian when none declares one). The lines scripts read ("host listening on …", "host process id …",
     * "standard input closed: stopping") stay as they are.
     */
    private org.lmxbridge.Language hostLanguage() {
        return Cli.language(null, configs.isEmpty() ? null : configs.get(0).toString());
    }

    private String hostText(String key, Object... args) {
        return org.lmxbridge.internal.text.Msg.of(key, args).in(hostLanguage());
    }
}
