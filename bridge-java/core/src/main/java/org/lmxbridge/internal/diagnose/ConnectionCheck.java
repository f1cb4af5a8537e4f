package org.lmxbridge.internal.diagnose;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.BridgeException;
import org.lmxbridge.Status;
import org.lmxbridge.internal.lane.LaneBusyException;
import org.lmxbridge.internal.lane.RegisterLane;
import org.lmxbridge.internal.offline.Sender;
import org.lmxbridge.internal.protocol.OperationContext;
import org.lmxbridge.internal.protocol.ProtocolException;
import org.lmxbridge.internal.protocol.ProtocolMapper;
import org.lmxbridge.internal.register.Ids;
import org.lmxbridge.internal.text.OperationsTexts;
import org.lmxbridge.internal.transport.HttpTransport;
import org.lmxbridge.internal.transport.TransportException;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;

/**
 * The connection check of a register, step by step, in plain sentences: configuration, data folder,
 * offline queue, name resolution, TCP connection, then TLS, authentication and the protocol through
 * one Balance of an identifier no card has (processing answers CardNotFound, which proves login and
 * protocol work). It stops judging at the first step that fails (later steps cannot be judged then).
 * The same steps serve {@code loymax-bridge check}, the {@code check} command ({@code lmx_test_connection},
 * COM's {@code TestConnection}, the 1C add-in's {@code ПроверитьСвязь}) and the console's button.
 */
public final class ConnectionCheck {
    /** An identifier no card has. */
    public static final String PROBE_IDENTIFIER = "0000000000000";

    private final List<Verdict> verdicts = new ArrayList<>();
    private boolean failed;

    /** The outcome: every verdict, and the first failure's status and sentence (0 and null when all passed). */
    public record Report(List<Verdict> verdicts, int status, String failure) {
        public boolean passed() {
            return status == Status.OK;
        }

        /** The check as a command result: {@code checks} holds the verdicts; a failure is the first failing step's. */
        public OperationResult toResult() {
            OperationResult r = new OperationResult().command(Command.CHECK.jsonName());
            List<java.util.Map<String, Object>> l = new ArrayList<>();
            for (Verdict v : verdicts) l.add(v.toMap());
            r.checks(l);
            if (status != Status.OK) r.fail(status, Status.errorName(status), null, failure);
            return r;
        }
    }

    /** Adds a verdict judged elsewhere (the configuration as parsed, the queue as found). */
    public ConnectionCheck add(Verdict v) {
        if (failed) {
            verdicts.add(Verdict.notJudged(v.step()));
            return this;
        }
        verdicts.add(v);
        if (Boolean.FALSE.equals(v.ok())) failed = true;
        return this;
    }

    public ConnectionCheck configuration(BridgeConfig cfg) {
        return add(Verdict.ok("configuration", OperationsTexts.configurationOk(cfg.register(), cfg.login(),
                cfg.registerUri().toString())));
    }

    /** The data folder can be created and written (a file is created and deleted). */
    public ConnectionCheck dataFolder(Path dir) {
        if (failed) return add(Verdict.notJudged("dataFolder"));
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".check", ".tmp");
            Files.delete(probe);
            return add(Verdict.ok("dataFolder", OperationsTexts.dataFolderOk(dir.toString())));
        } catch (IOException | RuntimeException e) {
            return add(Verdict.fail("dataFolder", OperationsTexts.dataFolderFails(dir.toString(), String.valueOf(e.getMessage())),
                    Status.STORAGE_FAILED));
        }
    }

    /** Name resolution and a TCP connection to processing's host and port. */
    public ConnectionCheck network(BridgeConfig cfg) {
        URI uri = cfg.registerUri();
        String host = uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
        if (failed) {
            add(Verdict.notJudged("nameResolution"));
            return add(Verdict.notJudged("connection"));
        }
        InetAddress addr;
        try {
            addr = InetAddress.getByName(host);
            add(Verdict.ok("nameResolution", OperationsTexts.nameResolved(host, addr.getHostAddress())));
        } catch (UnknownHostException e) {
            add(Verdict.fail("nameResolution", OperationsTexts.nameNotResolved(host), Status.CONNECT_FAILED));
            return add(Verdict.notJudged("connection"));
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(addr, port), cfg.connectTimeoutMs());
            return add(Verdict.ok("connection", OperationsTexts.connected(port, host)));
        } catch (IOException e) {
            return add(Verdict.fail("connection", OperationsTexts.notConnected(host, port, String.valueOf(e.getMessage())),
                    Status.CONNECT_FAILED));
        }
    }

    /** TLS, authentication and the protocol, through one Balance of {@link #PROBE_IDENTIFIER} sent by {@code sender}. */
    public ConnectionCheck probe(BridgeConfig cfg, Sender sender) {
        boolean https = "https".equalsIgnoreCase(cfg.registerUri().getScheme());
        if (failed) {
            if (https) add(Verdict.notJudged("tls"));
            add(Verdict.notJudged("authentication"));
            return add(Verdict.notJudged("protocol"));
        }
        OperationRequest r = OperationRequest.builder().identifier(Identifier.of(PROBE_IDENTIFIER)).build();
        OperationContext ctx = new OperationContext(Ids.newId(), ProtocolMapper.now(), cfg.deviceLogicalId(), null);
        OperationResult res;
        try {
            res = sender.send(RegisterLane.LIVE, Command.BALANCE, r, ctx, false);
        } catch (TransportException e) {
            String step = switch (e.status()) {
                case Status.TLS_FAILED -> "tls";
                case Status.AUTH_FAILED -> "authentication";
                default -> "protocol";
            };
            if (https && !"tls".equals(step)) add(Verdict.ok("tls", OperationsTexts.tlsOk()));
            if ("protocol".equals(step)) add(Verdict.ok("authentication", OperationsTexts.authenticationOk()));
            add(Verdict.fail(step, e.getMessage(), e.status()));
            return remaining(https);
        } catch (ProtocolException e) {
            if (https) add(Verdict.ok("tls", OperationsTexts.tlsOk()));
            add(Verdict.ok("authentication", OperationsTexts.authenticationOk()));
            return add(Verdict.fail("protocol", e.getMessage(), e.tooLarge() ? Status.RESPONSE_TOO_LARGE : Status.MALFORMED_RESPONSE));
        } catch (LaneBusyException e) {
            add(Verdict.fail("protocol", e.getMessage(), Status.BUSY));
            return remaining(https);
        }
        if (https) add(Verdict.ok("tls", OperationsTexts.tlsOk()));
        add(Verdict.ok("authentication", OperationsTexts.authenticationOk()));
        if (res.ok()) return add(Verdict.ok("protocol", OperationsTexts.protocolOk()));
        if (res.status() >= 200 && res.status() < 300) {
            return add(Verdict.ok("protocol", OperationsTexts.protocolOkUnknownCard(res.error().name(), res.error().message())));
        }
        return add(Verdict.fail("protocol", res.error().message(), res.status()));
    }

    /** The probe with a transport of its own (no register open in this process). */
    public ConnectionCheck probeDirect(BridgeConfig cfg) {
        try {
            return probe(cfg, new DirectSender(cfg, new HttpTransport(cfg)));
        } catch (BridgeException e) {
            return add(Verdict.fail("protocol", e.getMessage(), e.status()));
        }
    }

    /** Steps the failure left unjudged are listed as such, so every check shows the same steps. */
    private ConnectionCheck remaining(boolean https) {
        List<String> all = new ArrayList<>(List.of("authentication", "protocol"));
        if (https) all.add(0, "tls");
        for (String s : all) {
            boolean present = verdicts.stream().anyMatch(v -> v.step().equals(s));
            if (!present) verdicts.add(Verdict.notJudged(s));
        }
        return this;
    }

    public Report report() {
        for (Verdict v : verdicts) {
            if (Boolean.FALSE.equals(v.ok())) {
                return new Report(List.copyOf(verdicts), v.status() == 0 ? Status.INTERNAL : v.status(),
                        OperationsTexts.stepName(v.step()) + ": " + v.text());
            }
        }
        return new Report(List.copyOf(verdicts), Status.OK, null);
    }
}
