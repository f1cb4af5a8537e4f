package org.lmxbridge;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.lmxbridge.internal.json.Json;
import org.lmxbridge.internal.json.ParamBag;
import org.lmxbridge.internal.request.RequestParser;
import org.lmxbridge.internal.text.Msg;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;

/**
 * The JSON command facade — what the C ABI, COM object and host engine drive. One session per
 * handle; the register behind it is shared by all sessions of the same register.
 *
 * <p>Two ways to build a request: whole JSON ({@code execute("calculate", "{…}")}), or the
 * parameter bag ({@code setParam("/identifier/value", "79260000001")} …, then
 * {@code execute("calculate", null)}). The bag is the current purchase: after a command returns a
 * {@code purchaseId} and the bag has none, it is kept in the bag, so calculate → pay → discount →
 * confirm continue the same purchase; {@link #resetParams()} starts a new one.
 *
 * <p>The last result stays until the next execute: reading it again never executes again.
 * Not thread-safe per session (a handle is used by one thread at a time); the register is.
 */
public final class CommandSession implements AutoCloseable {
    private final Bridge bridge;
    private final ParamBag params = new ParamBag();
    private JsonNode lastResult;
    private String lastResultJson;
    private int lastErrorCode;
    private String lastErrorText = "";

    private CommandSession(Bridge bridge) {
        this.bridge = bridge;
    }

    /** Opens a session; the configuration is a JSON object or the path of a file holding one. */
    public static CommandSession open(String configJsonOrPath) throws BridgeException {
        return new CommandSession(Bridge.open(configJsonOrPath));
    }

    /** Opens a session for a parsed configuration (its language is the session's). */
    public static CommandSession open(BridgeConfig config) throws BridgeException {
        return new CommandSession(Bridge.open(config));
    }

    public Bridge bridge() {
        return bridge;
    }

    /**
     * Runs a command. {@code requestJson} null means: use the parameter bag. Returns the status
     * (0 success, also for "queued"); the result JSON — success or error — is then in {@link #resultJson()}.
     */
    public int execute(String command, String requestJson) {
        OperationResult r;
        boolean fromBag = requestJson == null;
        boolean clock = org.lmxbridge.internal.register.CallClock.begin(); // parsing the request counts too
        try {
            Command c = Command.parse(command);
            if (c == null) {
                throw Msg.of("command.unknown", command == null || command.isBlank() ? Msg.of("command.none")
                        : describeUnknown(command), Command.allNames()).error(Status.UNKNOWN_COMMAND);
            }
            JsonNode req;
            if (fromBag) {
                req = params.snapshot();
            } else {
                if (requestJson.length() > Json.MAX_INPUT_CHARS) {
                    throw Msg.of("request.tooLarge").error(Status.INVALID_REQUEST);
                }
                try {
                    req = requestJson.isBlank() ? null : Json.parse(requestJson);
                } catch (IOException e) {
                    if (org.lmxbridge.internal.json.JsonErrors.tooDeep(e)) {
                        throw Msg.of("request.tooDeep", Json.MAX_DEPTH).error(Status.INVALID_REQUEST);
                    }
                    throw Msg.of("request.json.invalid", org.lmxbridge.internal.json.JsonErrors.describe(e))
                            .error(Status.INVALID_JSON);
                }
            }
            // version, status and check take no request: a half-filled bag must not make them fail
            OperationRequest request = c == Command.VERSION || c == Command.STATUS || c == Command.CHECK
                    ? OperationRequest.builder().build() : RequestParser.parse(req);
            r = bridge.execute(c, request);
        } catch (BridgeException e) {
            r = OperationResult.failure(e.status(), Status.errorName(e.status()), null, e.message(language()));
            if (command != null) r.command(command);
            // refused before the register saw it (unknown command, unreadable request): counted here, as an error
            // of its kind without the command (the text the caller sent never becomes a label)
            Command c = Command.parse(command);
            if (c == null || c.isProcessing()) bridge.metrics().operation(c, org.lmxbridge.internal.metrics.Outcome.ofStatus(e.status()));
        } catch (VirtualMachineError e) {
            r = OperationResult.failure(Status.RESOURCE_EXHAUSTED, Status.errorName(Status.RESOURCE_EXHAUSTED), null,
                    Msg.of("request.exhausted").in(language()));
        } catch (RuntimeException e) {
            r = OperationResult.failure(Status.INTERNAL, Status.errorName(Status.INTERNAL), null,
                    Msg.of("internal.error", e).in(language()));
        } finally {
            org.lmxbridge.internal.register.CallClock.end(clock);
        }
        lastResult = Json.MAPPER.valueToTree(r);
        lastResultJson = lastResult.toString();
        setError(r.ok() ? Status.OK : r.status(), r.ok() ? "" : r.error().message());
        if (fromBag && r.purchaseId() != null && !params.has("/purchaseId")) {
            try {
                params.set("/purchaseId", r.purchaseId());
            } catch (BridgeException impossible) {
                // "/purchaseId" is always a valid pointer
            }
        }
        return lastErrorCode;
    }

    /** "\"balanc\" is not a command", with control characters shown as \\uXXXX and a long name not repeated. */
    private static Msg describeUnknown(String name) {
        if (name.length() > Command.MAX_NAME) return Msg.of("command.tooLong", name.length());
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < 0x20 || ch == 0x7F) b.append(String.format("\\u%04X", (int) ch));
            else b.append(ch);
        }
        return Msg.of("command.notCommand", b.toString());
    }

    /** The whole last result as JSON, or null before the first execute. */
    public String resultJson() {
        return lastResultJson;
    }

    /**
     * A value of the last result by JSON Pointer (null or "" = the whole result): strings without
     * quotes, numbers as written, objects and arrays as JSON.
     * @throws BridgeException {@link Status#NO_RESULT} before the first execute,
     *     {@link Status#NOT_FOUND} when the pointer is absent, {@link Status#BAD_ARGUMENT} when invalid
     */
    public String result(String pointer) throws BridgeException {
        if (lastResult == null) {
            throw Msg.of("result.none").error(Status.NO_RESULT).inLanguage(language());
        }
        if (pointer == null || pointer.isEmpty()) return lastResultJson;
        JsonNode n;
        try {
            n = lastResult.at(JsonPointer.compile(pointer));
        } catch (IllegalArgumentException e) {
            throw Msg.of("result.pointer.invalid", pointer).error(Status.BAD_ARGUMENT).inLanguage(language());
        }
        if (n.isMissingNode()) {
            throw Msg.of("result.notFound", pointer).error(Status.NOT_FOUND).inLanguage(language());
        }
        if (n.isNull()) return "";
        return n.isValueNode() ? n.asText() : n.toString();
    }

    /** Sets a parameter of the bag. Returns the status. */
    public int setParam(String pointer, String value) {
        try {
            params.set(pointer, value);
            setError(Status.OK, "");
        } catch (BridgeException e) {
            setError(e.status(), e.message(language()));
        }
        return lastErrorCode;
    }

    /** Empties the parameter bag (a new purchase). */
    public void resetParams() {
        params.reset();
        setError(Status.OK, "");
    }

    /** The parameter bag as JSON (for diagnostics). */
    public String paramsJson() {
        return params.snapshot().toString();
    }

    /** The language of this session's sentences (its configuration's {@code "language"}). */
    public Language language() {
        return bridge.language();
    }

    public int lastErrorCode() {
        return lastErrorCode;
    }

    public String lastErrorText() {
        return lastErrorText;
    }

    /** Records the outcome of a call made through this session by a front end. */
    public void setError(int code, String text) {
        lastErrorCode = code;
        lastErrorText = text == null ? "" : text;
    }

    @Override
    public void close() {
        bridge.close();
    }
}
