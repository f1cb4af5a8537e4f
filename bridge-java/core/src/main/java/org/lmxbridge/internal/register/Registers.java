package org.lmxbridge.internal.register;

import java.util.HashMap;
import java.util.Map;
import org.lmxbridge.BridgeConfig;
import org.lmxbridge.BridgeException;

/**
 * The registers open in this process, by register identity (URL + login): every session of one
 * register shares one {@link Register} — one lane, one queue — however many handles, threads or
 * front ends (C ABI, COM, Java) use it, with the settings of the session that opened it (a later session
 * that gives other settings is logged as a warning naming the keys). Closed when its last session closes.
 */
public final class Registers {
    private Registers() {
    }

    private static final Map<String, Entry> OPEN = new HashMap<>();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Registers.class);

    private static final class Entry {
        final Register register;
        int users;

        Entry(Register register) {
            this.register = register;
        }
    }

    public static synchronized Register acquire(BridgeConfig cfg) throws BridgeException {
        Entry e = OPEN.get(cfg.registerKey());
        if (e == null) {
            e = new Entry(new Register(cfg));
            OPEN.put(cfg.registerKey(), e);
        } else {
            // the open register keeps its settings (one lane, one queue, one transport): say so when this
            // session asked for others — e.g. a changed password or dataDir while another session is open
            java.util.SortedSet<String> differ = cfg.keysDifferingFrom(e.register.config());
            if (!differ.isEmpty()) {
                LOG.warn("register {} is already open in this process with other settings ({}): this session uses the open "
                        + "register's settings until every session of it is closed", cfg.register(), String.join(", ", differ));
            }
        }
        e.users++;
        return e.register;
    }

    /** True when a register with this identity ({@link BridgeConfig#registerKey()}) is open in this process. */
    public static synchronized boolean isOpen(String registerKey) {
        return OPEN.containsKey(registerKey);
    }

    /** The registers open now (a copy), for the metrics. */
    public static synchronized java.util.List<Register> open() {
        java.util.List<Register> l = new java.util.ArrayList<>();
        for (Entry e : OPEN.values()) l.add(e.register);
        return l;
    }

    public static synchronized void release(Register r) {
        String key = r.config().registerKey();
        Entry e = OPEN.get(key);
        if (e == null || e.register != r) return;
        if (--e.users <= 0) {
            OPEN.remove(key);
            r.close();
        }
    }
}
