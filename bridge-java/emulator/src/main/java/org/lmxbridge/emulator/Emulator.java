package org.lmxbridge.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.lmxbridge.emulator.internal.Engine;

/**
 * A running Loymax processing emulator (protocol 3.2) on 127.0.0.1: the reference peer of the bridge's tests,
 * the demo and register vendors' integration tests.
 *
 * <pre>{@code
 * try (Emulator emu = Emulator.start(EmulatorOptions.defaults())) {
 *     URI url = emu.registerUrl("demo-partner", "reg01");   // POST protocol XML here, Basic reg01:secret
 *     emu.faults().dropAfterApply(1).command("Payment");     // the next Payment is applied, its answer lost
 *     LedgerSnapshot ledger = emu.ledger();
 * }
 * }</pre>
 */
public final class Emulator implements AutoCloseable {
    private final Engine engine;

    private Emulator(Engine engine) {
        this.engine = engine;
    }

    /** Loads the seed, opens the state (file or memory) and starts serving. */
    public static Emulator start(EmulatorOptions options) throws IOException {
        return new Emulator(Engine.start(options));
    }

    /** The bound TCP port. */
    public int port() {
        return engine.port();
    }

    /** {@code http://127.0.0.1:{port}} (no trailing slash). */
    public String baseUrl() {
        return engine.baseUrl();
    }

    /** {@code http://127.0.0.1:{port}/XmlExchange/{partner}/{login}/}. */
    public URI registerUrl(String partner, String login) {
        return URI.create(baseUrl() + "/XmlExchange/" + encode(partner) + "/" + encode(login) + "/");
    }

    /** The live fault settings; changes take effect for the next request. */
    public Faults faults() {
        return engine.faults();
    }

    /** Applied operations per register and card balances. */
    public LedgerSnapshot ledger() {
        return engine.ledger();
    }

    /** Request counts and concurrency per register. */
    public MetricsSnapshot metrics() {
        return engine.metrics();
    }

    /** Clears counters and concurrency maxima. */
    public void resetMetrics() {
        engine.resetMetrics();
    }

    /** The cards as they are now (seeded test data). */
    /**
     * Changes a card's status at run time: {@code "active"}, {@code "notActivated"} or {@code "blocked"}
     * (also {@code POST /admin/cards}). False when there is no such card.
     */
    public boolean setCardStatus(String number, String status) {
        return engine.setCardStatus(number, status);
    }

    public List<TestCard> cards() {
        return engine.cards();
    }

    /** The bonus currency written in BalanceResponse/@Currency. */
    public String currency() {
        return engine.currency();
    }

    /** Stops the server and closes the database. */
    @Override
    public void close() {
        engine.close();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
