package org.lmxbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Language;
import org.lmxbridge.internal.diagnose.ConnectionCheck;
import org.lmxbridge.internal.diagnose.Verdict;
import org.lmxbridge.internal.json.Json;
import org.lmxbridge.internal.owner.LiveRegister;
import org.lmxbridge.internal.text.CallLanguage;
import org.lmxbridge.internal.text.Msg;
import org.lmxbridge.model.OperationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code check --config FILE}: diagnoses a register step by step — configuration, data folder, offline
 * queue, name resolution, TCP, TLS, HTTP, login, a harmless request — each step one verdict with its
 * cause, in the chosen language, stopping at the first step that fails (the later ones cannot be
 * judged then). The steps are the core's ({@link ConnectionCheck}, the same that serve
 * {@code lmx_test_connection}, COM's {@code TestConnection}, the 1C add-in and the console); when
 * another process has the register open (the register program, the host), that process runs them
 * through its own queue and lane, and the queue's step names it.
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Diagnoses the configured register step by step: configuration, data folder, name resolution, "
                + "TCP connection, TLS, HTTP, login and a harmless request, each with its verdict and cause. "
                + "Exit code 0 when all is well, 1 when a step fails, 2 on wrong usage."})
final class CheckCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "register configuration (JSON file)")
    String config;

    @Option(names = "--com", description = "diagnose the COM registration (both bitnesses, both hives) with lmx_comcheck.exe; "
            + "needs no Java on the register's side")
    boolean com;

    @Option(names = "--lang", paramLabel = "ru|en", description = "language of the diagnosis (default: the configuration's "
            + "\"language\", else ru)")
    Language lang;

    private PrintStream out;
    private Language language;

    @Override
    public Integer call() {
        out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        language = Cli.language(lang, config);
        CallLanguage.begin(language); // the sentences made on this thread (the queue's owner, the views) in this run's language
        if (com) return comCheck();
        if (config == null) {
            out.println(t("cli.check.usage"));
            return 2;
        }
        BridgeConfig cfg;
        try {
            cfg = BridgeConfig.parse(config, language);
        } catch (BridgeException e) {
            return print(new ConnectionCheck(language).add(Verdict.fail("configuration", e.message(language), e.status())));
        }
        if (lang != null) cfg = cfg.withLanguage(lang);
        CliLogging.init(cfg.dataDir(), cfg.logLevel());
        CliLogging.program("loymax-bridge check");
        // the data folder first: without it the register cannot even be opened to run the rest
        ConnectionCheck pre = new ConnectionCheck(language).configuration(cfg).dataFolder(cfg.dataDir());
        if (!pre.report().passed()) return print(pre);
        // the register's owner runs the check when another process has it open (its queue, its lane);
        // when nobody has, this process opens it like a register program would
        try (LiveRegister r = LiveRegister.attach(config, true, lang)) {
            return print(r.check());
        } catch (BridgeException e) {
            ConnectionCheck c = new ConnectionCheck(language).configuration(cfg).dataFolder(cfg.dataDir())
                    .add(Verdict.fail("queue", e.message(language), e.status()));
            return print(c.network(cfg).probeDirect(cfg));
        }
    }

    private int print(ConnectionCheck c) {
        OperationResult r = c.report().toResult();
        return print((JsonNode) Json.MAPPER.valueToTree(r));
    }

    /** Prints the verdicts of a check's result, one line each, and the summary; the exit code. */
    private int print(JsonNode r) {
        for (JsonNode v : r.path("checks")) {
            Boolean ok = v.path("ok").isNull() ? null : v.path("ok").asBoolean();
            out.println(Verdict.line(ok, v.path("name").asText(v.path("step").asText()), v.path("text").asText()));
        }
        boolean passed = r.path("ok").asBoolean(false);
        if (passed) {
            out.println(t("check.allPassed"));
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
            out.println(t("cli.check.com.notWindows"));
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
            } catch (IOException e) {
                out.println("[FAIL] " + t("cli.check.com.cannotRun", exe, e.getMessage()));
                worst = 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        if (!found) {
            out.println("[FAIL] " + t("cli.check.com.notFound", base));
            return 1;
        }
        return worst == 0 ? 0 : 1;
    }

    private String t(String key, Object... args) {
        return Msg.of(key, args).in(language);
    }
}
