package org.lmxbridge.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.BridgeException;
import org.lmxbridge.CommandSession;
import org.lmxbridge.Language;
import org.lmxbridge.Status;
import org.lmxbridge.internal.json.Json;
import org.lmxbridge.internal.text.Msg;
import org.lmxbridge.internal.owner.LiveRegister;
import org.lmxbridge.model.OperationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code call --config FILE COMMAND [JSON | -]}: one command, its result JSON on stdout. */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = {"Runs one command and prints the result JSON on stdout.",
            "Exit code 0 on success (also when queued offline), 1 on any error (the error JSON is still printed).",
            "Commands: balance, calculate, availableAmount, pay, discount, confirm, cancel, refund, status, queue, version.",
            "Example (sh): call --config c.json balance '{\"identifier\":{\"value\":\"8690003\"}}'",
            "Example (Windows cmd.exe): call --config c.json balance \"{\\\"identifier\\\":{\\\"value\\\":\\\"8690003\\\"}}\"",
            "or put the request in a file and pass - with it on stdin: call --config c.json balance - < request.json"})
final class CallCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "register configuration (JSON file)")
    String config;

    @Parameters(index = "0", paramLabel = "COMMAND", description = "the command")
    String command;

    @Parameters(index = "1", arity = "0..1", paramLabel = "JSON", description = "the request as JSON, or - to read it from stdin")
    String json;

    @Option(names = "--verbose", description = "also print the bridge's log on stderr")
    boolean verbose;

    @Option(names = "--lang", paramLabel = "ru|en", description = "language of the bridge's texts in the result "
            + "(default: the configuration's \"language\", else ru)")
    Language lang;

    @Override
    public Integer call() throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Language language = Cli.language(lang, config);
        BridgeConfig cfg;
        try {
            cfg = BridgeConfig.parse(config, language);
        } catch (BridgeException e) {
            out.println(Json.write(OperationResult.failure(e.status(), Status.errorName(e.status()), null, e.message(language))));
            return 1;
        }
        if (lang != null) cfg = cfg.withLanguage(lang);
        CliLogging.init(cfg.dataDir(), cfg.logLevel());
        if (verbose) CliLogging.verboseConsole();
        String request = json;
        if ("-".equals(json)) {
            request = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String c = command == null ? "" : command.toLowerCase(java.util.Locale.ROOT);
        if (c.equals("status") || c.equals("queue") || c.equals("check")) {
            // views of the register that also work while another process (the register program, the host) has it open
            return viewOfLiveRegister(out, c, request, lang, cfg.language());
        }
        try (CommandSession s = CommandSession.open(cfg)) {
            int status = s.execute(command, request == null ? "{}" : request);
            out.println(s.resultJson());
            return status == 0 ? 0 : 1;
        } catch (BridgeException e) {
            out.println(Json.write(OperationResult.failure(e.status(), "OpenFailed", null, e.message(cfg.language()))));
            return 1;
        }
    }

    private int viewOfLiveRegister(PrintStream out, String c, String request, Language asked, Language language) {
        CliLogging.program("loymax-bridge call " + c);
        org.lmxbridge.internal.text.CallLanguage.begin(language); // the views' own sentences in this run's language
        try (LiveRegister r = LiveRegister.attach(config, true, asked)) {
            com.fasterxml.jackson.databind.JsonNode res;
            if (c.equals("status")) {
                res = r.status();
            } else if (c.equals("check")) {
                res = r.check();
            } else {
                com.fasterxml.jackson.databind.JsonNode q;
                try {
                    q = request == null || request.isBlank() ? Json.MAPPER.createObjectNode() : Json.parse(request);
                } catch (IOException e) {
                    out.println(Json.write(OperationResult.failure(Status.INVALID_JSON, Status.errorName(Status.INVALID_JSON), null,
                            Msg.of("request.json.invalid", org.lmxbridge.internal.json.JsonErrors.describe(e)).in(language))));
                    return 1;
                }
                if (!(q instanceof com.fasterxml.jackson.databind.node.ObjectNode o)) {
                    out.println(Json.write(OperationResult.failure(Status.INVALID_REQUEST, Status.errorName(Status.INVALID_REQUEST), null,
                            Msg.of("request.notObject", q.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)).in(language))));
                    return 1;
                }
                res = r.queue(o);
            }
            out.println(res.toString());
            return res.path("ok").asBoolean(false) ? 0 : 1;
        } catch (BridgeException e) {
            out.println(Json.write(OperationResult.failure(e.status(), "OpenFailed", null, e.message(language))));
            return 1;
        }
    }
}
