package org.lmxbridge.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmxbridge.internal.json.Json;
import org.lmxbridge.internal.owner.LiveRegister;

/** The console's guards, request by request: the token, the Host header, the token header on changes, loopback only. */
class ConsoleServerTest {
    @TempDir
    Path dir;

    private String config() throws IOException {
        Path f = dir.resolve("c.json");
        Files.writeString(f, "{\"url\":\"http://127.0.0.1:9/XmlExchange/p1/reg01/\",\"login\":\"reg01\",\"password\":\"s3cr3t-pw\","
                + "\"dataDir\":\"" + dir.toString().replace("\\", "\\\\") + "\"}");
        return f.toString();
    }

    private static String raw(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream o = s.getOutputStream();
            o.write(request.getBytes(StandardCharsets.UTF_8));
            o.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void refusedWithoutTheTokenFromAnotherHostAndForChangesWithoutTheHeader() throws Exception {
        try (LiveRegister r = LiveRegister.attach(config(), false); ConsoleServer s = ConsoleServer.start(r, 0)) {
            int port = s.port();
            String token = s.url().getQuery().substring("token=".length());
            assertTrue(token.matches("[0-9a-f]{64}"), token);
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            String base = "http://127.0.0.1:" + port;

            // no token
            HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(base + "/api/state")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, none.statusCode());
            assertFalse(none.body().contains("reg01"), none.body());
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, page.statusCode());
            HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(base + "/?token=" + "0".repeat(64))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, wrong.statusCode());

            // the token once, then the cookie
            HttpResponse<String> first = http.send(HttpRequest.newBuilder(s.url()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(303, first.statusCode());
            String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
            String pair = cookie.substring(0, cookie.indexOf(';'));
            HttpResponse<String> state = http.send(HttpRequest.newBuilder(URI.create(base + "/api/state")).header("Cookie", pair).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, state.statusCode(), state.body());
            JsonNode st = Json.parse(state.body());
            assertEquals("reg01", st.path("register").asText());
            HttpResponse<String> html = http.send(HttpRequest.newBuilder(URI.create(base + "/")).header("Cookie", pair).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, html.statusCode());
            assertTrue(html.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));

            // the configuration with its secrets hidden
            HttpResponse<String> cfg = http.send(HttpRequest.newBuilder(URI.create(base + "/api/config")).header("Cookie", pair).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertFalse(cfg.body().contains("s3cr3t-pw"), cfg.body());
            assertFalse(html.body().contains("s3cr3t-pw"));
            assertTrue(cfg.body().contains("\"password\":\"***\""), cfg.body());

            // a change needs the token header, not only the cookie (a page of another site could send the cookie)
            HttpResponse<String> csrf = http.send(HttpRequest.newBuilder(URI.create(base + "/api/queue/flush")).header("Cookie", pair)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, csrf.statusCode());
            HttpResponse<String> trace = http.send(HttpRequest.newBuilder(URI.create(base + "/api/trace")).header("X-Lmx-Token", token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"on\":true}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, trace.statusCode(), trace.body());

            // another Host (DNS rebinding): refused even with the token
            String rebound = raw(port, "GET /api/state HTTP/1.1\r\nHost: evil.example:" + port + "\r\nX-Lmx-Token: " + token
                    + "\r\nConnection: close\r\n\r\n");
            assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);

            // loopback only: not reachable on this machine's other addresses
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a.isLoopbackAddress() || !(a instanceof Inet4Address)) continue;
                    try (Socket x = new Socket()) {
                        assertThrows(IOException.class, () -> x.connect(new InetSocketAddress(a, port), 1000), "reachable on " + a);
                    }
                }
            }
        }
    }
}
