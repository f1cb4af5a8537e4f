package org.lmxbridge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
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
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Language;
import org.lmxbridge.Status;
import org.lmxbridge.internal.protocol.OperationContext;
import org.lmxbridge.internal.protocol.ProtocolCodec;
import org.lmxbridge.internal.protocol.ProtocolException;
import org.lmxbridge.internal.protocol.ProtocolMapper;
import org.lmxbridge.internal.protocol.XmlRequestEnvelope;
import org.lmxbridge.internal.register.Ids;
import org.lmxbridge.internal.text.Msg;
import org.lmxbridge.internal.transport.HttpTransport;
import org.lmxbridge.internal.transport.TransportException;

import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code check --config FILE}: diagnoses a register step by step — configuration, data folder, name
 * resolution, TCP, TLS, HTTP, login, a harmless request — each step one verdict with its cause, in
 * the chosen language, stopping at the first step that fails (the later ones cannot be judged then).
 *
 * <p>The request is one Balance of an identifier no card has, sent straight through the transport:
 * not through the register's lane and offline policy (they would turn "unreachable" into an offline
 * refusal for the cashier and hide the cause), and without opening the register's queue (a running
 * register program keeps it locked).
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Diagnoses the configured register step by step: configuration, data folder, name resolution, "
                + "TCP connection, TLS, HTTP, login and a harmless request, each with its verdict and cause. "
                + "Exit code 0 when all is well, 1 when a step fails, 2 on wrong usage."})
final class CheckCommand implements Callable<Integer> {
    /** An identifier no card has: processing answers CardNotFound, which proves login and protocol work. */
    static final String PROBE_IDENTIFIER = "0000000000000";

    @Option(names = "--config", paramLabel = "FILE", description = "register configuration (JSON file)")
    String config;

    @Option(names = "--com", description = "diagnose the COM registration (both bitnesses, both hives) with lmx_comcheck.exe; "
            + "needs no Java on the register's side")
    boolean com;

    @Option(names = "--lang", paramLabel = "ru|en", description = "language of the diagnosis (default: the configuration's "
            + "\"language\", else ru)")
    Language lang;

    private PrintStream out;
    private Language language;

    @Override
    public Integer call() {
        out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        language = Cli.language(lang, config);
        if (com) return comCheck();
        if (config == null) {
            out.println(t("cli.check.usage"));
            return 2;
        }
        BridgeConfig cfg;
        try {
            cfg = BridgeConfig.parse(config, language);
        } catch (BridgeException e) {
            return fail("cli.step.config", e.message(language));
        }
        if (lang != null) cfg = cfg.withLanguage(lang);
        CliLogging.init(cfg.dataDir(), cfg.logLevel());
        ok("cli.step.config", t("cli.check.config.ok", cfg.register(), cfg.login(), cfg.registerUri()));
        if (!checkDataDir(cfg.dataDir())) return 1;
        URI uri = cfg.registerUri();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        InetAddress addr;
        try {
            addr = InetAddress.getByName(host);
            ok("cli.step.dns", t("cli.check.dns.ok", host, addr.getHostAddress()));
        } catch (UnknownHostException e) {
            return fail("cli.step.dns", t("cli.check.dns.fail", host));
        }
        InetSocketAddress to = new InetSocketAddress(addr, port);
        String tcp = tcp(to, host, port, cfg.connectTimeoutMs());
        if (tcp != null) return fail("cli.step.tcp", tcp);
        ok("cli.step.tcp", t("cli.check.tcp.ok", host, port));
        if (https) {
            String tls = tls(cfg, to, host, port);
            if (tls != null) return fail("cli.step.tls", tls);
        } else {
            skipped("cli.step.tls", t("cli.check.tls.notUsed"));
        }
        return exchange(cfg, to, host, port, https);
    }

    /** Null when the port accepts connections; else why not. */
    private String tcp(InetSocketAddress to, String host, int port, int timeoutMs) {
        try (Socket s = new Socket()) {
            s.connect(to, timeoutMs);
            return null;
        } catch (ConnectException e) {
            return t("cli.check.tcp.refused", host, port);
        } catch (SocketTimeoutException e) {
            return t("cli.check.tcp.timeout", host, port, timeoutMs);
        } catch (NoRouteToHostException e) {
            return t("cli.check.tcp.noRoute", host, port);
        } catch (IOException e) {
            return t("cli.check.tcp.other", host, port, e.getMessage());
        }
    }

    /** The TLS handshake with the transport's trust store; prints the verdict's OK, returns the cause of a failure. */
    private String tls(BridgeConfig cfg, InetSocketAddress to, String host, int port) {
        SSLContext ctx;
        try {
            ctx = HttpTransport.tlsContext(cfg);
        } catch (BridgeException e) {
            return e.message(language);
        }
        try (Socket raw = new Socket()) {
            raw.connect(to, cfg.connectTimeoutMs());
            raw.setSoTimeout(cfg.connectTimeoutMs());
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, host, port, false)) {
                s.startHandshake();
                ok("cli.step.tls", t("cli.check.tls.ok", host, port, s.getSession().getProtocol()));
                return null;
            }
        } catch (SocketTimeoutException e) {
            // an HTTP server may wait for the end of a request line the handshake never sends
            return speaksPlainHttp(to, host, cfg.connectTimeoutMs()) ? t("cli.check.tls.plainHttp", host, port)
                    : t("cli.check.tls.timeout", host, port, cfg.connectTimeoutMs());
        } catch (SSLHandshakeException e) {
            if (causedBy(e, CertificateException.class)) return t("cli.check.tls.untrusted", host, port, e.getMessage());
            return speaksPlainHttp(to, host, cfg.connectTimeoutMs()) ? t("cli.check.tls.plainHttp", host, port)
                    : t("cli.check.tls.fail", host, port, e.getMessage());
        } catch (IOException e) {
            // SSLException "Unsupported or unrecognized SSL message", a reset, an EOF: is it plain HTTP?
            return speaksPlainHttp(to, host, cfg.connectTimeoutMs()) ? t("cli.check.tls.plainHttp", host, port)
                    : t("cli.check.tls.fail", host, port, e.getMessage());
        }
    }

    /** The Balance probe through the transport: HTTP, login, and what processing answered. */
    private int exchange(BridgeConfig cfg, InetSocketAddress to, String host, int port, boolean https) {
        OperationRequest req = OperationRequest.builder().identifier(Identifier.of(PROBE_IDENTIFIER)).build();
        OperationContext ctx = new OperationContext(Ids.newId(), ProtocolMapper.now(), cfg.deviceLogicalId(), null);
        ProtocolCodec codec = new ProtocolCodec();
        byte[] answer;
        try {
            HttpTransport transport = new HttpTransport(cfg);
            answer = transport.post(codec.encode(XmlRequestEnvelope.of(ProtocolMapper.toXml(org.lmxbridge.model.Command.BALANCE, req, ctx)),
                    cfg.charset()));
        } catch (BridgeException e) {
            return fail("cli.step.tls", e.message(language)); // the trust store cannot be loaded
        } catch (TransportException e) {
            return switch (e.status()) {
                case Status.AUTH_FAILED -> {
                    ok("cli.step.http", t("cli.check.http.answered", e.httpStatus()));
                    yield fail("cli.step.login", e.message(language));
                }
                case Status.HTTP_STATUS -> fail("cli.step.http", e.httpStatus() >= 500
                        ? t("cli.check.http.5xx", e.httpStatus()) : e.message(language));
                case Status.TLS_FAILED -> fail("cli.step.tls", e.message(language));
                // http:// against an HTTPS port: the server drops the plain request, which looks like a broken exchange
                case Status.TIMEOUT -> fail("cli.step.http", !https && speaksTls(to, host, port, cfg.connectTimeoutMs())
                        ? t("cli.check.http.tlsPort", host, port) : t("cli.check.http.timeout", e.message(language)));
                default -> fail("cli.step.http", !https && speaksTls(to, host, port, cfg.connectTimeoutMs())
                        ? t("cli.check.http.tlsPort", host, port) : e.message(language));
            };
        }
        ok("cli.step.http", t("cli.check.http.ok"));
        OperationResult r;
        try {
            r = ProtocolMapper.toResult(org.lmxbridge.model.Command.BALANCE, codec.decode(answer), language);
        } catch (ProtocolException e) {
            ok("cli.step.login", t("cli.check.login.ok"));
            return fail("cli.step.request", t("cli.check.request.notLoymax", e.message(language)));
        }
        ok("cli.step.login", t("cli.check.login.ok"));
        if (r.ok()) {
            ok("cli.step.request", t("cli.check.request.ok"));
        } else if ("CardNotFound".equals(r.error().name()) || "CardHolderNotFound".equals(r.error().name())) {
            ok("cli.step.request", t("cli.check.request.unknownCard", r.error().serverCode(), r.error().name(), r.error().message()));
        } else {
            return fail("cli.step.request", t("cli.check.request.error", r.error().serverCode(), r.error().name(), r.error().message()));
        }
        out.println(t("cli.check.allPassed"));
        return 0;
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
        } catch (IOException | java.security.GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) return true;
        }
        return false;
    }

    /**
     * Runs the native COM diagnostic shipped beside the DLLs (x64\\ and x86\\ of the install folder,
     * or the folder of the jar): it reads the registry of both views and hives and the DLLs' PE
     * headers, so it needs no Java — this is only a convenient way to reach it.
     */
    private int comCheck() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
            out.println(t("cli.check.com.notWindows"));
            return 2;
        }
        Path base;
        try {
            base = Path.of(CheckCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            base = Path.of(".");
        }
        int worst = 0;
        boolean found = false;
        for (String sub : new String[] {"", "x64", "x86", "windows-x64", "windows-x86"}) {
            Path exe = base.resolve(sub).resolve("lmx_comcheck.exe");
            if (!Files.isRegularFile(exe)) continue;
            found = true;
            try {
                Process p = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
                out.println("== " + exe);
                out.print(new String(p.getInputStream().readAllBytes(), java.nio.charset.Charset.defaultCharset()));
                worst = Math.max(worst, p.waitFor());
            } catch (IOException e) {
                out.println("[FAIL] " + t("cli.check.com.cannotRun", exe, e.getMessage()));
                worst = 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        if (!found) {
            out.println("[FAIL] " + t("cli.check.com.notFound", base));
            return 1;
        }
        return worst == 0 ? 0 : 1;
    }

    private boolean checkDataDir(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".check", ".tmp");
            Files.delete(probe);
            ok("cli.step.dataDir", t("cli.check.dataDir.ok", dir));
            return true;
        } catch (IOException | RuntimeException e) {
            fail("cli.step.dataDir", t("cli.check.dataDir.fail", dir, e.getMessage()));
            return false;
        }
    }

    private String t(String key, Object... args) {
        return Msg.of(key, args).in(language);
    }

    private void ok(String step, String text) {
        out.println("[ OK ] " + t(step) + ": " + text);
    }

    private void skipped(String step, String text) {
        out.println("[ -- ] " + t(step) + ": " + text);
    }

    /** Prints the failed step and its cause; the exit code 1. */
    private int fail(String step, String cause) {
        out.println("[FAIL] " + t(step) + ": " + cause);
        return 1;
    }
}
