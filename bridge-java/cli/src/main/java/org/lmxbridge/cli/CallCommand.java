package org.lmxbridge.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.BridgeException;
import org.lmxbridge.CommandSession;
import org.lmxbridge.Status;
import org.lmxbridge.internal.json.Json;
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
            "Example: call --config c.json balance '{\"identifier\":{\"value\":\"8690003\"}}'"})
final class CallCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "register configuration (JSON file)")
    String config;

    @Parameters(index = "0", paramLabel = "COMMAND", description = "the command")
    String command;

    @Parameters(index = "1", arity = "0..1", paramLabel = "JSON", description = "the request as JSON, or - to read it from stdin")
    String json;

    @Option(names = "--verbose", description = "also print the bridge's log on stderr")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BridgeConfig cfg;
        try {
            cfg = BridgeConfig.parse(config);
        } catch (BridgeException e) {
            out.println(Json.write(OperationResult.failure(e.status(), Status.errorName(e.status()), null, e.getMessage())));
            return 1;
        }
        CliLogging.init(cfg.dataDir(), cfg.logLevel());
        if (verbose) CliLogging.verboseConsole();
        String request = json;
        if ("-".equals(json)) {
            request = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String c = command == null ? "" : command.toLowerCase(java.util.Locale.ROOT);
        if (c.equals("status") || c.equals("queue") || c.equals("check")) {
            // views of the register that also work while another process (the register program, the host) has it open
            return viewOfLiveRegister(out, c, request);
        }
        try (CommandSession s = CommandSession.open(config)) {
            int status = s.execute(command, request == null ? "{}" : request);
            out.println(s.resultJson());
            return status == 0 ? 0 : 1;
        } catch (BridgeException e) {
            out.println(Json.write(OperationResult.failure(e.status(), "OpenFailed", null, e.getMessage())));
            return 1;
        }
    }

    private int viewOfLiveRegister(PrintStream out, String c, String request) {
        CliLogging.program("loymax-bridge call " + c);
        try (LiveRegister r = LiveRegister.attach(config, true)) {
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
                            "the request is not valid JSON: " + org.lmxbridge.internal.json.JsonErrors.describe(e))));
                    return 1;
                }
                if (!(q instanceof com.fasterxml.jackson.databind.node.ObjectNode o)) {
                    out.println(Json.write(OperationResult.failure(Status.INVALID_REQUEST, Status.errorName(Status.INVALID_REQUEST), null,
                            "the request must be a JSON object")));
                    return 1;
                }
                res = r.queue(o);
            }
            out.println(res.toString());
            return res.path("ok").asBoolean(false) ? 0 : 1;
        } catch (BridgeException e) {
            out.println(Json.write(OperationResult.failure(e.status(), "OpenFailed", null, e.getMessage())));
            return 1;
        }
    }
}
