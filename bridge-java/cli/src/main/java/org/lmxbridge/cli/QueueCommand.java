package org.lmxbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.BridgeException;
import org.lmxbridge.internal.offline.QueueReader;
import org.lmxbridge.internal.owner.LiveRegister;
import org.lmxbridge.Language;
import org.lmxbridge.internal.text.CallLanguage;
import org.lmxbridge.internal.text.Msg;
import org.lmxbridge.internal.json.Json;
import org.lmxbridge.model.OperationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code queue --config FILE list | retry ID | discard ID --reason TEXT | flush}: the register's
 * offline queue, also while another process keeps the register open ({@link LiveRegister}): the
 * register program with the in-process library or the host is asked through its owner channel; when it
 * does not answer, {@code list} reads the queue file (read-only) and the other actions are refused
 * with the owner named. When no process has the register open, this command opens it for the action
 * (as a register program would), so it sees exactly what a register program sees.
 */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = {"The register's offline queue: list items and dead letters, retry or discard one, forward everything now.",
            "Works while the register program (or the host) has the register open: it is asked to do it.",
            "Exit code 0 on success, 1 on any error."},
        subcommands = {QueueCommand.ListCmd.class, QueueCommand.RetryCmd.class, QueueCommand.DiscardCmd.class,
            QueueCommand.FlushCmd.class})
public final class QueueCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, scope = picocli.CommandLine.ScopeType.INHERIT, paramLabel = "FILE",
            description = "register configuration (JSON file)")
    String config;

    @Option(names = "--json", scope = picocli.CommandLine.ScopeType.INHERIT, description = "print the result JSON instead of a table")
    boolean json;

    @Option(names = "--lang", scope = picocli.CommandLine.ScopeType.INHERIT, paramLabel = "ru|en",
            description = "language of the texts (default: the configuration's \"language\", else ru)")
    Language lang;

    /** The language of this run's texts. */
    Language language() {
        return Cli.language(lang, config);
    }

    static String t(QueueCommand q, String key, Object... args) {
        return Msg.of(key, args).in(q.language());
    }

    @Override
    public Integer call() {
        return new ListCmd().run(this);
    }

    private static PrintStream out() {
        return new PrintStream(System.out, true, StandardCharsets.UTF_8);
    }

    private static PrintStream err() {
        return new PrintStream(System.err, true, StandardCharsets.UTF_8);
    }

    /** Attaches to the register (whoever owns it); prints the error and returns null when it cannot. */
    static LiveRegister open(QueueCommand q) {
        Language language = q.language();
        try {
            BridgeConfig cfg = BridgeConfig.parse(q.config, language).withLanguage(language);
            CliLogging.init(cfg.dataDir(), cfg.logLevel());
            CliLogging.program("loymax-bridge queue");
            CallLanguage.begin(language); // the views' own sentences (owner, read-only) in this run's language
            return LiveRegister.attach(q.config, true, language);
        } catch (BridgeException e) {
            out().println(Json.write(OperationResult.failure(e.status(), "OpenFailed", null, e.message(language))));
            return null;
        }
    }

    /** Runs one queue request and, on success without {@code --json}, prints the items table; the exit code. */
    static int runAndPrintItems(QueueCommand q, ObjectNode request) {
        try (LiveRegister r = open(q)) {
            if (r == null) return 1;
            JsonNode res = r.queue(request);
            boolean ok = res.path("ok").asBoolean(false);
            if (q.json || !ok) out().println(res.toString());
            else printItems(q, res);
            return ok ? 0 : 1;
        }
    }

    static ObjectNode request(String action) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("action", action);
        return n;
    }

    static void printItems(QueueCommand q, JsonNode result) {
        PrintStream o = out();
        JsonNode items = result.path("items");
        o.printf("%-6s %-11s %-9s %-34s %-8s %-20s %s%n", (Object[]) t(q, "cli.queue.columns").split("\\|", 7));
        for (JsonNode it : items) {
            o.printf("%-6s %-11s %-9s %-34s %-8s %-20s %s%n", it.path("id").asText(), it.path("state").asText(),
                    it.path("command").asText(), it.path("purchaseId").asText(), it.path("attempts").asText(),
                    it.path("createdAt").asText().replace('T', ' ').replaceAll("\\.\\d+Z$", "Z"), it.path("lastError").asText(""));
        }
        printState(q, result);
    }

    static void printState(QueueCommand q, JsonNode r) {
        PrintStream o = out();
        o.println(t(q, "cli.queue.state", r.path("online").asText("?"), r.path("queueLength").asText("0"),
                r.path("oldestQueuedAgeSeconds").asText("0"), r.path("deadCount").asText("0"), r.path("queuedAmount").asText("0")));
        if (r.hasNonNull("replayPausedReason")) o.println(t(q, "cli.queue.paused", r.path("replayPausedReason").asText()));
        JsonNode owner = r.path("owner");
        if (owner.isObject() && !owner.path("here").asBoolean(false)) {
            o.println(t(q, owner.path("reachable").asBoolean(false) ? "cli.queue.owner" : "cli.queue.owner.silent",
                    owner.path("program").asText("?"), owner.path("pid").asText()));
        }
        for (JsonNode w : r.path("warnings")) o.println(t(q, "cli.queue.warning", w.asText()));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists waiting items and dead letters, oldest first.")
    static final class ListCmd implements Callable<Integer> {
        @ParentCommand
        QueueCommand parent;

        @Override
        public Integer call() {
            return run(parent);
        }

        int run(QueueCommand q) {
            return runAndPrintItems(q, request("list"));
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Puts a dead item (and the later dead items of its purchase) back in line, or makes a waiting item due now.")
    static final class RetryCmd implements Callable<Integer> {
        @ParentCommand
        QueueCommand parent;

        @Parameters(index = "0", paramLabel = "ID", description = "the item number (see list)")
        long id;

        @Override
        public Integer call() {
            ObjectNode r = request("retry");
            r.put("id", Long.toString(id));
            return runAndPrintItems(parent, r);
        }
    }

    @Command(name = "discard", mixinStandardHelpOptions = true,
            description = "Gives up an item for good (it is never forwarded). A reason is required and logged.")
    static final class DiscardCmd implements Callable<Integer> {
        @ParentCommand
        QueueCommand parent;

        @Parameters(index = "0", paramLabel = "ID", description = "the item number (see list)")
        long id;

        @Option(names = "--reason", paramLabel = "TEXT", description = "why (asked for when missing)")
        String reason;

        @Override
        public Integer call() throws IOException {
            if (reason == null || reason.isBlank()) {
                err().print(t(parent, "cli.queue.reason.ask", id) + " ");
                err().flush();
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                reason = line == null ? null : line.trim();
                if (reason == null || reason.isEmpty()) {
                    err().println(t(parent, "cli.queue.reason.missing"));
                    return 1;
                }
            }
            ObjectNode r = request("discard");
            r.put("id", Long.toString(id));
            r.put("reason", reason);
            return runAndPrintItems(parent, r);
        }
    }

    @Command(name = "flush", mixinStandardHelpOptions = true,
            description = "Forwards the queue now (clears a pause and backoffs), with a progress bar, and prints a summary.")
    static final class FlushCmd implements Callable<Integer> {
        @ParentCommand
        QueueCommand parent;

        @Override
        public Integer call() throws Exception {
            try (LiveRegister r = open(parent)) {
                if (r == null) return 1;
                BridgeConfig cfg = r.config();
                int total = left(cfg);
                CompletableFuture<JsonNode> f = CompletableFuture.supplyAsync(() -> r.queue(request("flush")));
                PrintStream e = err();
                while (!f.isDone()) {
                    // progress from the file: the owner commits every item it forwards
                    if (!parent.json) bar(e, total, left(cfg));
                    Thread.sleep(200);
                }
                JsonNode res = f.get();
                if (!parent.json) {
                    bar(e, total, res.path("queueLength").asInt());
                    e.println();
                    if (!res.path("ok").asBoolean(false)) {
                        out().println(res.toString());
                        return 1;
                    }
                    JsonNode sum = res.path("summary");
                    out().println(t(parent, "cli.queue.flushed", sum.path("forwarded").asText("0"), sum.path("dead").asText("0"),
                            sum.path("remaining").asText("0"), sum.path("stoppedBecause").asText(), sum.path("ms").asText()));
                    printState(parent, res);
                } else {
                    out().println(res.toString());
                }
                return res.path("ok").asBoolean(false) && res.path("queueLength").asInt() == 0 ? 0 : 1;
            }
        }

        private static int left(BridgeConfig cfg) {
            try {
                Integer n = QueueReader.list(cfg.dataDir(), cfg.register(), 0).queueLength();
                return n == null ? 0 : n;
            } catch (BridgeException ex) {
                return 0;
            }
        }

        static void bar(PrintStream e, int total, int left) {
            int done = Math.max(0, total - left);
            int width = 40;
            int filled = total == 0 ? width : (int) ((long) width * done / total);
            e.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total);
            e.flush();
        }
    }
}
