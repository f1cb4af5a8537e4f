package org.lmxbridge.internal.metrics;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code Authorization: Bearer <token>} as Prometheus sends it ({@code authorization: credentials_file}):
 * anything else is 401. Compared in constant time, so the answer's timing says nothing about the token.
 * Internal.
 */
final class BearerAuthenticator extends Authenticator {
    private final byte[] expected;

    BearerAuthenticator(String token) {
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Result authenticate(HttpExchange exchange) {
        String h = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] got = h == null ? new byte[0] : h.strip().getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(expected, got)) return new Success(new HttpPrincipal("prometheus", "metrics"));
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"loymax-bridge metrics\"");
        return new Failure(401);
    }
}
