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
import org.lmxbridge.CommandSession;
import org.lmxbridge.Language;
import org.lmxbridge.internal.text.Msg;
import org.lmxbridge.internal.json.Json;
import org.lmxbridge.model.OperationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code queue --config FILE list | retry ID | discard ID --reason TEXT | flush}: the register's
 * offline queue. Opens the register through {@link org.lmxbridge.Bridge} (a {@link CommandSession})
 * and runs the facade's {@code queue} command, so it sees exactly what a register program sees.
 * The queue file has one owner: run it while the register program is closed (or through the host engine).
 */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = {"The register's offline queue: list items and dead letters, retry or discard one, forward everything now.",
            "Run it while the register program is closed: one process owns a register's queue at a time.",
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

    /** Opens the register's session; prints the error and returns null when it cannot. */
    static CommandSession open(QueueCommand q) {
        Language language = q.language();
        try {
            BridgeConfig cfg = BridgeConfig.parse(q.config, language).withLanguage(language);
            CliLogging.init(cfg.dataDir(), cfg.logLevel());
            return CommandSession.open(cfg);
        } catch (BridgeException e) {
            out().println(Json.write(OperationResult.failure(e.status(), "OpenFailed", null, e.message(language))));
            return null;
        }
    }

    static int execute(QueueCommand q, CommandSession s, ObjectNode request) {
        int status = s.execute("queue", request.toString());
        if (q.json || status != 0) {
            out().println(s.resultJson());
        }
        return status;
    }

    /** Runs one queue request and, on success without {@code --json}, prints the items table; the exit code. */
    static int runAndPrintItems(QueueCommand q, ObjectNode request) {
        try (CommandSession s = open(q)) {
            if (s == null) return 1;
            int st = execute(q, s, request);
            if (st == 0 && !q.json) printItems(q, result(s));
            return st == 0 ? 0 : 1;
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
        for (JsonNode w : r.path("warnings")) o.println(t(q, "cli.queue.warning", w.asText()));
    }

    static JsonNode result(CommandSession s) {
        try {
            return Json.parse(s.resultJson());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
            try (CommandSession s = open(parent)) {
                if (s == null) return 1;
                Integer total0 = s.bridge().status().queueLength();
                int total = total0 == null ? 0 : total0;
                CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() -> s.execute("queue", request("flush").toString()));
                PrintStream e = err();
                while (!f.isDone()) {
                    Integer left = s.bridge().status().queueLength();
                    if (!parent.json) bar(e, total, left == null ? 0 : left);
                    Thread.sleep(200);
                }
                int st = f.get();
                JsonNode r = result(s);
                if (!parent.json) {
                    bar(e, total, r.path("queueLength").asInt());
                    e.println();
                    JsonNode sum = r.path("summary");
                    out().println(t(parent, "cli.queue.flushed", sum.path("forwarded").asText("0"), sum.path("dead").asText("0"),
                            sum.path("remaining").asText("0"), sum.path("stoppedBecause").asText(), sum.path("ms").asText()));
                    printState(parent, r);
                } else {
                    out().println(s.resultJson());
                }
                return st == 0 && r.path("queueLength").asInt() == 0 ? 0 : 1;
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
