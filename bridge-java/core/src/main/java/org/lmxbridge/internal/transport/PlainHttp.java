package org.lmxbridge.internal.transport;

import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The TLS context given to the HTTP client of a plain {@code http://} register URL. Java's client
 * otherwise builds the default context when it is created, TLS or not: the JSSE provider and the
 * whole system trust store parsed (~100 ms and ~2 MB at the first request, docs/performance.md). This
 * one trusts nothing, so it can never carry a connection: a client made with it only ever speaks
 * plain HTTP (redirects are not followed, so it cannot be led to an https address either).
 */
final class PlainHttp {
    private PlainHttp() {
    }

    static final SSLContext CONTEXT = make();

    private static SSLContext make() {
        try {
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, new TrustManager[0], null);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is part of every Java runtime", e);
        }
    }
}
