package org.lmxbridge;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.lmxbridge.internal.register.Ids;
import org.lmxbridge.internal.register.Register;
import org.lmxbridge.internal.register.Registers;
import org.lmxbridge.internal.request.RequestValidator;
import org.lmxbridge.internal.text.CallLanguage;
import org.lmxbridge.internal.text.Msg;
import org.lmxbridge.model.Cheque;
import org.lmxbridge.model.Command;
import org.lmxbridge.model.Identifier;
import org.lmxbridge.model.OperationRequest;
import org.lmxbridge.model.OperationResult;

/**
 * The typed Java API: one register session. Thread-safe; every request of the register goes
 * through its serial lane. Methods never throw: a failure is a result with {@code ok() == false},
 * a {@link Status} code and a sentence ({@link OperationResult#error()}).
 *
 * <pre>{@code
 * try (Bridge b = Bridge.open("{\"url\":\"…\",\"login\":\"reg01\",\"password\":\"…\"}")) {
 *     OperationResult calc = b.calculate(request);
 *     OperationResult paid = b.pay(request.withPurchaseId(calc.purchaseId()) …);
 * }
 * }</pre>
 */
public final class Bridge implements AutoCloseable {
    private final Register register;
    /** This session's language: its own configuration's, whatever the shared register was opened with. */
    private final Language language;
    private volatile boolean closed;

    private Bridge(Register register, Language language) {
        this.register = register;
        this.language = language;
    }

    /** Opens a session for the register of {@code config}. */
    public static Bridge open(BridgeConfig config) throws BridgeException {
        try {
            return new Bridge(Registers.acquire(config), config.language());
        } catch (BridgeException e) {
            throw e.inLanguage(config.language());
        }
    }

    /** Opens a session from a JSON configuration or the path of a JSON file. */
    public static Bridge open(String configJsonOrPath) throws BridgeException {
        return open(BridgeConfig.parse(configJsonOrPath));
    }

    public BridgeConfig config() {
        return register.config();
    }

    /** The language of this session's sentences. */
    public Language language() {
        return language;
    }

    public OperationResult balance(Identifier identifier) {
        return execute(Command.BALANCE, OperationRequest.builder().identifier(identifier).build());
    }

    public OperationResult calculate(OperationRequest r) {
        return execute(Command.CALCULATE, r);
    }

    public OperationResult availableAmount(OperationRequest r) {
        return execute(Command.AVAILABLE_AMOUNT, r);
    }

    /** Bonus redemption of {@code r.amount()}. Never repeated by the bridge with a new operation id. */
    public OperationResult pay(OperationRequest r) {
        return execute(Command.PAY, r);
    }

    /** Final calculation with the payment split; accrual. Queued when processing is unreachable. */
    public OperationResult discount(OperationRequest r) {
        return execute(Command.DISCOUNT, r);
    }

    public OperationResult confirm(String purchaseId) {
        return execute(Command.CONFIRM, OperationRequest.builder().purchaseId(purchaseId).build());
    }

    public OperationResult cancel(String purchaseId) {
        return execute(Command.CANCEL, OperationRequest.builder().purchaseId(purchaseId).build());
    }

    public OperationResult refund(OperationRequest r) {
        return execute(Command.REFUND, r);
    }

    /** The connection check: each step's verdict in {@code checks}; a failure is the first failing step's. */
    public OperationResult check() {
        return execute(Command.CHECK, OperationRequest.builder().build());
    }

    /** Online state, queue length, oldest queued age, dead items. */
    public OperationResult status() {
        return execute(Command.STATUS, OperationRequest.builder().build());
    }

    /** Runs any command of the vocabulary. Never throws. */
    public OperationResult execute(Command command, OperationRequest request) {
        OperationResult r;
        long t0 = System.nanoTime();
        boolean clock = org.lmxbridge.internal.register.CallClock.begin();
        Language outer = CallLanguage.begin(language); // the register's shared parts speak this session's language
        try {
            r = run(command, request == null ? OperationRequest.builder().build() : request);
        } catch (BridgeException e) {
            r = OperationResult.failure(e.status(), Status.errorName(e.status()), null, e.message(language));
        } catch (VirtualMachineError e) { // OutOfMemoryError, StackOverflowError: this call fails, the next works
            r = OperationResult.failure(Status.RESOURCE_EXHAUSTED, Status.errorName(Status.RESOURCE_EXHAUSTED), null,
                    Msg.of(e instanceof StackOverflowError ? "call.exhausted.stack" : "call.exhausted.memory").in(language));
        } catch (RuntimeException | LinkageError e) {
            r = OperationResult.failure(Status.INTERNAL, Status.errorName(Status.INTERNAL), null,
                    Msg.of("internal.error", e).in(language));
        } finally {
            CallLanguage.end(outer);
            org.lmxbridge.internal.register.CallClock.end(clock);
        }
        if (r.command() == null) r.command(command.jsonName());
        if (command.isProcessing()) {
            register.metrics().operation(command, r);
            org.lmxbridge.internal.log.OperationLog.write(register.config(), command.jsonName(), r,
                    System.nanoTime() - t0, !register.offline().isOffline());
        }
        return r;
    }

    private OperationResult run(Command command, OperationRequest request) throws BridgeException {
        if (closed) throw Msg.of("session.closed").error(Status.INVALID_HANDLE);
        switch (command) {
            case VERSION:
                return new OperationResult().version(BridgeVersion.VERSION);
            case STATUS:
                return register.status();
            case QUEUE:
                return register.queue(request);
            case CHECK:
                return register.check();
            default:
                break;
        }
        RequestValidator.validate(command, request);
        OperationRequest r = request;
        if (r.purchaseId() == null && needsPurchase(command)) {
            r = r.withPurchaseId(Ids.newId());
        }
        if (r.cheque() != null && r.cheque().date() == null) {
            // the cheque's date is the register's wall clock now; fixed here, before anything is queued,
            // so a replay carries the time of the sale (promotions are evaluated on it)
            r = r.withCheque(new Cheque(r.cheque().number(), LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS),
                    r.cheque().lines()));
        }
        return register.execute(command, r);
    }

    private static boolean needsPurchase(Command c) {
        return List.of(Command.CALCULATE, Command.AVAILABLE_AMOUNT, Command.PAY, Command.DISCOUNT, Command.REFUND).contains(c);
    }

    /** The call counters of this session's register (the metrics). */
    org.lmxbridge.internal.metrics.RegisterMetrics metrics() {
        return register.metrics();
    }

    /** Closes this session; the register closes with its last session. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        Registers.release(register);
    }
}
