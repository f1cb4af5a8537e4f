package org.lmxbridge.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.BridgeException;
import org.lmxbridge.cli.console.ConsoleServer;
import org.lmxbridge.internal.host.TokenFile;
import org.lmxbridge.internal.owner.LiveRegister;
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
        CliLogging.init(cfg.dataDir(), cfg.logLevel());
        CliLogging.program("loymax-bridge console");
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
        } catch (BindException e) {
            err.println("127.0.0.1:" + port + ": " + e.getMessage());
            register.close();
            return 2;
        }
        Path urlFile = announce(out, server, cfg, lang, en);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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

    /** Prints the address with its key and keeps it in {@code <dataDir>/console.url} (owner only); the file. */
    static Path announce(PrintStream out, ConsoleServer server, BridgeConfig cfg, String lang, boolean en) {
        String url = server.url() + (lang == null ? "" : "&lang=" + lang.toLowerCase(java.util.Locale.ROOT));
        Path file = cfg.dataDir().resolve("console.url");
        String kept;
        try {
            TokenFile.writeOwnerOnly(file, url + System.lineSeparator());
            kept = OperationsTexts.consoleTokenFile(en, file.toString());
        } catch (IOException e) {
            kept = file + ": " + e.getMessage();
        }
        // the file first: whoever reads the printed address finds it kept already
        out.println(OperationsTexts.consoleStarted(en, url));
        out.println(kept);
        return file;
    }
}
