package org.lmxbridge.internal.host;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The challenge–response of the host protocol's hello (version 2, {@code docs/host-protocol.md}):
 * each side proves it knows the token with an HMAC-SHA-256 over both sides' random nonces and the TCP
 * ports as each side sees them; the token itself never crosses the connection. The host proves
 * first, so a client talking to a stranger on the port reveals nothing; the ports make a relayed
 * connection fail. The C client (bridge-native lmx_engine_host.c) computes the same. Internal.
 */
public final class HostAuth {
    private HostAuth() {
    }

    static final String LABEL = "loymax-bridge/2 ";
    /** The host's proof is labelled "host", the client's "client": one can never stand for the other. */
    static final String HOST = "host";
    static final String CLIENT = "client";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** 32 random bytes as 64 lowercase hex digits. */
    public static String nonce() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** True for 64 hex digits (a nonce or a proof). */
    static boolean isHex64(String s) {
        return s != null && s.length() == 64 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    /** HMAC-SHA-256(token, "loymax-bridge/2 who|clientNonce|hostNonce|clientPort|hostPort") as 64 hex digits. */
    public static String proof(String token, String who, String clientNonce, String hostNonce, int clientPort, int hostPort) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String msg = LABEL + who + "|" + clientNonce + "|" + hostNonce + "|" + clientPort + "|" + hostPort;
            return HexFormat.of().formatHex(mac.doFinal(msg.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java", e);
        }
    }

    /** Constant-time comparison of two proofs. */
    static boolean same(String expected, String presented) {
        if (presented == null) return false;
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
    }
}
