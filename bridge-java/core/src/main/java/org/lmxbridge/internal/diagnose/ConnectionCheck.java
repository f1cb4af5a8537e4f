package org.lmxbridge.internal.diagnose;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Language;
import org.lmxbridge.Status;
import org.lmxbridge.internal.lane.LaneBusyException;
import org.lmxbridge.internal.lane.RegisterLane;
import org.lmxbridge.internal.offline.Sender;
import org.lmxbridge.internal.protocol.OperationContext;
import org.lmxbridge.internal.protocol.ProtocolException;
import org.lmxbridge.internal.protocol.ProtocolMapper;
import org.lmxbridge.internal.register.Ids;
import org.lmxbridge.internal.text.Msg;
import org.lmxbridge.internal.transport.HttpTransport;
import org.lmxbridge.internal.transport.TransportException;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;

/**
 * The connection check of a register, step by step, each step one verdict with its own cause in the
 * check's language: configuration, data folder, offline queue, name resolution, TCP connection (refused,
 * timed out, no route), TLS (untrusted certificate, plain HTTP on the port, timeout), HTTP (5xx with
 * its status, a timeout, TLS on a port named http://), login (401) and the protocol through one Balance
 * of an identifier no card has (processing answers CardNotFound, which proves login and protocol work;
 * another error is named with its number). It stops judging at the first step that fails (later steps
 * cannot be judged then). The same steps serve {@code loymax-bridge check}, the {@code check} command
 * ({@code lmx_test_connection}, COM's {@code TestConnection}, the 1C add-in's {@code ПроверитьСвязь})
 * and the console's button.
 */
public final class ConnectionCheck {
    /** An identifier no card has. */
    public static final String PROBE_IDENTIFIER = "0000000000000";

    private final Language language;
    private final List<Verdict> verdicts = new ArrayList<>();
    private boolean failed;

    /** A check whose sentences are in {@code language}. */
    public ConnectionCheck(Language language) {
        this.language = language == null ? Language.DEFAULT : language;
    }

    /** The outcome: every verdict, and the first failure's status and sentence (0 and null when all passed). */
    public record Report(List<Verdict> verdicts, int status, String failure, Language language) {
        public boolean passed() {
            return status == Status.OK;
        }

        /** The check as a command result: {@code checks} holds the verdicts; a failure is the first failing step's. */
        public OperationResult toResult() {
            OperationResult r = new OperationResult().command(Command.CHECK.jsonName());
            List<java.util.Map<String, Object>> l = new ArrayList<>();
            for (Verdict v : verdicts) l.add(v.toMap(language));
            r.checks(l);
            if (status != Status.OK) r.fail(status, Status.errorName(status), null, failure);
            return r;
        }
    }

    public Language language() {
        return language;
    }

    private String t(String key, Object... args) {
        return Msg.of(key, args).in(language);
    }

    /** Adds a verdict judged elsewhere (the configuration as parsed, the queue as found). */
    public ConnectionCheck add(Verdict v) {
        if (failed) {
            verdicts.add(Verdict.notJudged(v.step(), language));
            return this;
        }
        verdicts.add(v);
        if (Boolean.FALSE.equals(v.ok())) failed = true;
        return this;
    }

    public ConnectionCheck configuration(BridgeConfig cfg) {
        return add(Verdict.ok("configuration", t("check.config.ok", cfg.register(), cfg.login(), cfg.registerUri())));
    }

    /** The data folder can be created and written (a file is created and deleted). */
    public ConnectionCheck dataFolder(Path dir) {
        if (failed) return add(Verdict.notJudged("dataFolder", language));
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".check", ".tmp");
            Files.delete(probe);
            return add(Verdict.ok("dataFolder", t("check.dataDir.ok", dir)));
        } catch (IOException | RuntimeException e) {
            return add(Verdict.fail("dataFolder", t("check.dataDir.fail", dir, String.valueOf(e.getMessage())), Status.STORAGE_FAILED));
        }
    }

    /** Name resolution, a TCP connection to processing's host and port, and the TLS handshake of an https:// address. */
    public ConnectionCheck network(BridgeConfig cfg) {
        URI uri = cfg.registerUri();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        if (failed) {
            for (String s : List.of("nameResolution", "connection", "tls")) add(Verdict.notJudged(s, language));
            return this;
        }
        InetAddress addr;
        try {
            addr = InetAddress.getByName(host);
            add(Verdict.ok("nameResolution", t("check.dns.ok", host, addr.getHostAddress())));
        } catch (UnknownHostException e) {
            add(Verdict.fail("nameResolution", t("check.dns.fail", host), Status.CONNECT_FAILED));
            add(Verdict.notJudged("connection", language));
            return add(Verdict.notJudged("tls", language));
        }
        InetSocketAddress to = new InetSocketAddress(addr, port);
        String tcp = tcp(to, host, port, cfg.connectTimeoutMs());
        if (tcp != null) {
            add(Verdict.fail("connection", tcp, Status.CONNECT_FAILED));
            return add(Verdict.notJudged("tls", language));
        }
        add(Verdict.ok("connection", t("check.tcp.ok", host, port)));
        if (!https) return add(Verdict.skipped("tls", t("check.tls.notUsed")));
        return tls(cfg, to, host, port);
    }

    /** Null when the port accepts connections; else why not. */
    private String tcp(InetSocketAddress to, String host, int port, int timeoutMs) {
        try (Socket s = new Socket()) {
            s.connect(to, timeoutMs);
            return null;
        } catch (ConnectException e) {
            return t("check.tcp.refused", host, port);
        } catch (SocketTimeoutException e) {
            return t("check.tcp.timeout", host, port, timeoutMs);
        } catch (NoRouteToHostException e) {
            return t("check.tcp.noRoute", host, port);
        } catch (IOException e) {
            return t("check.tcp.other", host, port, e.getMessage());
        }
    }

    /** The TLS handshake with the transport's trust store. */
    private ConnectionCheck tls(BridgeConfig cfg, InetSocketAddress to, String host, int port) {
        SSLContext ctx;
        try {
            ctx = HttpTransport.tlsContext(cfg);
        } catch (BridgeException e) {
            return add(Verdict.fail("tls", e.message(language), e.status()));
        }
        int timeoutMs = cfg.connectTimeoutMs();
        try (Socket raw = new Socket()) {
            raw.connect(to, timeoutMs);
            raw.setSoTimeout(timeoutMs);
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, host, port, false)) {
                s.startHandshake();
                return add(Verdict.ok("tls", t("check.tls.ok", host, port, s.getSession().getProtocol())));
            }
        } catch (SocketTimeoutException e) {
            // an HTTP server may wait for the end of a request line the handshake never sends
            return add(Verdict.fail("tls", speaksPlainHttp(to, host, timeoutMs) ? t("check.tls.plainHttp", host, port)
                    : t("check.tls.timeout", host, port, timeoutMs), Status.TLS_FAILED));
        } catch (SSLHandshakeException e) {
            String why = causedBy(e, CertificateException.class) ? t("check.tls.untrusted", host, port, e.getMessage())
                    : speaksPlainHttp(to, host, timeoutMs) ? t("check.tls.plainHttp", host, port)
                    : t("check.tls.fail", host, port, e.getMessage());
            return add(Verdict.fail("tls", why, Status.TLS_FAILED));
        } catch (IOException e) {
            // SSLException "Unsupported or unrecognized SSL message", a reset, an EOF: is it plain HTTP?
            return add(Verdict.fail("tls", speaksPlainHttp(to, host, timeoutMs) ? t("check.tls.plainHttp", host, port)
                    : t("check.tls.fail", host, port, e.getMessage()), Status.TLS_FAILED));
        }
    }

    /** HTTP, login and the protocol, through one Balance of {@link #PROBE_IDENTIFIER} sent by {@code sender}. */
    public ConnectionCheck probe(BridgeConfig cfg, Sender sender) {
        if (failed) return remaining();
        URI uri = cfg.registerUri();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        OperationRequest r = OperationRequest.builder().identifier(Identifier.of(PROBE_IDENTIFIER)).build();
        OperationContext ctx = new OperationContext(Ids.newId(), ProtocolMapper.now(), cfg.deviceLogicalId(), null);
        OperationResult res;
        try {
            res = sender.send(RegisterLane.LIVE, Command.BALANCE, r, ctx, false);
        } catch (TransportException e) {
            String why = e.message(language);
            switch (e.status()) {
                case Status.AUTH_FAILED -> {
                    add(Verdict.ok("http", t("check.http.answered", e.httpStatus())));
                    add(Verdict.fail("authentication", why, e.status()));
                }
                case Status.HTTP_STATUS -> add(Verdict.fail("http", e.httpStatus() >= 500 ? t("check.http.5xx", e.httpStatus()) : why,
                        e.status()));
                // http:// against an HTTPS port: the server drops the plain request, which looks like a broken exchange
                case Status.TIMEOUT -> add(Verdict.fail("http", !https && speaksTls(new InetSocketAddress(host, port), host, port,
                        cfg.connectTimeoutMs()) ? t("check.http.tlsPort", host, port) : t("check.http.timeout", why), e.status()));
                default -> add(Verdict.fail("http", !https && speaksTls(new InetSocketAddress(host, port), host, port,
                        cfg.connectTimeoutMs()) ? t("check.http.tlsPort", host, port) : why, e.status()));
            }
            return remaining();
        } catch (ProtocolException e) {
            add(Verdict.ok("http", t("check.http.ok")));
            add(Verdict.ok("authentication", t("check.login.ok")));
            return add(Verdict.fail("protocol", t("check.request.notLoymax", e.message(language)),
                    e.tooLarge() ? Status.RESPONSE_TOO_LARGE : Status.MALFORMED_RESPONSE));
        } catch (LaneBusyException e) {
            add(Verdict.fail("http", e.message(language), Status.BUSY));
            return remaining();
        }
        add(Verdict.ok("http", t("check.http.ok")));
        add(Verdict.ok("authentication", t("check.login.ok")));
        if (res.ok()) return add(Verdict.ok("protocol", t("check.request.ok")));
        String name = res.error().name();
        if ("CardNotFound".equals(name) || "CardHolderNotFound".equals(name)) {
            return add(Verdict.ok("protocol", t("check.request.unknownCard", res.error().serverCode(), name, res.error().message())));
        }
        return add(Verdict.fail("protocol", t("check.request.error", res.error().serverCode(), name, res.error().message()),
                res.status()));
    }

    /** The probe with a transport of its own (no register open in this process). */
    public ConnectionCheck probeDirect(BridgeConfig cfg) {
        try {
            return probe(cfg, new DirectSender(cfg, new HttpTransport(cfg), language));
        } catch (BridgeException e) {
            return add(Verdict.fail("http", e.message(language), e.status()));
        }
    }

    /** Steps a failure left unjudged are listed as such, so every check shows the same steps. */
    private ConnectionCheck remaining() {
        for (String s : List.of("http", "authentication", "protocol")) {
            boolean present = verdicts.stream().anyMatch(v -> v.step().equals(s));
            if (!present) verdicts.add(Verdict.notJudged(s, language));
        }
        return this;
    }

    /** A plain HTTP request on the port: does an HTTP server answer there (the TLS handshake failed)? */
    private static boolean speaksPlainHttp(InetSocketAddress to, String host, int timeoutMs) {
        try (Socket s = new Socket()) {
            s.connect(to, timeoutMs);
            s.setSoTimeout(timeoutMs);
            OutputStream o = s.getOutputStream();
            o.write(("HEAD / HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            o.flush();
            InputStream in = s.getInputStream();
            byte[] b = in.readNBytes(5);
            return new String(b, StandardCharsets.US_ASCII).equals("HTTP/");
        } catch (IOException e) {
            return false;
        }
    }

    /** Does the port complete a TLS handshake (any certificate)? Asked when http:// failed: the port may be an HTTPS one. */
    private static boolean speaksTls(InetSocketAddress to, String host, int port, int timeoutMs) {
        try (Socket raw = new Socket()) {
            raw.connect(to, timeoutMs);
            raw.setSoTimeout(timeoutMs);
            SSLContext any = SSLContext.getInstance("TLS");
            any.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    // only "is this TLS at all": nothing is sent over this connection
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            try (SSLSocket s = (SSLSocket) any.getSocketFactory().createSocket(raw, host, port, false)) {
                s.startHandshake();
                return true;
            }
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) return true;
        }
        return false;
    }

    public Report report() {
        for (Verdict v : verdicts) {
            if (Boolean.FALSE.equals(v.ok())) {
                return new Report(List.copyOf(verdicts), v.status() == 0 ? Status.INTERNAL : v.status(),
                        Verdict.stepName(v.step(), language) + ": " + v.text(), language);
            }
        }
        return new Report(List.copyOf(verdicts), Status.OK, null, language);
    }
}
