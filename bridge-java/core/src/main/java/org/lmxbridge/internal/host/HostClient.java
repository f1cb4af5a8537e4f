package org.lmxbridge.internal.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small blocking client of the host protocol, for tests and diagnostics (the C client in
 * {@code bridge-native} is the production one). One request at a time; not thread-safe. Internal.
 */
public final class HostClient implements AutoCloseable {
    private final Socket socket;
    private final FrameCodec.Reader reader;
    private final ObjectMapper mapper = HostProtocol.mapper(FrameCodec.DEFAULT_MAX_FRAME_BYTES);
    private final AtomicLong ids = new AtomicLong();
    private final int responseTimeoutMs;

    /** Connects without saying hello (see {@link #hello}). */
    public HostClient(InetSocketAddress address, int responseTimeoutMs) throws IOException {
        this.socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, 5000);
            this.reader = new FrameCodec.Reader(socket, Integer.MAX_VALUE - 8, responseTimeoutMs);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        this.responseTimeoutMs = responseTimeoutMs;
    }

    /**
     * Connects to a host on 127.0.0.1 and authenticates.
     * @throws IOException unreachable, or hello refused (the message holds the host's reason)
     */
    public static HostClient connect(int port, String token, String clientName) throws IOException {
        HostClient c = new HostClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 120_000);
        try {
            JsonNode r = c.hello(token, clientName);
            if (r.path("hostProofWrong").asBoolean(false)) {
                throw new IOException("the program on port " + port + " did not prove that it knows the token; nothing was sent to it");
            }
            if (!r.path("ok").asBoolean(false)) throw new IOException("the host refused hello: " + r.path("error").asText());
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * The hello (challenge–response, {@link HostAuth}): returns the host's final answer
     * ({@code "ok":true}, or its refusal), or — when the host's proof does not match {@code token} —
     * {@code {"ok":false,"hostProofWrong":true}} without sending a proof (as the C client does).
     */
    public JsonNode hello(String token, String clientName) throws IOException {
        return hello(token, clientName, true);
    }

    /** As {@link #hello(String, String)}; {@code checkHost} false sends the client's proof even when the host's is wrong. */
    public JsonNode hello(String token, String clientName, boolean checkHost) throws IOException {
        String cn = HostAuth.nonce();
        ObjectNode q = mapper.createObjectNode();
        q.put("op", HostProtocol.HELLO);
        q.put("protocol", HostProtocol.VERSION);
        q.put("nonce", cn);
        q.put("client", clientName);
        sendFrame(mapper.writeValueAsBytes(q));
        JsonNode ch = readResponse();
        if (!ch.path("challenge").asBoolean(false)) return ch;
        String hn = ch.path("nonce").asText("");
        int cport = socket.getLocalPort();
        int hport = socket.getPort();
        String t = token == null ? "" : token;
        if (checkHost && !HostAuth.same(HostAuth.proof(t, HostAuth.HOST, cn, hn, cport, hport), ch.path("proof").asText(null))) {
            ObjectNode r = mapper.createObjectNode();
            r.put("ok", false);
            r.put("hostProofWrong", true);
            return r;
        }
        ObjectNode auth = mapper.createObjectNode();
        auth.put("op", "auth");
        auth.put("proof", HostAuth.proof(t, HostAuth.CLIENT, cn, hn, cport, hport));
        sendFrame(mapper.writeValueAsBytes(auth));
        return readResponse();
    }

    /** Sends a request (an {@code id} is added when missing) and returns its response. */
    public JsonNode call(ObjectNode request) throws IOException {
        if (!request.has("id")) request.put("id", ids.incrementAndGet());
        sendFrame(mapper.writeValueAsBytes(request));
        JsonNode r = readResponse();
        if (!r.path("id").isIntegralNumber() || r.path("id").asLong() != request.get("id").asLong()) {
            throw new IOException("the response's id " + r.path("id") + " is not the request's " + request.get("id"));
        }
        return r;
    }

    public ObjectNode request(String op) {
        ObjectNode q = mapper.createObjectNode();
        q.put("op", op);
        return q;
    }

    public JsonNode open(String config) throws IOException {
        return call(request("open").put("config", config));
    }

    public JsonNode close(long handle) throws IOException {
        return call(request("close").put("handle", handle));
    }

    public JsonNode execute(long handle, String command, String requestJson) throws IOException {
        return call(request("execute").put("handle", handle).put("command", command).put("request", requestJson));
    }

    public JsonNode result(long handle, String pointer) throws IOException {
        return call(request("result").put("handle", handle).put("pointer", pointer));
    }

    public JsonNode setParam(long handle, String pointer, String value) throws IOException {
        return call(request("setParam").put("handle", handle).put("pointer", pointer).put("value", value));
    }

    public JsonNode resetParams(long handle) throws IOException {
        return call(request("resetParams").put("handle", handle));
    }

    public JsonNode errorCode(long handle) throws IOException {
        return call(request("errorCode").put("handle", handle));
    }

    public JsonNode errorText(long handle) throws IOException {
        return call(request("errorText").put("handle", handle));
    }

    public JsonNode version() throws IOException {
        return call(request("version"));
    }

    /** Writes one frame with the given payload bytes (tests: malformed payloads). */
    public void sendFrame(byte[] payload) throws IOException {
        FrameCodec.write(socket.getOutputStream(), payload);
    }

    /** Writes raw bytes (tests: broken framing). */
    public void sendRaw(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Reads the next frame as JSON. @throws EOFException the host closed the connection */
    public JsonNode readResponse() throws IOException {
        byte[] f = reader.read(responseTimeoutMs);
        if (f == null) throw new EOFException("the host closed the connection");
        return mapper.readTree(new String(f, StandardCharsets.UTF_8));
    }

    /** True when the host has closed the connection (reads until end of stream, up to the timeout). */
    public boolean awaitClosedByHost(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        byte[] buf = new byte[8192];
        try {
            while (socket.getInputStream().read(buf) >= 0) {
                // discard a final error frame
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset by the host
        }
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
