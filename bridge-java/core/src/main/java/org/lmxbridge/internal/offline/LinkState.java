package org.lmxbridge.internal.offline;

import org.lmxbridge.internal.log.Mask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the register knows about its link to processing: online or offline (since when, why), the
 * replay pause (why, until when), and the signal that wakes the replay worker. Shared by the
 * policy, the replay worker and the queue admin of one register.
 */
final class LinkState {
    private static final Logger log = LoggerFactory.getLogger(LinkState.class);

    private final String reg;
    private final Object wake = new Object();
    private boolean woken;
    volatile boolean closed;
    private volatile boolean offline;
    private volatile String offlineReason;
    private volatile long offlineSince;
    volatile long lastProbeAt;
    volatile long lastProbeFailedAt;
    private volatile String pausedReason;
    private volatile long pausedUntil;
    volatile boolean probeNow;
    /** The purchase whose queued item the replay worker is forwarding right now (null between items). */
    volatile String forwarding;

    LinkState(String reg) {
        this.reg = reg;
    }

    boolean offline() {
        return offline;
    }

    String offlineReason() {
        return offlineReason;
    }

    long offlineSince() {
        return offlineSince;
    }

    String pausedReason() {
        return pausedReason;
    }

    long pausedUntil() {
        return pausedUntil;
    }

    void goOffline(String reason) {
        if (!offline) {
            offlineSince = System.currentTimeMillis();
            offlineReason = reason;
            log.warn("{} processing unreachable, offline mode: {}", reg, Mask.text(reason));
        }
        offline = true;
        wake();
    }

    void goOnline(String how) {
        if (offline) {
            log.info("{} processing reachable again ({}); offline for {} s", reg, how, (System.currentTimeMillis() - offlineSince) / 1000);
        }
        offline = false;
        offlineReason = null;
        wake();
    }

    void pause(String reason, long forMs) {
        if (!reason.equals(pausedReason)) log.warn("{} replay paused: {}", reg, reason);
        pausedReason = reason;
        pausedUntil = System.currentTimeMillis() + forMs;
    }

    void unpause() {
        pausedReason = null;
        pausedUntil = 0;
    }

    /** Clears only the reason (the item left the queue: status never shows an empty queue still "paused"). */
    void clearPausedReason() {
        pausedReason = null;
    }

    void wake() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    void sleepUntil(long at) {
        synchronized (wake) {
            while (!woken && !closed) {
                long d = at - System.currentTimeMillis();
                if (d <= 0) break;
                try {
                    wake.wait(d);
                } catch (InterruptedException e) {
                    if (closed) return;
                }
            }
            woken = false;
        }
    }
}
