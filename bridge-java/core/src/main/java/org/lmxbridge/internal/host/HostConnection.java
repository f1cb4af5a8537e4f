package org.lmxbridge.internal.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.CharacterCodingException;
import java.util.TreeSet;
import org.lmxbridge.Language;
import org.lmxbridge.Status;
import org.lmxbridge.internal.text.Msg;
import org.lmxbridge.internal.nativeentry.SessionTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of the {@link HostServer}: hello, then one response per request, strictly
 * in order, on the connection's own thread. Its handles live in its own {@link SessionTable} and
 * are closed when the connection ends, however it ends.
 */
final class HostConnection {
    private static final Logger LOG = LoggerFactory.getLogger(HostConnection.class);

    /** A request that breaks the protocol (not the command): answered with status 1, the connection stays. */
    private static final class ProtocolError extends Exception {
        private static final long serialVersionUID = 1L;

        final transient Msg msg;

        ProtocolError(Msg message) {
            super(message.toString(), null, false, false);
            this.msg = message;
        }
    }

    private final HostServer server;
    private final Socket socket;
    private final int id;
    private final SessionTable table;
    private final ObjectMapper mapper;
    private volatile Thread thread;
    private String client = "?";
    /** The language of this connection's texts: the hello's "language" (the client's configuration's), else Russian. */
    private Language lang = Language.DEFAULT;

    HostConnection(HostServer server, Socket socket, int id) {
        this.server = server;
        this.socket = socket;
        this.id = id;
        this.table = new SessionTable(server.handleCounter());
        this.mapper = HostProtocol.mapper(server.options().maxFrameBytes());
    }

    int id() {
        return id;
    }

    Thread thread() {
        return thread;
    }

    void thread(Thread t) {
        this.thread = t;
    }

    int openHandles() {
        return table.size();
    }

    /** Closes the socket; the connection's thread then ends and closes its handles. */
    void abort() {
        HostServer.closeQuietly(socket);
    }

    void run() {
        HostOptions o = server.options();
        try (Socket s = socket) {
            FrameCodec.Reader reader = new FrameCodec.Reader(s, o.maxFrameBytes(), o.frameTimeoutMs());
            OutputStream out = s.getOutputStream();
            if (!hello(out)) return;
            while (!server.isClosed()) {
                byte[] frame;
                try {
                    frame = reader.read(0);
                } catch (FrameCodec.FrameTooLargeException e) {
                    LOG.warn("host connection {} ({}): {}; closing it", id, client, e.getMessage());
                    sendQuietly(out, protocolError(null, Msg.of("host.closing", e.getMessage())));
                    return;
                } catch (FrameCodec.StalledFrameException | EOFException e) {
                    LOG.warn("host connection {} ({}): {}; closing it", id, client, e.getMessage());
                    return;
                }
                if (frame == null) return; // the client closed between frames
                String text;
                try {
                    text = FrameCodec.decodeUtf8(frame);
                } catch (CharacterCodingException e) {
                    LOG.warn("host connection {} ({}): {}; closing it", id, client, e.getMessage());
                    sendQuietly(out, protocolError(null, Msg.of("host.closing", e.getMessage())));
                    return;
                }
                frame = null; // let a large frame go before the work starts
                ObjectNode response = handle(text);
                text = null;
                FrameCodec.write(out, mapper.writeValueAsBytes(response));
            }
        } catch (IOException e) {
            if (!server.isClosed()) LOG.info("host connection {} ({}) ended: {}", id, client, e.toString());
        } catch (Throwable t) {
            LOG.error("host connection " + id + " (" + client + ") failed", t);
        } finally {
            int n = table.closeAll();
            LOG.info("host connection {} ({}) closed{}", id, client, n == 0 ? "" : ", " + n + " handle(s) closed with it");
        }
    }

    /** Largest frame accepted before the hello is complete: a hello or an auth frame is tiny. */
    private static final int MAX_HELLO_FRAME = 4096;

    /**
     * The hello (challenge–response, {@link HostAuth}): the client's nonce, the host's nonce and proof,
     * the client's proof. The whole exchange must finish within the hello timeout, frames included
     * (an unauthenticated peer cannot hold the connection longer, nor make the host allocate more than
     * {@link #MAX_HELLO_FRAME}). Answers every step; false: the connection must be closed.
     */
    private boolean hello(OutputStream out) throws IOException {
        int limitMs = server.options().helloTimeoutMs();
        long deadline = System.nanoTime() + limitMs * 1_000_000L;
        FrameCodec.Reader reader = new FrameCodec.Reader(socket, MAX_HELLO_FRAME, limitMs);
        JsonNode first = helloFrame(reader, out, deadline, limitMs);
        if (first == null) return false;
        JsonNode idNode = first.get("id");
        JsonNode c = first.get("client");
        if (c != null && c.isTextual()) client = printable(c.asText());
        JsonNode protocol = first.get("protocol");
        Language asked = Language.parse(first.path("language").asText(null));
        if (asked != null) lang = asked;
        String clientNonce = first.path("nonce").asText(null);
        Msg problem = null;
        if (!HostProtocol.HELLO.equals(first.path("op").asText(null))) {
            problem = Msg.of("host.hello.first");
        } else if (protocol == null || !protocol.isIntegralNumber() || protocol.asLong() != HostProtocol.VERSION) {
            problem = Msg.of("host.hello.protocol", protocol == null ? "1" : printable(protocol.toString()), HostProtocol.VERSION);
        } else if (!HostAuth.isHex64(clientNonce)) {
            problem = Msg.of("host.hello.nonce");
        }
        if (problem != null) return refuse(out, idNode, problem);
        String token = server.options().token();
        int clientPort = socket.getPort();
        int hostPort = socket.getLocalPort();
        String hostNonce = HostAuth.nonce();
        ObjectNode ch = mapper.createObjectNode();
        if (idNode != null && idNode.isIntegralNumber()) ch.set("id", idNode);
        ch.put("challenge", true);
        ch.put("status", Status.OK);
        ch.put("protocol", HostProtocol.VERSION);
        ch.put("nonce", hostNonce);
        ch.put("proof", HostAuth.proof(token, HostAuth.HOST, clientNonce, hostNonce, clientPort, hostPort));
        FrameCodec.write(out, mapper.writeValueAsBytes(ch));
        JsonNode second = helloFrame(reader, out, deadline, limitMs);
        if (second == null) return false;
        idNode = second.get("id");
        if (!"auth".equals(second.path("op").asText(null))) {
            return refuse(out, idNode, Msg.of("host.hello.auth"));
        }
        String expected = HostAuth.proof(token, HostAuth.CLIENT, clientNonce, hostNonce, clientPort, hostPort);
        if (!HostAuth.same(expected, second.path("proof").asText(null))) {
            return refuse(out, idNode, Msg.of("host.hello.token"));
        }
        ObjectNode r = mapper.createObjectNode();
        if (idNode != null && idNode.isIntegralNumber()) r.set("id", idNode);
        r.put("ok", true);
        r.put("status", Status.OK);
        r.put("protocol", HostProtocol.VERSION);
        r.put("version", SessionTable.version());
        r.put("maxFrameBytes", server.options().maxFrameBytes());
        server.authenticated(this); // before the answer: the client may connect again at once
        FrameCodec.write(out, mapper.writeValueAsBytes(r));
        LOG.info("host connection {} ({}) from port {} authenticated", id, client, clientPort);
        return true;
    }

    /** One frame of the hello as a JSON object, or null after answering/closing (timeout, garbage). */
    private JsonNode helloFrame(FrameCodec.Reader reader, OutputStream out, long deadline, int limitMs) throws IOException {
        long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
        byte[] frame;
        try {
            if (leftMs <= 0) throw new SocketTimeoutException();
            frame = reader.read((int) leftMs);
        } catch (SocketTimeoutException | FrameCodec.StalledFrameException e) {
            LOG.warn("host connection {}: the hello was not completed within {} ms; closing it", id, limitMs);
            return null;
        } catch (FrameCodec.FrameTooLargeException e) {
            refuse(out, null, Msg.of("text", e.getMessage()));
            return null;
        } catch (EOFException e) {
            return null;
        }
        if (frame == null) return null;
        try {
            JsonNode root = mapper.readTree(FrameCodec.decodeUtf8(frame));
            if (root != null && root.isObject()) return root;
            refuse(out, null, Msg.of("host.hello.notObject"));
        } catch (CharacterCodingException e) {
            refuse(out, null, Msg.of("text", e.getMessage()));
        } catch (JsonProcessingException e) {
            refuse(out, null, Msg.of("host.hello.notJson"));
        }
        return null;
    }

    private boolean refuse(OutputStream out, JsonNode idNode, Msg problem) {
        LOG.warn("host connection {} ({}): hello refused: {}", id, client, problem.in(Language.EN));
        sendQuietly(out, helloRefused(idNode, problem.in(lang)));
        return false;
    }

    private ObjectNode helloRefused(JsonNode idNode, String problem) {
        ObjectNode r = mapper.createObjectNode();
        if (idNode != null && idNode.isIntegralNumber()) r.set("id", idNode);
        r.put("ok", false);
        r.put("status", Status.HOST_UNREACHABLE);
        r.put("error", problem);
        r.put("text", problem);
        return r;
    }

    private ObjectNode protocolError(JsonNode idNode, Msg text) {
        return protocolError(idNode, text.in(lang));
    }

    private ObjectNode protocolError(JsonNode idNode, String text) {
        ObjectNode r = mapper.createObjectNode();
        if (idNode != null && idNode.isIntegralNumber() && idNode.canConvertToLong()) {
            r.put("id", idNode.asLong());
        } else {
            r.putNull("id");
        }
        r.put("status", Status.BAD_ARGUMENT);
        r.put("protocolError", true);
        r.put("text", text);
        return r;
    }

    private void sendQuietly(OutputStream out, ObjectNode r) {
        try {
            socket.setSoTimeout(1000);
            FrameCodec.write(out, mapper.writeValueAsBytes(r));
        } catch (IOException | RuntimeException ignored) {
            // the connection is being closed anyway
        }
    }

    /** One request → one response; never throws. */
    ObjectNode handle(String text) {
        JsonNode idNode = null;
        try {
            JsonNode root;
            try {
                root = mapper.readTree(text);
            } catch (JsonProcessingException e) {
                return protocolError(null, Msg.of("host.request.notJson", e.getOriginalMessage()));
            }
            if (root == null || !root.isObject()) {
                return protocolError(null, Msg.of("host.request.notObject"));
            }
            idNode = root.get("id");
            if (idNode == null || !idNode.isIntegralNumber() || !idNode.canConvertToLong()) {
                return protocolError(null, Msg.of("host.request.id"));
            }
            JsonNode opNode = root.get("op");
            String op = opNode != null && opNode.isTextual() ? opNode.asText() : null;
            if (op == null || !HostProtocol.OPS.contains(op)) {
                return protocolError(idNode, Msg.of("host.request.ops", op == null ? Msg.of("host.request.noOp")
                        : HostProtocol.HELLO.equals(op) ? Msg.of("host.request.helloAgain") : Msg.of("host.request.notOp", printable(op)),
                        String.join(", ", new TreeSet<>(HostProtocol.OPS))));
            }
            ObjectNode r = mapper.createObjectNode();
            r.put("id", idNode.asLong());
            dispatch(op, root, r);
            return r;
        } catch (ProtocolError e) {
            return protocolError(idNode, e.msg);
        } catch (VirtualMachineError e) {
            ObjectNode r = protocolError(idNode, Msg.of("host.exhausted"));
            r.put("status", Status.RESOURCE_EXHAUSTED);
            r.remove("protocolError");
            return r;
        } catch (Throwable t) {
            ObjectNode r = protocolError(idNode, Msg.of("host.internal", t));
            r.put("status", Status.INTERNAL);
            r.remove("protocolError");
            return r;
        }
    }

    private void dispatch(String op, JsonNode q, ObjectNode r) throws ProtocolError {
        switch (op) {
            case "open" -> {
                String config = string(q, "config", true);
                if (server.options().ownerChannel()) {
                    String refused = org.lmxbridge.internal.owner.OwnerChannel.refuseOpen(config);
                    if (refused != null) {
                        r.put("status", Status.STORAGE_FAILED);
                        r.put("text", refused);
                        return;
                    }
                }
                SessionTable.Opened o = table.open(config, lang);
                r.put("status", o.status());
                if (o.status() == Status.OK) {
                    r.put("handle", o.handle());
                    LOG.info("host connection {} ({}) opened handle {}", id, client, o.handle());
                } else {
                    r.put("text", o.text());
                }
            }
            case "close" -> {
                int st = table.close(handle(q));
                r.put("status", st);
                if (st != Status.OK) r.put("text", st == Status.INVALID_HANDLE ? table.errorText(-1, lang) : Msg.of("host.closeFailed").in(lang));
            }
            case "execute" -> {
                long h = handle(q);
                String command = string(q, "command", false);
                String request = string(q, "request", true);
                if (server.options().ownerChannel() && (command == null
                        || !HostProtocol.OWNER_COMMANDS.contains(command.toLowerCase(java.util.Locale.ROOT)))) {
                    withText(r, h, table.fail(h, Status.UNKNOWN_COMMAND, Msg.of("host.owner.commands",
                            String.join(", ", new TreeSet<>(HostProtocol.OWNER_COMMANDS)))));
                    return;
                }
                withText(r, h, table.execute(h, command, request));
            }
            case "trace" -> {
                JsonNode on = q.get("on");
                if (on != null && !on.isNull() && !on.isBoolean()) throw new ProtocolError(Msg.of("host.request.on"));
                boolean applied = on == null || on.isNull() || org.lmxbridge.internal.log.LogControl.exchangeTrace(on.asBoolean());
                r.put("status", applied ? Status.OK : Status.INTERNAL);
                r.put("trace", org.lmxbridge.internal.log.LogControl.exchangeTraceOn());
                r.put("switchable", org.lmxbridge.internal.log.LogControl.switchable());
                if (on != null && on.isBoolean()) LOG.info("host connection {} ({}): exchange trace switched {}", id, client, on.asBoolean() ? "on" : "off");
            }
            case "info" -> {
                r.put("status", Status.OK);
                r.put("pid", ProcessHandle.current().pid());
                r.put("program", org.lmxbridge.internal.owner.OwnerProcess.describe());
                java.nio.file.Path log = org.lmxbridge.internal.log.LogControl.logFile();
                if (log != null) r.put("logFile", log.toAbsolutePath().toString());
                r.put("trace", org.lmxbridge.internal.log.LogControl.exchangeTraceOn());
                r.put("switchable", org.lmxbridge.internal.log.LogControl.switchable());
                r.put("version", SessionTable.version());
            }
            case "result" -> {
                long h = handle(q);
                SessionTable.Value v = table.result(h, string(q, "pointer", false));
                r.put("status", v.status());
                r.put("value", v.value());
                if (v.status() != Status.OK) r.put("text", table.errorText(h, lang));
            }
            case "setParam" -> {
                long h = handle(q);
                withText(r, h, table.setParam(h, string(q, "pointer", false), string(q, "value", false)));
            }
            case "resetParams" -> {
                long h = handle(q);
                withText(r, h, table.resetParams(h));
            }
            case "errorCode" -> r.put("status", table.errorCode(handle(q)));
            case "errorText" -> {
                long h = handle(q);
                r.put("status", table.isOpen(h) ? Status.OK : Status.INVALID_HANDLE);
                r.put("value", table.errorText(h, lang));
            }
            case "version" -> {
                r.put("status", Status.OK);
                r.put("value", SessionTable.version());
            }
            default -> throw new ProtocolError(Msg.of("host.request.notOp", printable(op)));
        }
    }

    private void withText(ObjectNode r, long h, int status) {
        r.put("status", status);
        if (status != Status.OK) r.put("text", table.errorText(h, lang));
    }

    /** The handle field: absent or null = 0 (NULL, never open); otherwise an integer. */
    private static long handle(JsonNode q) throws ProtocolError {
        JsonNode n = q.get("handle");
        if (n == null || n.isNull()) return 0;
        if (!n.isIntegralNumber() || !n.canConvertToLong()) throw new ProtocolError(Msg.of("host.request.handle"));
        return n.asLong();
    }

    /** A text field: absent or null = NULL; a string; for config/request also an object (sent as its JSON text). */
    private static String string(JsonNode q, String name, boolean objectAllowed) throws ProtocolError {
        JsonNode n = q.get(name);
        if (n == null || n.isNull()) return null;
        if (n.isTextual()) return n.asText();
        if (objectAllowed && n.isObject()) return n.toString();
        throw new ProtocolError(Msg.of(objectAllowed ? "host.request.stringOrObject" : "host.request.string", name));
    }

    /** A client-supplied name made safe for a log line. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }
}
