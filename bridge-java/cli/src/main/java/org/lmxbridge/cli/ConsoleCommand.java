package org.lmxbridge.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Language;
import org.lmxbridge.cli.console.ConsoleServer;
import org.lmxbridge.internal.host.TokenFile;
import org.lmxbridge.internal.owner.LiveRegister;
import org.lmxbridge.internal.text.Msg;
import org.lmxbridge.internal.text.OperationsTexts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code console --config FILE [--port N]}: the register's local console, a web page on 127.0.0.1
 * behind a random key ({@link ConsoleServer}). It never takes the register: while the register program
 * or the host has it open, the console asks that process (its owner channel); while nobody has, it
 * reads the queue file and opens the register only for an action. The address with its key is printed
 * at start and kept in {@code <dataDir>/console.url}, readable by this user only. Runs until stopped.
 */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = {"Serves the register's console on 127.0.0.1: its state, the offline queue (retry, discard),",
            "recent operations, the configuration (secrets hidden), a connection test and the log with the exchange trace.",
            "Prints the address with its key (also kept in <dataDir>/console.url). Runs until stopped (Ctrl-C)."})
final class ConsoleCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "register configuration (JSON file)")
    String config;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "TCP port on 127.0.0.1 (default: a free one)")
    int port;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = {"also serve Prometheus metrics of the register at http://127.0.0.1:PORT/metrics (default: the",
                "configuration's metricsPort; 0 = off); metricsBind and metricsTokenFile as for the host (docs/metrics.md)"})
    Integer metricsPort;

    @Option(names = "--lang", paramLabel = "ru|en", description = "the page's language (default: the browser's, else Russian)")
    String lang;

    @Override
    public Integer call() throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        org.lmxbridge.Language language = Cli.language(org.lmxbridge.Language.parse(lang), config);
        org.lmxbridge.internal.text.CallLanguage.begin(language); // the views' own sentences in this run's language
        BridgeConfig cfg;
        try {
            cfg = BridgeConfig.parse(config, language);
        } catch (BridgeException e) {
            err.println(e.message(language));
            return 2;
        }
        // checked here: a port out of range reached the JDK's InetSocketAddress, whose English refusal ended the run with a stack trace
        if (port < 0 || port > 65535) {
            err.println(Msg.of("option.port.range", "--port", port).in(language));
            return 2;
        }
        CliLogging.init(cfg.dataDir(), cfg.logLevel());
        CliLogging.program("loymax-bridge console");
        org.lmxbridge.internal.metrics.MetricsSettings metricsSettings;
        boolean inline = config.strip().startsWith("{");
        String where = inline ? "--config" : config.strip();
        try {
            String text;
            try {
                text = inline ? config : Files.readString(Path.of(where));
            } catch (IllegalArgumentException | IOException e) {
                // BridgeConfig.parse above read the same file: this is very unlikely (the file changed meanwhile)
                err.println(Msg.of("ops.config.unreadable", where, Msg.text(e, language)).in(language)); // the JDK's message as the cause
                return 2;
            }
            com.fasterxml.jackson.databind.JsonNode root;
            try {
                root = org.lmxbridge.internal.json.Json.parse(text.startsWith("\uFEFF") ? text.substring(1) : text);
            } catch (IOException e) {
                // not Jackson's own message: it would quote the text, which holds the password
                err.println(Msg.of("ops.config.unreadable", where, org.lmxbridge.internal.json.JsonErrors.describe(e)).in(language));
                return 2;
            }
            metricsSettings = org.lmxbridge.internal.host.HostSettings.metricsOf(java.util.Map.of(Path.of(where), root), metricsPort);
        } catch (BridgeException e) {
            err.println(e.message(language));
            return 2;
        }
        boolean en = language == org.lmxbridge.Language.EN;
        LiveRegister register;
        try {
            register = LiveRegister.attach(config, false, org.lmxbridge.Language.parse(lang));
        } catch (BridgeException e) {
            err.println(e.message(language));
            return 2;
        }
        ConsoleServer server;
        try {
            server = ConsoleServer.start(register, port);
        } catch (IOException e) { // a BindException: the port is taken, or this user may not open it
            err.println(bindFailed(port, "--port", e, language));
            register.close();
            return 2;
        }
        org.lmxbridge.internal.metrics.MetricsServer metrics = null;
        if (metricsSettings != null) {
            try {
                // the register as its status shows it, asked at each scrape (of its owner, else read from its queue file)
                metrics = org.lmxbridge.internal.metrics.MetricsServer.start(metricsSettings,
                        () -> List.of(org.lmxbridge.internal.metrics.RegisterState.fromStatus(cfg, register.status())));
            } catch (IOException e) {
                err.println(org.lmxbridge.internal.metrics.MetricsServer.bindFailed(metricsSettings, e, language));
                server.close();
                register.close();
                return 2;
            }
        }
        Path urlFile = announce(out, server, cfg, lang, en);
        if (metrics != null) {
            out.println("metrics on " + metrics.url());
            out.println(metrics.announcement(language));
        }
        org.lmxbridge.internal.metrics.MetricsServer metricsToClose = metrics;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (metricsToClose != null) metricsToClose.close();
            server.close();
            register.close();
            try {
                Files.deleteIfExists(urlFile);
            } catch (IOException ignored) {
                // a stale address only names a closed port
            }
            stopped.countDown();
        }, "console-shutdown"));
        stopped.await();
        return 0;
    }

    /** The sentence when the console's port cannot be opened; {@code option} is the option that chose it. */
    static String bindFailed(int port, String option, IOException e, Language language) {
        return Msg.of("cli.console.bind.failed", "127.0.0.1:" + port, Msg.text(e, language), option).in(language);
    }

    /** Prints the address with its key and keeps it in {@code <dataDir>/console.url} (owner only); the file. */
    static Path announce(PrintStream out, ConsoleServer server, BridgeConfig cfg, String lang, boolean en) {
        String url = server.url() + (lang == null ? "" : "&lang=" + lang.toLowerCase(java.util.Locale.ROOT));
        Path file = cfg.dataDir().resolve("console.url");
        String kept;
        try {
            TokenFile.writeOwnerOnly(file, url + System.lineSeparator());
            kept = OperationsTexts.consoleTokenFile(en, file.toString());
        } catch (IOException e) {
            kept = Msg.of("console.tokenFile.failed", file, Msg.text(e, en ? Language.EN : Language.RU)).in(en ? Language.EN : Language.RU);
        }
        // the file first: whoever reads the printed address finds it kept already
        out.println(OperationsTexts.consoleStarted(en, url));
        out.println(kept);
        return file;
    }
}
